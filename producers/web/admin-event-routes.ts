import type { Context, Hono, MiddlewareHandler } from "hono";
import { Id } from "../../contracts/common.ts";
import type { EventRecord } from "../../contracts/event.ts";
import { translator } from "../../i18n/index.ts";
import { createEventPage, editEventPage } from "./admin-event-form-pages.ts";
import {
  type EventFormErrors,
  type EventFormValues,
  eventFormValues,
  formValuesOf,
  movesEvent,
  newEventFormValues,
  readEventForm,
} from "./admin-forms.ts";
import { adminText, confirmMovePage, hostLinkPage, savingPage } from "./admin-pages.ts";
import type { AdminRouteDeps } from "./admin-routes.ts";
import { InvalidInputError, NotFoundError, said, UnsupportedMediaTypeError } from "./errors.ts";
import type { WebEnv } from "./negotiation.ts";
import { isFormType, mediaTypeOf, pageLanguageOf } from "./negotiation.ts";
import { readFormBody } from "./request-body.ts";

/** How long the "Saving…" page waits for the keeper before the form shows what is stored, with a notice. */
const savingPatienceMs = 30_000;

/** The guards the session part of the admin area (admin-routes.ts) puts before each event route. */
export interface AdminGuards {
  /** A page behind the session: without one, the sign-in page. */
  adminPage: MiddlewareHandler<WebEnv>;
  /** Every post that acts: from our own origin, signed in, its body bounded. */
  posted: readonly [MiddlewareHandler<WebEnv>, MiddlewareHandler<WebEnv>, MiddlewareHandler];
}

/**
 * The admin area's event routes, on `app` after the session's (admin-routes.ts): the form to create an event,
 * one event's page and its edit (with the "Saving…" page and the confirmation before guests are told of a
 * move), closing and reopening registration, and a new host link.
 */
