import { createHash } from "node:crypto";
import { type Context, Hono } from "hono";
import { SetAnswersCommand } from "../../contracts/command.ts";
import { Id } from "../../contracts/common.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import type { Accepted } from "../../contracts/http.ts";
import type { Keyring } from "../../contracts/link.ts";
import type { Answers } from "../../contracts/questions.ts";
import { linkPath } from "../../core/link-minter.ts";
import type { Clock, CommandQueue, GuestReader } from "../../core/ports.ts";
import { answersPage, type SaveNotice } from "./answer-pages.ts";
import { InvalidInputError } from "./errors.ts";
import { wordsFor } from "./event-view.ts";
import { isFormType, isJsonType, mediaTypeOf, type WebEnv, wantsJson } from "./negotiation.ts";
import { checkAnswers, formAnswers } from "./question-form.ts";
import { limitBody, readFormBody, readUtf8Body } from "./request-body.ts";
import { linkClaimsOf, linkEventOf, linkGuestOf } from "./signed-link.ts";

export interface AnswerRouteDeps {
  reader: GuestReader;
  queue: CommandQueue;
  clock: Clock;
  keyring: () => Keyring;
  origin: (c: Context<WebEnv>) => string;
}

/** A form of ten questions with long answers fits many times over. */
const maxAnswersBodyBytes = 64 * 1024;

/**
 * The command id of a save: from the token and the answers, so a double click or a reloaded post is one command
 * (the queue keeps it once, the keeper applies it once), while a different set of answers is a new one.
 */
export function answersCommandId(token: string, answers: Answers): string {
  const digest = createHash("sha256")
    .update(`${token}\n${JSON.stringify(answers)}`)
    .digest("base64url");
  return `ans-${digest.slice(0, 32)}`;
}

const left = (guest: GuestRecord) => guest.status === "cancelled" || guest.status === "lapsed";

/**
 * A guest's answers link (`/l/answers/<token>`, from their manage page): GET shows the questions with their
 * answers and changes nothing; the form's POST checks the answers against the event's questions (problems
 * beside the fields, 422) and enqueues one `set-answers` command, then shows the page again with what the
 * keeper made of it (`?sent=<command id>`). JSON: POST `{"answers": {…}}`, answered 202.
 */
export function answerRoutes(deps: AnswerRouteDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  const open = async (c: Context<WebEnv>, token: string) => {
    const claims = linkClaimsOf(token, deps.keyring(), "answers", deps.clock.now());
    const event = await linkEventOf(c, deps.reader, claims.eventId);
    const guest = await linkGuestOf(deps.reader, event, claims.guestId);
    c.header("Cache-Control", "no-store");
    return { event, guest };
  };

  const noticeOf = async (event: EventRecord, sent: string | undefined): Promise<SaveNotice> => {
    if (!sent || !Id.safeParse(sent).success) return null;
    const result = await deps.reader.getCommandResult(event.eventId, sent);
    if (!result) return "processing";
    const kind = result.outcome.kind;
    return kind === "answers-set" ? "saved" : kind === "unchanged" ? "unchanged" : "refused";
  };

  app.get("/l/answers/:token", async (c) => {
    const token = c.req.param("token");
    const { event, guest } = await open(c, token);
    if (wantsJson(c))
      return c.json({
        eventId: event.eventId,
        questions: event.settings.questions,
        answers: guest.answers ?? {},
      });
    const notice = await noticeOf(event, c.req.query("sent"));
    return c.html(
      answersPage({
        event,
        guest,
        values: guest.answers ?? {},
        errors: [],
        notice,
        postPath: linkPath("answers", token),
        closed: left(guest),
      }),
    );
  });

  app.post(
    "/l/answers/:token",
    limitBody(maxAnswersBodyBytes, `the body is larger than ${maxAnswersBodyBytes / 1024} KB`),
    async (c) => {
      const token = c.req.param("token");
      const { event, guest } = await open(c, token);
      const { t } = wordsFor(event);
      const questions = event.settings.questions;
      const type = mediaTypeOf(c.req.header("content-type"));
      let raw: unknown;
      if (isFormType(type))
        raw = formAnswers(questions, await readFormBody(c.req, "the form could not be read"));
      else if (isJsonType(type)) raw = jsonAnswers(await readUtf8Body(c.req));
      else throw new InvalidInputError('send the answers as a form, or as JSON {"answers": {…}}');
      const checked = checkAnswers(questions, raw, t);
      if (!checked.ok) {
        if (wantsJson(c) || isJsonType(type))
          throw new InvalidInputError(
            `the answers are not valid: ${checked.errors.map((e) => e.message).join("; ")}`,
            checked.errors.map((e) => e.message),
          );
        const values = (raw ?? {}) as Record<string, unknown>;
        const page = answersPage({
          event,
          guest,
          values,
          errors: checked.errors,
          notice: null,
          postPath: linkPath("answers", token),
          closed: left(guest),
        });
        return c.html(page, 422);
      }
      const command = SetAnswersCommand.parse({
        type: "set-answers",
        eventId: event.eventId,
        guestId: guest.guestId,
        commandId: answersCommandId(token, checked.answers),
        issuedAt: deps.clock.now().toISOString(),
        lane: "link",
        answers: checked.answers,
      });
      await deps.queue.send([command]);
      const back = `${linkPath("answers", token)}?sent=${command.commandId}`;
      if (!wantsJson(c)) return c.redirect(back, 303);
      const statusUrl = `${deps.origin(c)}${back}`;
      c.header("Location", statusUrl);
      const accepted: Accepted = { status: "accepted", commandId: command.commandId, statusUrl };
      return c.json(accepted, 202);
    },
  );

  return app;
}

/** The answers of a JSON body `{"answers": {…}}`. */
function jsonAnswers(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidInputError('the body is not valid JSON; send {"answers": {"question-id": "answer"}}');
  }
  if (typeof value !== "object" || value === null || !("answers" in value))
    throw new InvalidInputError('send {"answers": {"question-id": "answer"}}');
  return value.answers;
}
