import { type Context, Hono, type MiddlewareHandler } from "hono";
import { type EventRecord, headcountOf } from "../../contracts/event.ts";
import { countAnswers } from "../../contracts/questions.ts";
import { countsFromTally } from "../../core/answer-tally.ts";
import { answerHostQuestion, type HostAssistant } from "../../core/host-questions/ask.ts";
import { hostReadModel } from "../../core/host-questions/read-model.ts";
import { hashHostToken } from "../../core/host-token.ts";
import type { DeliveryProblems } from "../../core/mail-ports.ts";
import type { AuditLog, Clock, CommandQueue, DeadLetterLookup, GuestReader } from "../../core/ports.ts";
import { reconfirmTally } from "../../core/reconfirm.ts";
import { translator } from "../../i18n/index.ts";
import { type HostAction, hostCommand } from "../host/host-commands.ts";
import { auditRoutes } from "./audit-routes.ts";
import { ForbiddenError, NotFoundError, said } from "./errors.ts";
import { asked, guestListRoutes } from "./guest-list-routes.ts";
import { type HeadcountCache, headcountTagOf, matchesIfNoneMatch } from "./headcount-cache.ts";
import type { HeadcountLive } from "./headcount-live.ts";
import { headcountStream } from "./headcount-stream.ts";
import {
  ButtonForm,
  CapacityForm,
  formCommandId,
  isIssuedFormId,
  issueFormId,
  MessageForm,
  maxAskFormBytes,
  maxHostFormBytes,
  readAskBody,
  readHostForm,
} from "./host-forms.ts";
import type { HostNotice } from "./host-frame.ts";
import { hostNoticeOf } from "./host-notice.ts";
import { askPage, hostPage, messagePage } from "./host-pages.ts";
import { importRoutes } from "./import-routes.ts";
import { type WebEnv, wantsJson } from "./negotiation.ts";
import type { Html } from "./pages.ts";
import { answerCountsSection } from "./question-form.ts";
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

/**
 * The host's side, reached only through the secret host link (no login: the token is the capability). An
 * unknown or forged token is answered exactly like any other unknown link, on every route and before any
 * body is read, so a guess reveals nothing about which events exist. Like every producer, these routes
 * never write guest or event state: each host action is one command on the queue, and the page the form
 * post redirects to reports what the keeper made of it.
 */
