import * as z from "zod";
import { EmailAddress, GuestName, Instant } from "./common.ts";
import { MAX_PARTY } from "./settings.ts";

/** `POST /e/:eventId/rsvp`, as form fields or JSON. Unknown fields are ignored. */
export const RegisterBody = z.object({
  name: GuestName,
  email: EmailAddress,
  /**
   * The seats asked for, the guest included: a number in JSON, digits in a form; absent or empty: 1. The
   * event's own limit (`settings.maxParty`) is checked by the route.
   */
  party: z.preprocess(
    // A form sends digits (an empty select or field: not given); JSON sends a number.
    (v) => (v === "" ? undefined : typeof v === "string" && /^\s*\d{1,3}\s*$/.test(v) ? Number(v) : v),
    z
      .number("party must be a whole number")
      .int("party must be a whole number")
      .min(1, "party must be at least 1")
      .max(MAX_PARTY, `party must be at most ${MAX_PARTY}`)
      .optional(),
  ),
  /**
   * The answers to the event's questions by question id (JSON); a form sends them as `q.<id>` fields. Checked by
   * the route against the event's questions (`answersSchema`).
   */
  answers: z
    .record(z.string(), z.unknown(), { error: "answers must be an object of question id to answer" })
    .optional(),
});
export type RegisterBody = z.infer<typeof RegisterBody>;

/** The 202 answer to an accepted registration. */
export const Accepted = z.object({
  status: z.literal("accepted"),
  commandId: z.string(),
  statusUrl: z.string(),
});
export type Accepted = z.infer<typeof Accepted>;

/** What the status link reports. */
export const RsvpStatus = z.discriminatedUnion("state", [
  z.object({
    state: z.literal("processing"),
    /** When the registration was sent, as its status link tells; null for a link that does not. */
    submittedAt: Instant.nullable(),
    /** True once it has waited far longer than the seconds a registration takes: something is wrong. */
    delayed: z.boolean(),
  }),
  /**
   * The keeper failed on it again and again and set it aside as a dead letter, for the operator to retry
   * (`rsvp dlq replay`): not lost, not decided. Only the embedded runtime can tell (SQS has no lookup).
   */
  z.object({ state: z.literal("set-aside"), failedAt: Instant }),
  z.object({ state: z.literal("failed"), reason: z.string() }),
  z.object({
    state: z.enum(["pending", "confirmed", "waitlisted", "offered", "lapsed", "cancelled", "requested"]),
    name: z.string(),
    /** 1-based place in line while waitlisted. */
    position: z.number().int().nullable(),
    /**
     * Always false: a registration of an address already on the list answers `check-email` instead, so the
     * answer never tells a stranger who is registered (kept for clients that read it).
     */
    duplicate: z.boolean(),
  }),
  /**
   * The registration was handled and the address's owner was emailed where they stand. It is what a
   * registration of an address already on the list answers, saying nothing of the guest it found.
   */
  z.object({ state: z.literal("check-email") }),
  z.object({ state: z.literal("refused"), reason: z.string() }),
]);
export type RsvpStatus = z.infer<typeof RsvpStatus>;

/**
 * A client error as every endpoint reports it. `code` names the refusal for a program, where one needs to tell
 * it from others (`door-link-revoked`); `error` is then in the requester's language.
 */
export const ErrorBody = z.object({
  error: z.string(),
  issues: z.array(z.string()).optional(),
  code: z.string().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
