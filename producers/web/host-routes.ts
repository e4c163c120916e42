import { type Context, Hono, type MiddlewareHandler } from "hono";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestListFiles } from "../../core/guest-list-files.ts";
import type { HostAssistant } from "../../core/host-questions/ask.ts";
import { hashHostToken } from "../../core/host-token.ts";
import type { DeliveryProblems } from "../../core/mail-ports.ts";
import type { AuditLog, Clock, CommandQueue, DeadLetterLookup, GuestReader } from "../../core/ports.ts";
import { type HostAction, hostCommand } from "../host/host-commands.ts";
import { auditRoutes } from "./audit-routes.ts";
import { ForbiddenError, NotFoundError, said } from "./errors.ts";
import { guestListRoutes } from "./guest-list-routes.ts";
import type { HeadcountCache } from "./headcount-cache.ts";
import type { HeadcountLive } from "./headcount-live.ts";
import {
  formCommandId,
  isIssuedFormId,
  issueFormId,
  maxAskFormBytes,
  maxHostFormBytes,
} from "./host-forms.ts";
import type { HostNotice } from "./host-frame.ts";
import {
  answerQuestion,
  closeRegistration,
  headcountLive,
  headcountPoll,
  messageGuests,
  reopenRegistration,
  setCapacity,
  showAskForm,
  showHostPage,
  showMessageForm,
} from "./host-handlers.ts";
import { hostNoticeOf } from "./host-notice.ts";
import { importRoutes } from "./import-routes.ts";
import type { WebEnv } from "./negotiation.ts";
import { posterRoutes } from "./poster-routes.ts";
import { limitBody } from "./request-body.ts";
import { sameOrigin } from "./same-origin.ts";
import { thanksRoutes } from "./thanks-routes.ts";

export interface HostRouteDeps {
  reader: GuestReader;
  queue: CommandQueue;
  clock: Clock;
  newId: () => string;
  /** The public origin absolute links are built from. */
  origin: (c: Context<WebEnv>) => string;
  /** The audit trail; without it the audit page is not offered. */
  audit?: Pick<AuditLog, "list"> | undefined;
  /** The assistant that answers the host's questions; without it, plain intent matching answers them. */
  assistant?: HostAssistant | null | undefined;
  /** Where an action's notice learns it was set aside as a dead letter (embedded); without it, it waits. */
  deadLetters?: DeadLetterLookup | undefined;
  /** The per-client-address limit in front of the re-send (it emails a guest); none when absent. */
  rateLimit?: MiddlewareHandler | undefined;
  /** Emails that did not reach their guest, listed on the host page; none listed when absent. */
  deliveryProblems?: DeliveryProblems | undefined;
  /** Where the live headcount's polls are answered from memory for a moment (see HeadcountCache). */
  headcount?: HeadcountCache | undefined;
  /**
   * The live headcount as server-sent events (`/h/:hostToken/headcount/live`), where the runtime can hold a
   * response open (embedded); without it the route is not served and the host page polls.
   */
  live?: HeadcountLive | undefined;
  /**
   * Where a long guest list is written as one file (AWS: S3), offered beside the download in parts; without
   * it, the parts only (producers/web/guest-list-export.ts).
   */
  guestListFiles?: GuestListFiles | undefined;
  /** Whether the instance has the owner's admin area, where the host page's "edit details" link leads. */
  adminArea?: boolean;
}

/** The host routes' context: the event the presented host token opens, found once per request. */
export type HostEnv = { Variables: WebEnv["Variables"] & { event?: EventRecord } };

/**
 * What every host route group shares, made once in `hostRoutes`: the token check, the host forms' body limit,
 * the event the token opened, the page paths, form ids, notices and the enqueue-and-redirect of an action.
 */
export interface HostRouteKit {
  host: MiddlewareHandler<HostEnv>;
  formLimit: MiddlewareHandler;
  eventOf: (c: Context<HostEnv>) => EventRecord;
  base: (c: Context<HostEnv>) => string;
  formIdFor: (c: Context<HostEnv>) => string;
  noticeOf: (c: Context<HostEnv>) => Promise<HostNotice | null>;
  enqueue: (c: Context<HostEnv>, action: HostAction, formId: string, back?: string) => Promise<Response>;
}

/** The event the `host` middleware found; a route without that middleware is a bug. */
function eventOf(c: Context<HostEnv>): EventRecord {
  const event = c.get("event");
  if (!event) throw new Error(`host route ${c.req.routePath} runs without the host middleware`);
  return event;
}