export function hostRoutes(deps: HostRouteDeps): Hono<HostEnv> {
  const app = new Hono<HostEnv>();

  // Tokens are stored only as hashes: look the event up by the hash of what was presented.
  const findByToken = async (token: string): Promise<EventRecord> => {
    const event = await deps.reader.findEventByHostTokenHash(hashHostToken(token));
    if (!event) throw new NotFoundError(said("host.unknownLink"));
    return event;
  };

  /** Runs first on every host route (before a body limit or a body is read): the token must open an event. */
  const host: MiddlewareHandler<HostEnv> = async (c, next) => {
    const event = await findByToken(c.req.param("hostToken") ?? "");
    c.set("event", event);
    c.set("language", event.details.language);
    await next();
  };

  const base = (c: Context<HostEnv>) => hostBase(c.req.param("hostToken") ?? "");

  /** A form id for a page about to be rendered (see `issueFormId`). */
  const formIdFor = (c: Context<HostEnv>) => issueFormId(c.req.param("hostToken") ?? "", deps.newId());

  // Every host post must come from a page of this site (the host token alone is not enough: another site
  // the host visits could post a form it built).
  app.post("/h/:hostToken/*", sameOrigin(deps.origin));

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

  const kit: HostRouteKit = { host, formLimit, eventOf, base, formIdFor, noticeOf, enqueue };

  app.get("/h/:hostToken/headcount", async (c) => {
    c.set("jsonOnly", true);
    const token = c.req.param("hostToken");
    const ifNoneMatch = c.req.header("if-none-match");
    // A poll that holds an ETag may be answered from the copy kept for a moment (see HeadcountCache).
    const event = deps.headcount
      ? await deps.headcount.eventFor(
          token,
          () => deps.reader.findEventByHostTokenHash(hashHostToken(token)),
          !ifNoneMatch,
        )
      : await findByToken(token);
    if (!event) throw new NotFoundError(said("host.unknownLink"));
    const etag = headcountTagOf(event);
    // no-cache: a browser may keep it, but must ask again every time (cheap: a 304 when nothing changed).
    c.header("ETag", etag);
    c.header("Cache-Control", "no-cache");
    if (matchesIfNoneMatch(ifNoneMatch, etag)) return c.body(null, 304);
    return c.json(headcountOf(event));
  });

  const live = deps.live;
  if (live)
    app.get("/h/:hostToken/headcount/live", (c) => {
      c.set("jsonOnly", true);
      const token = c.req.param("hostToken");
      return headcountStream(c, live, token, () =>
        deps.reader.findEventByHostTokenHash(hashHostToken(token)),
      );
    });

  app.get("/h/:hostToken", host, async (c) => {
    const event = eventOf(c);
    c.header("Cache-Control", "no-store");
    return c.html(
      hostPage({
        eventName: event.name,
        language: event.details.language,
        base: base(c),
        notice: await noticeOf(c),
        headcount: headcountOf(event),
        etag: headcountTagOf(event),
        headcountPath: `${base(c)}/headcount`,
        livePath: deps.live ? `${base(c)}/headcount/live` : undefined,
        registerUrl: `${deps.origin(c)}/e/${event.eventId}`,
        formId: formIdFor(c),
        auditAvailable: deps.audit !== undefined,
        deliveryProblems: (await deps.deliveryProblems?.list(event.eventId)) ?? [],
        answerCounts: await answerCountsOf(deps.reader, event),
        maxParty: event.settings.maxParty,
        approval: event.settings.approval,
        reconfirmed: await reconfirmedOf(deps, event),
        asksReconfirm: event.settings.reconfirm != null,
        adminArea: deps.adminArea ?? true,
        place:
          [event.details.location.place, event.details.location.address].filter(Boolean).join(", ") ||
          undefined,
      }),
    );
  });

  app.post("/h/:hostToken/capacity", host, formLimit, async (c) => {
    const form = await readHostForm(c.req, CapacityForm);
    return enqueue(c, { type: "set-capacity", capacity: form.capacity }, form.formId);
  });

  app.post("/h/:hostToken/close", host, formLimit, async (c) => {
    const form = await readHostForm(c.req, ButtonForm);
    return enqueue(c, { type: "close-registration" }, form.formId);
  });

  app.post("/h/:hostToken/reopen", host, formLimit, async (c) => {
    const form = await readHostForm(c.req, ButtonForm);
    return enqueue(c, { type: "reopen-registration" }, form.formId);
  });

  app.get("/h/:hostToken/message", host, (c) => {
    const event = eventOf(c);
    c.header("Cache-Control", "no-store");
    return c.html(
      messagePage({
        eventName: event.name,
        language: event.details.language,
        base: base(c),
        confirmed: event.confirmed,
        formId: formIdFor(c),
      }),
    );
  });

  app.post("/h/:hostToken/message", host, formLimit, async (c) => {
    const form = await readHostForm(c.req, MessageForm);
    return enqueue(
      c,
      { type: "message-guests", message: { subject: form.subject, body: form.body } },
      form.formId,
    );
  });

  thanksRoutes(app, deps, kit);

  guestListRoutes(app, deps, kit);

  app.get("/h/:hostToken/ask", host, (c) => {
    c.header("Cache-Control", "no-store");
    return c.html(
      askPage({
        eventName: eventOf(c).name,
        language: eventOf(c).details.language,
        base: base(c),
        assistant: Boolean(deps.assistant),
        answer: null,
      }),
    );
  });

  // A question only reads (through a read model of this one event, which has no way to write), so the answer
  // is rendered right here: there is nothing to enqueue and nothing to redirect to.
  app.post(
    "/h/:hostToken/ask",
    host,
    limitBody(maxAskFormBytes, said("host.questionTooLong"), said("host.questionTooLongHint")),
    async (c) => {
      const event = eventOf(c);
      const form = await readAskBody(c.req);
      const answer = await answerHostQuestion(
        {
          read: hostReadModel(deps.reader, deps.audit ?? null, event.eventId, event),
          now: deps.clock.now(),
          assistant: deps.assistant ?? null,
        },
        form.question,
      );
      c.header("Cache-Control", "no-store");
      c.header("Vary", "Accept");
      if (wantsJson(c)) return c.json(answer);
      return c.html(
        askPage({
          eventName: event.name,
          language: event.details.language,
          base: base(c),
          assistant: Boolean(deps.assistant),
          answer,
        }),
      );
    },
  );
  auditRoutes(app, deps, kit);

  importRoutes(app, deps, kit);

  return app;
}

/**
 * The host page's answer counts among confirmed guests ("12 Vegetarian"), in the event's language; none (and no
 * read of the guest list) for an event without questions. Read from the tally the keeper keeps on the event
 * row; only an event from before it (or whose question gained options after answers in words) reads the list.
 */
async function answerCountsOf(reader: GuestReader, event: EventRecord): Promise<Html | null> {
  const questions = event.settings.questions;
  if (questions.length === 0) return null;
  const counts =
    countsFromTally(event.answerTally, questions, ["confirmed"]) ??
    countAnswers(
      questions,
      (await reader.listGuests(event.eventId)).filter((g) => g.status === "confirmed"),
    );
  return answerCountsSection(counts, translator(event.details.language));
}

/**
 * The host page's "8 of 12" reconfirmed tile (docs/reconfirm.md): from the event row's count, as the live
 * headcount carries it (no read of the guest list); only an event from before that count reads the list
 * (then every guest confirmed now counts, asked or not). None for an event that does not ask, or before its
 * ask went out.
 */
async function reconfirmedOf(
  deps: Pick<HostRouteDeps, "reader" | "clock">,
  event: EventRecord,
): Promise<{ count: number; total: number } | null> {
  const kept = headcountOf(event).reconfirmed;
  if (kept !== undefined) return kept;
  if (!asked(event, deps.clock.now())) return null;
  return reconfirmTally(event, await deps.reader.listGuests(event.eventId), deps.clock.now());
}
