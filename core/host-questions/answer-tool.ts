import * as z from "zod";
import { GuestStatus } from "../../contracts/guest.ts";
import { countAnswers } from "../../contracts/questions.ts";
import { clockLabel } from "./periods.ts";
import type { HostReadModel } from "./read-model.ts";

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
    const guests = await read.guests({ statuses });
    const counts = countAnswers(event.settings.questions, guests);
    return {
      source: `the answers of ${statuses.join(", ")} guests at ${clockLabel(now, event.timeZone)} (${event.timeZone})`,
      data: {
        guestsCounted: guests.length,
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
