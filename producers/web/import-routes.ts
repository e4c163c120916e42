import type { Hono } from "hono";
import { importGuestListCsv } from "../import/guest-import.ts";
import { RegistrationClosedError, said } from "./errors.ts";
import { maxImportBytes, readImportForm } from "./host-forms.ts";
import type { HostEnv, HostRouteDeps, HostRouteKit } from "./host-routes.ts";
import { importPage, importResultPage } from "./import-pages.ts";
import { registrationStateOf } from "./register-handlers.ts";
import { limitBody } from "./request-body.ts";

/** The guest list import's routes: the form, and the upload, answered with what it did. */
export function importRoutes(app: Hono<HostEnv>, deps: HostRouteDeps, kit: HostRouteKit): void {
  const { host, eventOf, base } = kit;

  app.get("/h/:hostToken/import", host, (c) => {
    c.header("Cache-Control", "no-store");
    return c.html(
      importPage({ eventName: eventOf(c).name, language: eventOf(c).details.language, base: base(c) }),
    );
  });

  app.post(
    "/h/:hostToken/import",
    host,
    limitBody(
      maxImportBytes,
      said("host.uploadTooLarge", { mb: maxImportBytes / 1024 / 1024 }),
      said("host.uploadTooLargeHint"),
    ),
    async (c) => {
      const event = eventOf(c);
      // The keeper refuses registrations then anyway; the host should hear it now, not find an empty list.
      const now = deps.clock.now();
      const state = registrationStateOf(event, now);
      if (state === "closed")
        throw new RegistrationClosedError(said("host.importClosed"), undefined, {
          hint: said("host.importClosedHint"),
        });
      if (state === "started")
        throw new RegistrationClosedError(said("host.importStarted"), undefined, {
          hint: said("host.importStartedHint"),
        });
      const upload = await readImportForm(c.req);
      const result = await importGuestListCsv(
        { queue: deps.queue, reader: deps.reader },
        {
          eventId: event.eventId,
          file: upload.file,
          preConfirmed: upload.preConfirmed,
          issuedAt: now,
          questions: event.settings.questions,
        },
      );
      c.header("Cache-Control", "no-store");
      // Nothing usable at all (no email column, every row bad) is the client's problem; a partial list is not.
      const usable = result.queued + result.alreadyImported;
      const status = usable === 0 && result.errors.length > 0 ? 400 : 200;
      return c.html(
        importResultPage({
          eventName: event.name,
          language: event.details.language,
          base: base(c),
          result,
          preConfirmed: upload.preConfirmed,
        }),
        status,
      );
    },
  );
}
