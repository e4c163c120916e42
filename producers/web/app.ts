import { randomUUID } from "node:crypto";
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Logger } from "pino";
import type { ErrorBody } from "../../contracts/http.ts";
import type { Keyring } from "../../contracts/link.ts";
import type { GuestListFiles } from "../../core/guest-list-files.ts";
import type { HostAssistant } from "../../core/host-questions/ask.ts";
import type { DeliveryProblems } from "../../core/mail-ports.ts";
import type { AuditLog, Clock, CommandQueue, DeadLetterLookup, GuestReader } from "../../core/ports.ts";
import { translator } from "../../i18n/index.ts";
import type { CalendarSite } from "../../mail/calendar.ts";
import { adminRoutes } from "./admin-routes.ts";
import type { AdminService } from "./admin-service.ts";
import { answerRoutes } from "./answer-routes.ts";
import { doorRoutes } from "./door-routes.ts";
import { isWebError, NotFoundError, said, type WebError } from "./errors.ts";
import type { HeadcountCache } from "./headcount-cache.ts";
import type { HeadcountLive } from "./headcount-live.ts";
import { hostRoutes } from "./host-routes.ts";
import { linkRoutes } from "./link-routes.ts";
import { manageLinkRoutes } from "./manage-link-routes.ts";
import { pageLanguageOf, type WebEnv, wantsJson } from "./negotiation.ts";
import { type OutboxRouteDeps, outboxRoutes } from "./outbox-routes.ts";
import { errorPage, landingPage } from "./pages.ts";
import { partyRoutes } from "./party-routes.ts";
import { type RateLimitConfig, rateLimit } from "./rate-limit.ts";
import { registerRoutes } from "./register-routes.ts";
import { allowFraming, allowPageScripts, securityHeaders } from "./security-headers.ts";
import { trustRoutes } from "./trust-routes.ts";

export interface WebDeps {
  reader: GuestReader;
  queue: CommandQueue;
  clock: Clock;
  logger: Logger;
  /** The public base URL links are built from (known only once the server listens; "" → the request's). */
  baseUrl: () => string;
  /**
   * The site calendar UIDs live on (mail/calendar.ts `calendarSiteOf`), the same as the emails': the manage
   * page's .ics download then has the UID a later update or cancellation email names. Absent: the placeholder.
   */
  calendarSite?: () => CalendarSite;
  newId?: () => string;
  /**
   * Where a registration's status page and a host action's notice learn that the command was set aside as a
   * dead letter (the embedded queue); without it (AWS), a registration that waits too long is reported as
   * delayed.
   */
  deadLetters?: DeadLetterLookup;
  /** The audit trail the host page shows (`/h/:hostToken/audit`); without it that page is not offered. */
  audit?: Pick<AuditLog, "list">;
  /** The keys email links are verified with (read per request); without it `/l/...` links are not served. */
  links?: { keyring: () => Keyring };
  /** The browsable outbox behind the admin token (`/outbox/:adminToken`); without it not served. */
  outbox?: OutboxRouteDeps;
  /**
   * The instance owner's admin area (`/admin`): what it does, and the check of the admin token it signs in
   * with; without it not served.
   */
  admin?: AdminDeps;
  /** The assistant that answers the host's questions (`/h/:hostToken/ask`); without it, intent matching. */
  assistant?: HostAssistant | null;
  /**
   * Whether the pipeline behind the web works (the embedded background); `/healthz` answers 503 with the
   * reason while it does not. Without it, `/healthz` reports only that the web answers.
   */
  health?: () => { ok: true } | { ok: false; reason: string; since: string };
  /** The per-client-address limit on the register and re-send endpoints; without it, none. */
  rateLimit?: RateLimitConfig;
  /** Emails that did not reach their guest (bounced, complained, given up on), for the host page. */
  deliveryProblems?: DeliveryProblems;
  /** Where a long guest list is written as one file for download (AWS: S3); without it, parts only. */
  guestListFiles?: GuestListFiles;
  /**
   * Where the host page's headcount polls are answered from memory for a moment (`rsvp start`: a second);
   * without it every poll reads the store.
   */
  headcount?: HeadcountCache;
  /**
   * The host page's live headcount as server-sent events (embedded runtime: it can hold a response open);
   * without it the host page polls (a Function URL buffers its answers).
   */
  live?: HeadcountLive;
}

export interface AdminDeps {
  service: AdminService;
  verifyAdminToken: (token: string) => boolean;
  /** The zone a new event's form starts in (default UTC). */
  defaultTimeZone?: string;
}

/**
 * How each refusal is answered: its status. A person reading a page gets a title and what to do from the
 * catalogs (`pages.errors.<name>`), in the page's language.
 */
const refusals: Record<WebError["name"], ContentfulStatusCode> = {
  InvalidInputError: 400,
  ForbiddenError: 403,
  NotFoundError: 404,
  LinkExpiredError: 410,
  BadLinkError: 400,
  RegistrationClosedError: 409,
  PayloadTooLargeError: 413,
  UnsupportedMediaTypeError: 415,
  TooManyRequestsError: 429,
  ServiceUnavailableError: 503,
};