export function adminEventRoutes(app: Hono<WebEnv>, deps: AdminRouteDeps, guards: AdminGuards): void {
  const { service } = deps;
  const { adminPage, posted } = guards;
  const eventOf = async (c: Context<WebEnv>): Promise<EventRecord> => {
    const eventId = c.req.param("eventId") ?? "";
    const event = Id.safeParse(eventId).success ? await service.getEvent(eventId) : null;
    if (!event) throw new NotFoundError(said("admin.noSuchEvent"));
    return event;
  };
  const registerUrl = (c: Context<WebEnv>, e: EventRecord) => `${deps.origin(c)}/e/${e.eventId}`;
  const hostUrl = (c: Context<WebEnv>, token: string) => `${deps.origin(c)}/h/${token}`;
  const formIdOf = (fields: Record<string, unknown>) => {
    const id = typeof fields.formId === "string" ? fields.formId : "";
    if (!Id.safeParse(id).success) throw new InvalidInputError(said("admin.formIdInvalid"));
    return id;
  };

  app.get("/admin/events/new", adminPage, (c) =>
    c.html(
      createEventPage({
        values: newEventFormValues(deps.clock.now(), deps.defaultTimeZone ?? "UTC"),
        errors: {},
        formId: deps.newId(),
        language: pageLanguageOf(c),
      }),
    ),
  );

  app.post("/admin/events", ...posted, async (c) => {
    const fields = await readFields(c);
    const formId = formIdOf(fields);
    const values = formValuesOf(fields);
    const now = deps.clock.now();
    const read = readEventForm(values, (start) => start.getTime() > now.getTime());
    if (!read.ok)
      return c.html(
        createEventPage({ values, errors: read.errors, formId, language: pageLanguageOf(c) }),
        400,
      );
    const result = await service.createEvent(read.data, formId);
    if (!result.created) return c.redirect(`/admin/events/${result.eventId}?done=exists`, 303);
    return c.html(
      hostLinkPage({
        heading: adminText(pageLanguageOf(c), "created", { name: result.event.name }),
        event: result.event,
        registerUrl: registerUrl(c, result.event),
        hostUrl: hostUrl(c, result.hostToken),
        language: pageLanguageOf(c),
      }),
      201,
    );
  });

  const noticeText: Record<string, string> = {
    saved: "saved",
    moved: "savedMoved",
    registration: "registrationQueued",
    exists: "createdAlready",
  };

  const editPage = (
    c: Context<WebEnv>,
    event: EventRecord,
    values: EventFormValues,
    errors: EventFormErrors,
    formId: string,
    /** A catalog key that replaces the usual notice (the edit is taking long to apply). */
    override?: string,
    /** Why the keeper refused the edit (a `pages.host.refusal` key): said as a problem instead. */
    refused?: string,
  ) => {
    const done = noticeText[c.req.query("done") ?? ""];
    const language = pageLanguageOf(c);
    const t = translator(language);
    return editEventPage({
      event,
      values,
      errors,
      formId,
      registerUrl: registerUrl(c, event),
      notice: refused
        ? t("pages.host.notice.refused", { reason: t(`pages.host.refusal.${refused}`) })
        : override
          ? t(override)
          : done
            ? adminText(language, done)
            : null,
      noticeTone: refused ? "problem" : "notice",
      language: pageLanguageOf(c),
    });
  };

  app.get("/admin/events/:eventId", adminPage, async (c) => {
    const event = await eventOf(c);
    // Just saved (post/redirect/get): until the keeper has applied the edit (the event's version moves past
    // the one the edit was made on), the form would show the old values, so a "Saving…" page stands in and
    // looks again every second. Past `savingPatience` the form shows what is stored, and says so. A refusal
    // (the keeper's outcome for one of the edit's commands, `cmd`) is said at once: a refused edit never moves
    // the version, so waiting would only end in "taking longer".
    const after = Number(c.req.query("after"));
    const since = Number(c.req.query("since"));
    if (c.req.query("after") !== undefined && Number.isInteger(after) && event.version <= after) {
      const commandIds = (c.req.queries("cmd") ?? []).filter((id) => Id.safeParse(id).success).slice(0, 4);
      const refused = await service.refusalOf(event.eventId, commandIds);
      if (refused)
        return c.html(editPage(c, event, eventFormValues(event), {}, deps.newId(), undefined, refused));
      const waited = deps.clock.now().getTime() - (Number.isFinite(since) ? since : 0);
      if (waited < savingPatienceMs) return c.html(savingPage({ event, language: pageLanguageOf(c) }));
      return c.html(editPage(c, event, eventFormValues(event), {}, deps.newId(), "hostExtras.saving.late"));
    }
    return c.html(editPage(c, event, eventFormValues(event), {}, deps.newId()));
  });

  app.post("/admin/events/:eventId", ...posted, async (c) => {
    const event = await eventOf(c);
    const fields = await readFields(c);
    const formId = formIdOf(fields);
    const values = formValuesOf(fields);
    const now = deps.clock.now();
    // An event keeps the start it has, past or not; a new start must be in the future.
    const read = readEventForm(
      values,
      (start) => start.getTime() === Date.parse(event.startsAt) || start.getTime() > now.getTime(),
    );
    if (!read.ok) return c.html(editPage(c, event, values, read.errors, formId), 400);
    if (fields.review !== undefined) return c.html(editPage(c, event, values, {}, formId));
    if (movesEvent(event, read.data) && fields.confirmed === undefined) {
      const guests = await service.guestsToTell(event.eventId);
      if (guests > 0)
        return c.html(confirmMovePage({ event, values, formId, guests, language: pageLanguageOf(c) }));
    }
    // The keeper applies the change (audited; a move raises the calendar sequence and the guests are emailed):
    // the page says so, and shows the event as it is once it has.
    const queued = await service.editEvent(event.eventId, read.data, formId);
    const done = fields.confirmed !== undefined && movesEvent(event, read.data) ? "moved" : "saved";
    const wait =
      queued && queued.length > 0
        ? `&after=${event.version}&since=${deps.clock.now().getTime()}${queued.map((id) => `&cmd=${id}`).join("")}`
        : "";
    return c.redirect(`/admin/events/${event.eventId}?done=${done}${wait}`, 303);
  });

  for (const [path, open] of [
    ["close", false],
    ["reopen", true],
  ] as const)
    app.post(`/admin/events/:eventId/${path}`, ...posted, async (c) => {
      const event = await eventOf(c);
      const formId = formIdOf(await readFields(c));
      await service.setRegistration(event.eventId, open, formId);
      return c.redirect(`/admin/events/${event.eventId}?done=registration`, 303);
    });

  app.post("/admin/events/:eventId/host-link", ...posted, async (c) => {
    const event = await eventOf(c);
    const token = await service.rotateHostLink(event.eventId);
    if (!token) throw new NotFoundError(said("admin.noSuchEvent"));
    return c.html(
      hostLinkPage({
        heading: adminText(pageLanguageOf(c), "newHostLink", { name: event.name }),
        event,
        registerUrl: registerUrl(c, event),
        hostUrl: hostUrl(c, token),
        language: pageLanguageOf(c),
      }),
    );
  });
}

/** The fields of a form post; a request that is not a form is refused. */
export async function readFields(c: Context<WebEnv>): Promise<Record<string, unknown>> {
  const type = mediaTypeOf(c.req.header("content-type"));
  if (!isFormType(type))
    throw new UnsupportedMediaTypeError(
      type === "" ? said("admin.formNoType") : said("admin.formType", { type }),
    );
  return readFormBody(c.req, said("admin.formUnreadable"));
}
