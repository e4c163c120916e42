import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEventRecord } from "../../core/event-factory.ts";
import { answerHostQuestion } from "../../core/host-questions/ask.ts";
import { hostReadModel } from "../../core/host-questions/read-model.ts";
import { hashHostToken, mintHostToken } from "../../core/host-token.ts";
import { type EmbeddedRuntime, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { register } from "../helpers/factories.ts";
import { sampleQuestions } from "../helpers/questions.ts";

/**
 * The host's questions about the form's answers without a model (issue 15 §1, §2 leftovers): "how many
 * vegetarian?" in English or German is counted from the confirmed guests' answers by the count_answers tool,
 * not read as the headcount.
 */
const silent = pino({ level: "silent" });
let dir: string;
let runtime: EmbeddedRuntime;
const eventId = "answers-party";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "rsvp-host-answers-"));
  runtime = await startEmbedded({ dataDir: dir, http: false, logger: silent });
  const event = createEventRecord(
    {
      eventId,
      name: "Garden party",
      startsAtLocal: "2030-07-14T15:00",
      timeZone: "Europe/Berlin",
      capacity: 3,
      hostTokenHash: hashHostToken(mintHostToken()),
      settings: { questions: sampleQuestions as never },
    },
    new Date(),
  );
  await runtime.store.createEvent(event);
  const guest = (n: number, diet: string, photos: boolean) =>
    register(eventId, `g${n}@example.org`, `Guest ${n}`, { answers: { diet, photos } });
  // Three seats: the fourth (vegetarian) waits in line and is not counted.
  await runtime.queue.send([
    guest(1, "Vegetarian", true),
    guest(2, "Vegetarian", false),
    guest(3, "None", true),
    guest(4, "Vegetarian", true),
  ]);
  await runtime.idle();
});
afterAll(async () => {
  await runtime.stop();
  rmSync(dir, { recursive: true, force: true });
});

const ask = (question: string) =>
  answerHostQuestion(
    { read: hostReadModel(runtime.store, null, eventId), now: new Date(), assistant: null },
    question,
  );

describe("answers questions without the assistant", () => {
  it.each([
    [
      "how many vegetarian?",
      "2 confirmed guests answered “Vegetarian” to “Dietary needs” (of 3 confirmed guests).",
    ],
    [
      "wie viele vegetarisch?",
      "2 confirmed guests answered “Vegetarian” to “Dietary needs” (of 3 confirmed guests).",
    ],
    [
      "How many vegans are coming?",
      "0 confirmed guests answered “Vegan” to “Dietary needs” (of 3 confirmed guests).",
    ],
    [
      "how many answered the dietary needs?",
      "3 confirmed guests of 3 answered “Dietary needs” (None: 1; Vegetarian: 2; Vegan: 0).",
    ],
    [
      "wie viele Antworten zu photos?",
      "3 confirmed guests of 3 answered “Photos of me may be shared” (yes: 2; no: 1).",
    ],
  ])("%s", async (question, answer) => {
    const reply = await ask(question);
    expect(reply).toMatchObject({ answer, answeredBy: "intent", note: null });
    expect(reply.sources).toEqual([expect.stringMatching(/^the answers of confirmed guests at \d\d:\d\d/)]);
  });

  it("still reads a plain 'how many' as the headcount", async () => {
    const reply = await ask("how many are coming?");
    expect(reply.answer).toMatch(/^3 guests are confirmed for 3 seats/);
  });
});