/**
 * The HTTP surface: one Hono app, served by @hono/node-server embedded and by a Function URL on AWS.
 * Routes read through the GuestReader and act only by enqueuing commands; status codes are chosen here,
 * in `onError` and `notFound`, and nowhere else.
 */
export function createWebApp(deps: WebDeps): Hono<WebEnv> {
  const newId = deps.newId ?? randomUUID;
  const origin = (c: Context<WebEnv>) => deps.baseUrl().replace(/\/+$/, "") || new URL(c.req.url).origin;
  const app = new Hono<WebEnv>();

  app.use(allowFraming());
  app.use(allowPageScripts());
  app.use(securityHeaders());
  app.get("/", (c) => {
    // In the browser's language: a cache must keep one copy per language.
    c.header("Vary", "Accept-Language");
    return c.html(landingPage(pageLanguageOf(c)));
  });
  app.get("/healthz", (c) => {
    c.header("Cache-Control", "no-store");
    const health = deps.health?.() ?? { ok: true };
    return c.json(health, health.ok ? 200 : 503);
  });
  app.route(
    "/",
    registerRoutes({
      reader: deps.reader,
      queue: deps.queue,
      clock: deps.clock,
      deadLetters: deps.deadLetters,
      origin,
      rateLimit: rateLimit(deps.rateLimit, "register"),
      keyring: deps.links?.keyring,
      calendarSite: deps.calendarSite,
    }),
  );
  app.route(
    "/",
    hostRoutes({
      reader: deps.reader,
      queue: deps.queue,
      clock: deps.clock,
      newId,
      origin,
      audit: deps.audit,
      assistant: deps.assistant,
      deadLetters: deps.deadLetters,
      rateLimit: rateLimit(deps.rateLimit, "resend"),
      deliveryProblems: deps.deliveryProblems,
      guestListFiles: deps.guestListFiles,
      headcount: deps.headcount,
      live: deps.live,
      adminArea: deps.admin !== undefined,
    }),
  );
  if (deps.links) {
    // The guest's signed links: the one-button pages first, then the links with pages of their own.
    const links = {
      reader: deps.reader,
      queue: deps.queue,
      clock: deps.clock,
      keyring: deps.links.keyring,
      origin,
    };
    app.route("/", linkRoutes(links));
    app.route("/", manageLinkRoutes({ ...links, calendarSite: deps.calendarSite }));
    app.route("/", trustRoutes({ ...deps, keyring: deps.links.keyring, origin }));
    app.route("/", answerRoutes(links));
    app.route("/", partyRoutes(links));
    app.route("/", doorRoutes({ ...links, newId }));
  }
  if (deps.outbox) app.route("/", outboxRoutes(deps.outbox));
  if (deps.admin) app.route("/", adminRoutes({ ...deps.admin, clock: deps.clock, newId, origin }));

  const refuse = (c: Context<WebEnv>, error: WebError) => {
    const status = refusals[error.name];
    // Not the client's doing: the operator needs to hear of it.
    if (status >= 500) deps.logger.error({ err: error.cause ?? error, path: c.req.path }, error.message);
    if (error.retryAfterSeconds !== undefined) c.header("Retry-After", String(error.retryAfterSeconds));
    if (wantsJson(c)) {
      const body: ErrorBody = error.issues
        ? { error: error.message, issues: [...error.issues] }
        : { error: error.message };
      return c.json(body, status);
    }
    const language = pageLanguageOf(c);
    const t = translator(language);
    // The route's words in the page's language; without its own hint, the usual advice for this refusal.
    const said = error.in(t);
    return c.html(
      errorPage({
        title: t(`pages.errors.${error.name}.title`),
        message: said.message,
        issues: said.issues,
        hint: said.hint ?? t(`pages.errors.${error.name}.hint`),
        language,
      }),
      status,
    );
  };

  app.notFound((c) => refuse(c, new NotFoundError(said("nothingHere"))));
  app.onError((error, c) => {
    if (isWebError(error)) return refuse(c, error);
    // A client error raised inside hono itself (e.g. a malformed request it refused to parse).
    const language = pageLanguageOf(c);
    const t = translator(language);
    if (error instanceof HTTPException && error.status < 500) {
      const status = error.status as ContentfulStatusCode;
      return wantsJson(c)
        ? c.json({ error: error.message || "bad request" } satisfies ErrorBody, status)
        : c.html(
            errorPage({
              title: t("pages.errors.badRequest.title"),
              message: t("pages.errors.badRequest.message"),
              hint: t("pages.errors.badRequest.hint"),
              language,
            }),
            status,
          );
    }
    deps.logger.error({ err: error, method: c.req.method, path: c.req.path }, "request failed");
    const message = "something went wrong on our side; please try again in a moment";
    return wantsJson(c)
      ? c.json({ error: message } satisfies ErrorBody, 500)
      : c.html(
          errorPage({
            title: t("pages.errors.failed.title"),
            message: t("pages.errors.failed.message"),
            hint: t("pages.errors.failed.hint"),
            language,
          }),
          500,
        );
  });

  return app;
}
