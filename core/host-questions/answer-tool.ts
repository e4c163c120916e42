import * as z from "zod";
import type { EventRecord } from "../../contracts/event.ts";
import { GuestStatus } from "../../contracts/guest.ts";
import { type AnswerCount, countAnswers } from "../../contracts/questions.ts";
import { countsFromTally, guestsCountedOf } from "../answer-tally.ts";
import { clockLabel } from "./periods.ts";
import type { HostReadModel } from "./read-model.ts";

/**
 * The answers of the guests with these statuses: from the counts the keeper keeps on the event row (the answers'
 * tally and the parties), as the host page reads them, with no read of the guest list; from the list only
 * where the row cannot say (an event from before the tally, or a status the row does not count).
 */
async function countedAnswers(
  read: HostReadModel,
  event: EventRecord,
  statuses: readonly GuestStatus[],
): Promise<{ counts: AnswerCount[]; guestsCounted: number }> {
  const questions = event.settings.questions;
  const kept = countsFromTally(event.answerTally, questions, statuses);
  const guestsCounted = kept ? guestsCountedOf(event, statuses) : null;
  if (kept && guestsCounted !== null) return { counts: kept, guestsCounted };
  const guests = await read.guests({ statuses: [...statuses] });
  return { counts: countAnswers(questions, guests), guestsCounted: guests.length };
}

/**
 * The answers to the event's questions, counted (issue 15 §1): per option for choice and yes/no questions ("12
 * Vegetarian"), how many answered for text questions; among confirmed guests unless asked otherwise. Text
 * answers are guests' words and are not returned, only counted.
 */
export const countAnswersTool = {
  name: "count_answers",
  description:
    "The event's questions on the register form and how guests answered them: for each question its label and " +
    "kind, and per option (yes/no: yes and no) how many guests chose it; for text questions how many answered. " +
    "Counts confirmed guests unless statuses are given.",
  input: z.strictObject({
    statuses: z
      .array(GuestStatus)
      .max(6)
      .optional()
      .describe("which guests to count, by status (default: confirmed)"),
  }),
  run: async ({ read, now }: { read: HostReadModel; now: Date }, input: { statuses?: GuestStatus[] }) => {
    const event = await read.event();
    const statuses = input.statuses && input.statuses.length > 0 ? input.statuses : ["confirmed" as const];
    const { counts, guestsCounted } = await countedAnswers(read, event, statuses);
    return {
      source: `the answers of ${statuses.join(", ")} guests at ${clockLabel(now, event.timeZone)} (${event.timeZone})`,
      data: {
        guestsCounted,
        questions: counts.map(({ question, options, answered }) => ({
          label: question.label,
          kind: question.kind,
          required: question.required,
          answered,
          ...(options.length > 0
            ? { options: options.map((o) => ({ option: o.option, guests: o.count })) }
            : {}),
        })),
      },
    };
  },
};
