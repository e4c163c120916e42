import type { Context, Hono } from "hono";
import { stream } from "hono/streaming";
import { Id } from "../../contracts/common.ts";
import type { EventRecord } from "../../contracts/event.ts";
import { eventReconfirmTimes } from "../../core/reconfirm.ts";
import { noticeApplies } from "../../core/seat-keeper.ts";
import { guestListCsv, guestListCsvChunks, guestListRows } from "../host/guest-list.ts";
import { approvalRoutes, requestsSectionOf } from "./approval-routes.ts";
import { NotFoundError, said } from "./errors.ts";
import { exportOffer, guestListExportRoutes } from "./guest-list-export.ts";
import { guestListPage } from "./guest-list-pages.ts";
import {
  downloadsInParts,
  pagedGuestList,
  pagedGuestListCsv,
  pagedGuestListJson,
  pagesTheList,
} from "./guest-list-paging.ts";
import { ButtonForm, readHostForm } from "./host-forms.ts";
import type { HostHandView } from "./host-hand-pages.ts";
import { hostHandRoutes } from "./host-hand-routes.ts";
import type { HostEnv, HostRouteDeps, HostRouteKit } from "./host-routes.ts";
import { wantsJson } from "./negotiation.ts";

/**
 * The guest list's routes: the page (one page of guests per request, and a search: guest-list-paging.ts; read
 * whole only from a store that cannot page), its CSV (streamed whole, or in parts on AWS), the host's hand on it
 * (host-hand-routes.ts), the requests waiting for approval (approval-routes.ts) and the re-send of a guest's link.
 */
export function guestListRoutes(app: Hono<HostEnv>, deps: HostRouteDeps, kit: HostRouteKit): void {
  const { host, formLimit, eventOf, base, formIdFor, noticeOf, enqueue } = kit;

  /** The guest list page; `problem`: a host-hand form that came back refused, shown beside itself (422). */
  const guestList = async (c: Context<HostEnv>, problem: HostHandView["problem"] = null) => {
    const event = eventOf(c);
    // The host pages through the list, 500 guests a page (a 100,000-guest page was 166 MB of HTML), and may
    // search it where the store can (embedded).
    if (pagesTheList(deps.reader)) {
      if (wantsJson(c) && !problem) return pagedGuestListJson(c, deps.reader, { event, base: base(c) });
      const formId = formIdFor(c);
      return pagedGuestList(c, deps.reader, {
        event,
        frame: {
          eventName: event.name,
          language: event.details.language,
          base: base(c),
          notice: problem ? null : await noticeOf(c),
          timeZone: event.timeZone,
          questions: event.settings.questions,
          reconfirm: asked(event, deps.clock.now()),
          formId,
          hand: { maxParty: event.settings.maxParty, problem },
        },
        requests: (rows) => requestsSectionOf(event, rows, { base: base(c), formId }),
        status: problem ? 422 : 200,
      });
    }
    const guests = await deps.reader.listGuests(event.eventId);
    const rows = guestListRows(guests);
    c.header("Cache-Control", "no-store");
    c.header("Vary", "Accept");
    if (wantsJson(c) && !problem) return c.json(rows);
    const resendable = new Set(guests.filter((g) => noticeApplies("resend-link", g)).map((g) => g.guestId));
    const formId = formIdFor(c);
    return c.html(
      guestListPage({
        eventName: event.name,
        language: event.details.language,
        base: base(c),
        notice: problem ? null : await noticeOf(c),
        timeZone: event.timeZone,
        guests: rows.map((r) => ({ ...r, resendable: resendable.has(r.guestId) })),
        questions: event.settings.questions,
        // Each guest's answer, once the ask went out (before it, nobody could have answered).
        reconfirm: asked(event, deps.clock.now()),
        formId,
        requests: requestsSectionOf(event, rows, { base: base(c), formId }),
        hand: { maxParty: event.settings.maxParty, problem },
      }),
      problem ? 422 : 200,
    );
  };

  app.get("/h/:hostToken/guests", host, (c) => guestList(c));

  // The host's hand on the list: remove, admit, edit, add (issue 14 §3).
  hostHandRoutes(app, { reader: deps.reader, host, formLimit, enqueue, eventOf, guestList });

  app.get("/h/:hostToken/guests.csv", host, async (c) => {
    const event = eventOf(c);
    const options = {
      bom: true,
      questions: event.settings.questions,
      reconfirm: event.settings.reconfirm !== null,
    };
    // In parts where the store cannot stream it whole (AWS: an answer holds at most 6 MB).
    if (downloadsInParts(deps.reader)) {
      const frame = { eventName: event.name, language: event.details.language, base: base(c) };
      // Beside the parts, where the runtime keeps files (AWS: S3): the whole list as one file.
      const offer = deps.guestListFiles ? exportOffer(frame, formIdFor(c)) : null;
      return pagedGuestListCsv(c, deps.reader, { event, frame, options, offer });
    }
    c.header("Content-Type", "text/csv; charset=utf-8");
    // Event ids are letters, digits, '-' and '_' only, so the file name needs no quoting beyond this.
    c.header("Content-Disposition", `attachment; filename="guests-${event.eventId}.csv"`);
    c.header("Cache-Control", "no-store");
    const list = await deps.reader.guestListPages?.(event.eventId);
    if (!list)
      return c.body(guestListCsv(guestListRows(await deps.reader.listGuests(event.eventId)), options));
    // Streamed a page of guests at a time: a 100,000-guest list is never held whole.
    return stream(c, async (out) => {
      for await (const chunk of guestListCsvChunks(list, options)) await out.write(chunk);
    });
  });

  if (deps.guestListFiles && downloadsInParts(deps.reader))
    guestListExportRoutes(app, { reader: deps.reader, files: deps.guestListFiles }, kit);

  approvalRoutes(app, { ...deps, host, formLimit, eventOf, base });

  const resendLimit = deps.rateLimit ?? (async (_c, next) => next());

  app.post("/h/:hostToken/guests/:guestId/resend", resendLimit, host, formLimit, async (c) => {
    const event = eventOf(c);
    const guestId = c.req.param("guestId");
    const guest = Id.safeParse(guestId).success ? await deps.reader.getGuest(event.eventId, guestId) : null;
    if (!guest) throw new NotFoundError(said("host.noSuchGuest"));
    const form = await readHostForm(c.req, ButtonForm);
    // The keeper decides whether a link still applies (not to a cancelled or lapsed guest) and says so.
    return enqueue(
      c,
      { type: "notify", guestId: guest.guestId, notice: "resend-link" },
      form.formId,
      "/guests",
    );
  });
}

/** Whether the event asks "still coming?" and its ask's time has come. */
export function asked(event: EventRecord, now: Date): boolean {
  const askAt = eventReconfirmTimes(event)?.askAt;
  return askAt !== undefined && askAt.getTime() <= now.getTime();
}
