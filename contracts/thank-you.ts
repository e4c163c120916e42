import * as z from "zod";
import { Instant, textProblem } from "./common.ts";

/**
 * The post-event thank-you note. When the event ends a timer tells the keeper, which records the note as
 * `drafting`; a stream handler drafts it once per event (Bedrock on AWS, a template without it) and the keeper
 * records the draft; the host approves it (or it goes automatically), which freezes the final text on the event;
 * the messenger then sends it once to each guest who holds a seat, with their name merged in.
 */

/**
 * What happens after the event: `auto` sends the note as soon as it is drafted, `approve` waits for the host
 * to approve (or edit) the draft, `off` sends none.
 */
export const ThankYouMode = z.enum(["auto", "approve", "off"]);
export type ThankYouMode = z.infer<typeof ThankYouMode>;

/** The one placeholder a note may hold: replaced by each guest's name when the note is sent. */
export const NAME_PLACEHOLDER = "{name}";

/** The longest note: a page of text, far more than a thank-you needs. */
export const maxThankYouLength = 4_000;

/**
 * Host notes are kept on the event row, which DynamoDB writes again (and bills by the KB) with every guest
 * change: a short cap keeps that cheap.
 */
export const maxThankYouNotesLength = 1_000;

/** Text as a person or a model wrote it: line breaks normalised to \n, trimmed. */
const plainText = (max: number, what: string) =>
  z
    .string({ error: `${what} must be text` })
    .transform((s) => s.replace(/\r\n?/g, "\n").trim())
    .refine((s) => textProblem(s, what, "text") === null, {
      error: (issue) => textProblem(String(issue.input), what, "text") ?? `${what} must be plain text`,
    })
    .refine((s) => s.length <= max, `${what} must be at most ${max.toLocaleString("en")} characters`);

/** A note's text, as the keeper records it: plain text, never empty. */
export const ThankYouText = plainText(maxThankYouLength, "the note").refine(
  (s) => s.length > 0,
  "the note must not be empty",
);
export type ThankYouText = z.infer<typeof ThankYouText>;

/** Every `{…}` in a text: a placeholder, or a typo of one. */
export function placeholdersIn(text: string): string[] {
  return text.match(/\{[^{}\n]{0,40}\}/g) ?? [];
}

/**
 * A note as the host edits it: `{name}` is the only placeholder, so a mistyped `{nmae}` is caught before it
 * reaches a guest's inbox.
 */
export const HostThankYouText = ThankYouText.refine(
  (s) => placeholdersIn(s).every((p) => p === NAME_PLACEHOLDER),
  `the only placeholder a note may hold is ${NAME_PLACEHOLDER} (the guest's name)`,
);

/** What the host wants the note to mention (fed to the drafter); empty: nothing in particular. */
export const ThankYouNotes = plainText(maxThankYouNotesLength, "the notes");

/** Who wrote the note's current text. */
export const ThankYouSource = z.enum(["model", "template", "host"]);
export type ThankYouSource = z.infer<typeof ThankYouSource>;

/**
 * Where an event's note stands, recorded by the keeper once the event has ended (absent before).
 * - `drafting`: the event ended; the draft is being written;
 * - `drafted`: the draft waits for the host's approval (`approve` mode);
 * - `approved`: the text is final and goes to every guest holding a seat, once.
 */
export const ThankYouState = z.object({
  status: z.enum(["drafting", "drafted", "approved"]),
  /** When the keeper learnt that the event had ended. */
  endedAt: Instant,
  /** The draft while `drafted`; the frozen final text once `approved`; null while `drafting`. */
  body: ThankYouText.nullable(),
  source: ThankYouSource.nullable(),
  approvedAt: Instant.nullable(),
  /** `auto`: sent as drafted by the event's setting; `host`: approved by the host. */
  approvedBy: z.enum(["auto", "host"]).nullable(),
});
export type ThankYouState = z.infer<typeof ThankYouState>;
