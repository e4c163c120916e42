import { type Context, Hono, type MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { Id } from "../../contracts/common.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { Clock } from "../../core/ports.ts";
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
import {
  adminText,
  confirmMovePage,
  eventListPage,
  hostLinkPage,
  savingPage,
  signInPage,
} from "./admin-pages.ts";
import type { AdminService } from "./admin-service.ts";
import {
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  said,
  UnsupportedMediaTypeError,
} from "./errors.ts";
import type { WebEnv } from "./negotiation.ts";
import { isFormType, mediaTypeOf, pageLanguageOf } from "./negotiation.ts";
import { limitBody, readFormBody } from "./request-body.ts";

export interface AdminRouteDeps {
  service: AdminService;
  /** Whether a presented admin token is the right one (constant-time; see adapters/local/admin-token.ts). */
  verifyAdminToken: (token: string) => boolean;
  clock: Clock;
  newId: () => string;
  /** The public origin (the base URL): host forms must come from it, and links start with it. */
  origin: (c: Context<WebEnv>) => string;
  /** The zone a new event's form starts in. */
  defaultTimeZone?: string;
}

/** The session cookie: the admin token itself, HttpOnly so no script reads it, sent only to /admin. */
const cookieName = "rsvp_admin";
const sessionSeconds = 7 * 24 * 3600;
const maxAdminFormBytes = 64 * 1024;
/** How long the "Saving…" page waits for the keeper before the form shows what is stored, with a notice. */
const savingPatienceMs = 30_000;

/**
 * The instance owner's admin area under `/admin`: every event, creating and editing one, closing and
 * reopening registration, and a new host link. Signing in with the admin token (the one the outbox link
 * carries) sets a cookie, so the token leaves the address bar and the history; every form post must come from
 * the base URL's own origin (the Origin header), so another site cannot make a signed-in browser act.
 */
export function adminRoutes(deps: AdminRouteDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const { service } = deps;
  const ownOrigin = (c: Context<WebEnv>) => new URL(deps.origin(c)).origin;
  const signedIn = (c: Context<WebEnv>) => {
    const token = getCookie(c, cookieName);
    return token !== undefined && deps.verifyAdminToken(token);
  };

  // No page here carries a secret in its address (the session is a cookie), so a form post may say where it
  // came from: with the app-wide no-referrer policy a browser sends "Origin: null" even to the same origin.
  const adminHeaders: MiddlewareHandler<WebEnv> = async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
    c.header("Referrer-Policy", "same-origin");
  };
  app.use("/admin", adminHeaders);
  app.use("/admin/*", adminHeaders);

  /** Every form post: from our own origin (checked first, before the session or the body). */
  const sameOrigin: MiddlewareHandler<WebEnv> = async (c, next) => {
    const origin = c.req.header("origin");
    // "null" is what a browser sends when a policy hides the origin; Sec-Fetch-Site (which no page can set)
    // then still says whether the form came from this very site.
    const sameSite = origin === "null" && c.req.header("sec-fetch-site") === "same-origin";
    if (origin !== ownOrigin(c) && !sameSite)
      throw new ForbiddenError(said("otherSite"), undefined, { hint: said("admin.otherSiteHint") });
    await next();
  };
  /** A post that acts: signed in, too. */
  const admin: MiddlewareHandler<WebEnv> = async (c, next) => {
    if (!signedIn(c))
      throw new ForbiddenError(said("admin.notSignedIn"), undefined, { hint: said("admin.notSignedInHint") });
    await next();
  };
  /** A page behind the session: without one, the sign-in page. */
  const adminPage: MiddlewareHandler<WebEnv> = async (c, next) => {
    if (!signedIn(c)) return c.redirect("/admin", 303);
    await next();
  };
  const bodyLimit = limitBody(maxAdminFormBytes, said("admin.formTooLarge"));
  const posted = [sameOrigin, admin, bodyLimit] as const;

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

  app.get("/admin", async (c) => {
    if (!signedIn(c))
      return c.html(
        signInPage({
          failed: false,
          token: "",
          signedOut: c.req.query("signed-out") !== undefined,
          language: pageLanguageOf(c),
        }),
      );
    return c.html(
      eventListPage({
        events: await service.listEvents(),
        now: deps.clock.now(),
        language: pageLanguageOf(c),
      }),
    );
  });

  // A sign-in link (`rsvp start` prints one) only fills the form in: the post that signs in comes from a click.
  app.get("/admin/sign-in", (c) =>
    c.html(signInPage({ failed: false, token: c.req.query("token") ?? "", language: pageLanguageOf(c) })),
  );

  app.post("/admin/sign-in", sameOrigin, bodyLimit, async (c) => {
    const fields = await readFields(c);
    const token = typeof fields.token === "string" ? fields.token.trim() : "";
    if (!deps.verifyAdminToken(token))
      return c.html(signInPage({ failed: true, token: "", language: pageLanguageOf(c) }), 403);
    setCookie(c, cookieName, token, {
      httpOnly: true,
      sameSite: "Strict",
      secure: ownOrigin(c).startsWith("https:"),
      path: "/admin",
      maxAge: sessionSeconds,
    });
    return c.redirect("/admin", 303);
  });

  app.post("/admin/sign-out", sameOrigin, async (c) => {
    deleteCookie(c, cookieName, { path: "/admin", secure: ownOrigin(c).startsWith("https:") });
    return c.redirect("/admin?signed-out", 303);
  });

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

  return app;
}

/** The fields of a form post; a request that is not a form is refused. */
async function readFields(c: Context<WebEnv>): Promise<Record<string, unknown>> {
  const type = mediaTypeOf(c.req.header("content-type"));
  if (!isFormType(type))
    throw new UnsupportedMediaTypeError(
      type === "" ? said("admin.formNoType") : said("admin.formType", { type }),
    );
  return readFormBody(c.req, said("admin.formUnreadable"));
}