/** `/h/<token>`: the host page, and the start of every host link and form action. */
const hostBase = (token: string) => `/h/${encodeURIComponent(token)}`;

/** Tokens are stored only as hashes: look the event up by the hash of what was presented. */
async function findByToken(reader: GuestReader, token: string): Promise<EventRecord> {
  const event = await reader.findEventByHostTokenHash(hashHostToken(token));
  if (!event) throw new NotFoundError(said("host.unknownLink"));
  return event;
}

/**
 * The host's side, reached only through the secret host link (no login: the token is the capability). An
 * unknown or forged token is answered exactly like any other unknown link, on every route and before any
 * body is read, so a guess reveals nothing about which events exist. Like every producer, these routes
 * never write guest or event state: each host action is one command on the queue, and the page the form
 * post redirects to reports what the keeper made of it.
 */
export function hostRoutes(deps: HostRouteDeps): Hono<HostEnv> {
  const app = new Hono<HostEnv>();
  const kit = hostRouteKit(deps);
  const { host, formLimit } = kit;
  const askLimit = limitBody(maxAskFormBytes, said("host.questionTooLong"), said("host.questionTooLongHint"));

  // Every host post must come from a page of this site (the host token alone is not enough: another site
  // the host visits could post a form it built).
  app.post("/h/:hostToken/*", sameOrigin(deps.origin));

  app.get(
    "/h/:hostToken/headcount",
    headcountPoll(deps, (token) => findByToken(deps.reader, token)),
  );
  if (deps.live) app.get("/h/:hostToken/headcount/live", headcountLive(deps, deps.live));
  app.get("/h/:hostToken", host, showHostPage(deps, kit));
  app.post("/h/:hostToken/capacity", host, formLimit, setCapacity(kit));
  app.post("/h/:hostToken/close", host, formLimit, closeRegistration(kit));
  app.post("/h/:hostToken/reopen", host, formLimit, reopenRegistration(kit));
  app.get("/h/:hostToken/message", host, showMessageForm(kit));
  app.post("/h/:hostToken/message", host, formLimit, messageGuests(kit));
  thanksRoutes(app, deps, kit);
  guestListRoutes(app, deps, kit);
  app.get("/h/:hostToken/ask", host, showAskForm(deps, kit));
  app.post("/h/:hostToken/ask", host, askLimit, answerQuestion(deps, kit));
  auditRoutes(app, deps, kit);
  importRoutes(app, deps, kit);
  posterRoutes(app, deps, kit);

  return app;
}

/** What every host route group shares (see `HostRouteKit`), made once per app. */
function hostRouteKit(deps: HostRouteDeps): HostRouteKit {
  /** Runs first on every host route (before a body limit or a body is read): the token must open an event. */
  const host: MiddlewareHandler<HostEnv> = async (c, next) => {
    const event = await findByToken(deps.reader, c.req.param("hostToken") ?? "");
    c.set("event", event);
    c.set("language", event.details.language);
    await next();
  };

  const base = (c: Context<HostEnv>) => hostBase(c.req.param("hostToken") ?? "");

  /** A form id for a page about to be rendered (see `issueFormId`). */
  const formIdFor = (c: Context<HostEnv>) => issueFormId(c.req.param("hostToken") ?? "", deps.newId());

  /** What became of the action a form post redirected here with (`?done=`), if anything. */
  const noticeOf = (c: Context<HostEnv>) =>
    hostNoticeOf(deps.reader, eventOf(c), c.req.query("done"), deps.deadLetters);

  /**
   * Enqueues a host action under the command id its form post names, and sends the browser back (303, so a
   * reload does not post again) to the page it came from, which reports the outcome.
   */
  const enqueue = async (c: Context<HostEnv>, action: HostAction, formId: string, back = "") => {
    const event = eventOf(c);
    if (!isIssuedFormId(c.req.param("hostToken") ?? "", formId))
      throw new ForbiddenError(said("host.formNotIssued"), undefined, {
        hint: said("host.formNotIssuedHint"),
      });
    const command = hostCommand(action, {
      eventId: event.eventId,
      commandId: formCommandId(formId, action),
      issuedAt: deps.clock.now(),
    });
    await deps.queue.send([command]);
    return c.redirect(`${base(c)}${back}?done=${encodeURIComponent(command.commandId)}`, 303);
  };

  const formLimit = limitBody(
    maxHostFormBytes,
    said("host.formTooLarge", { kb: maxHostFormBytes / 1024 }),
    said("host.formTooLargeHint"),
  );

  return { host, formLimit, eventOf, base, formIdFor, noticeOf, enqueue };
}
