import type { Handler } from "hono";
import { type EventRecord, headcountOf } from "../../contracts/event.ts";
import { countAnswers } from "../../contracts/questions.ts";
import { countsFromTally } from "../../core/answer-tally.ts";
import { answerHostQuestion } from "../../core/host-questions/ask.ts";
import { hostReadModel } from "../../core/host-questions/read-model.ts";
import { hashHostToken } from "../../core/host-token.ts";
import type { GuestReader } from "../../core/ports.ts";
import { reconfirmTally } from "../../core/reconfirm.ts";
import { translator } from "../../i18n/index.ts";
import { NotFoundError, said } from "./errors.ts";
import { asked } from "./guest-list-routes.ts";
import { headcountTagOf, matchesIfNoneMatch } from "./headcount-cache.ts";
import type { HeadcountLive } from "./headcount-live.ts";
import { headcountStream } from "./headcount-stream.ts";
import { ButtonForm, CapacityForm, MessageForm, readAskBody, readHostForm } from "./host-forms.ts";
import { askPage, hostPage, messagePage } from "./host-pages.ts";
import type { HostEnv, HostRouteDeps, HostRouteKit } from "./host-routes.ts";
import { wantsJson } from "./negotiation.ts";
import type { Html } from "./pages.ts";
import { answerCountsSection } from "./question-form.ts";

// The handlers of the host routes' own table (host-routes.ts): the live headcount, the host page, the
// registration actions, the message to guests and the host's questions. Each is made once per app from the
// routes' deps and kit.

type HostHandler = Handler<HostEnv>;

/** `GET /h/:hostToken/headcount`: the live headcount as JSON, with an ETag, answered 304 when unchanged. */
export function headcountPoll(
  deps: HostRouteDeps,
  findByToken: (token: string) => Promise<EventRecord>,
): Handler<HostEnv, "/h/:hostToken/headcount"> {
  return async (c) => {
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
  };
}

/** `GET /h/:hostToken/headcount/live`: the live headcount as server-sent events. */
export function headcountLive(
  deps: HostRouteDeps,
  live: HeadcountLive,
): Handler<HostEnv, "/h/:hostToken/headcount/live"> {
  return (c) => {
    c.set("jsonOnly", true);
    const token = c.req.param("hostToken");
    return headcountStream(c, live, token, () => deps.reader.findEventByHostTokenHash(hashHostToken(token)));
  };
}

/** `GET /h/:hostToken`: the host page. */
export function showHostPage(deps: HostRouteDeps, kit: HostRouteKit): HostHandler {
  const { eventOf, base, formIdFor, noticeOf } = kit;
  return async (c) => {
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
  };
}

/** `POST /h/:hostToken/capacity`. */
export function setCapacity({ enqueue }: HostRouteKit): HostHandler {
  return async (c) => {
    const form = await readHostForm(c.req, CapacityForm);
    return enqueue(c, { type: "set-capacity", capacity: form.capacity }, form.formId);
  };
}

/** `POST /h/:hostToken/close`. */
export function closeRegistration({ enqueue }: HostRouteKit): HostHandler {
  return async (c) => {
    const form = await readHostForm(c.req, ButtonForm);
    return enqueue(c, { type: "close-registration" }, form.formId);
  };
}

/** `POST /h/:hostToken/reopen`. */
export function reopenRegistration({ enqueue }: HostRouteKit): HostHandler {
  return async (c) => {
    const form = await readHostForm(c.req, ButtonForm);
    return enqueue(c, { type: "reopen-registration" }, form.formId);
  };
}

/** `GET /h/:hostToken/message`: the form for a message to every confirmed guest. */
export function showMessageForm({ eventOf, base, formIdFor }: HostRouteKit): HostHandler {
  return (c) => {
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
  };
}

/** `POST /h/:hostToken/message`. */
export function messageGuests({ enqueue }: HostRouteKit): HostHandler {
  return async (c) => {
    const form = await readHostForm(c.req, MessageForm);
    return enqueue(
      c,
      { type: "message-guests", message: { subject: form.subject, body: form.body } },
      form.formId,
    );
  };
}

/** `GET /h/:hostToken/ask`: the page where the host asks about the event. */
export function showAskForm(deps: HostRouteDeps, { eventOf, base }: HostRouteKit): HostHandler {
  return (c) => {
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
  };
}

/**
 * `POST /h/:hostToken/ask`. A question only reads (through a read model of this one event, which has no way to
 * write), so the answer is rendered right here: there is nothing to enqueue and nothing to redirect to.
 */
export function answerQuestion(deps: HostRouteDeps, { eventOf, base }: HostRouteKit): HostHandler {
  return async (c) => {
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
  };
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
