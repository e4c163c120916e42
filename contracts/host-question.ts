import * as z from "zod";
import { hasControlCharacter } from "./common.ts";

/** The longest question a host may ask: a sentence or two, never a document. */
export const maxQuestionLength = 500;

/** A host's question about their guest list, in plain language: one line, trimmed, never empty. */
export const HostQuestion = z
  .string({
    error: (issue) => (issue.input === undefined ? "question is required" : "question must be text"),
  })
  .refine((s) => !hasControlCharacter(s), "the question must be a single line without control characters")
  .trim()
  .min(1, "the question must not be empty")
  .max(maxQuestionLength, `the question must be at most ${maxQuestionLength} characters`);
export type HostQuestion = z.infer<typeof HostQuestion>;

/**
 * Who answered a host's question: the assistant (a model with read-only tools), plain intent matching over the
 * same tools, or nobody (the question needs the assistant, which is not configured or did not answer).
 */
export const AnsweredBy = z.enum(["assistant", "intent", "none"]);
export type AnsweredBy = z.infer<typeof AnsweredBy>;

/** The answer to a host's question, with the data it was read from (`rsvp ask --json`, the host page's JSON). */
export const HostAnswer = z.object({
  question: z.string(),
  answer: z.string(),
  /** What the answer was read from, e.g. "the headcount at 14:02 (Europe/Berlin)"; empty when nothing was read. */
  sources: z.array(z.string()),
  answeredBy: AnsweredBy,
  /** Why the assistant did not answer although it is configured (it failed, or ran out of steps); else null. */
  note: z.string().nullable(),
});
export type HostAnswer = z.infer<typeof HostAnswer>;
