import * as z from "zod";
import { GuestStatus, Notice } from "./guest.ts";

/**
 * What the keeper decided for one command. Expected business outcomes — full, duplicate, closed — are values,
 * not errors: a registration that finds no seat is waitlisted, one that finds its address taken reports the
 * existing guest.
 */
export const Outcome = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("confirmed"), guestId: z.string() }),
  z.object({ kind: z.literal("waitlisted"), guestId: z.string(), waitlistSeq: z.number().int() }),
  z.object({ kind: z.literal("invited"), guestId: z.string() }),
  /** Approval mode: the registration waits for the host (holds no seat, no place in line). */
  z.object({ kind: z.literal("requested"), guestId: z.string() }),
  z.object({ kind: z.literal("duplicate"), guestId: z.string(), status: GuestStatus }),
  z.object({
    kind: z.literal("cancelled"),
    guestId: z.string(),
    from: GuestStatus,
    seatReleased: z.boolean(),
  }),
  /** Seats offered to the head of the waitlist, in line order. */
  z.object({ kind: z.literal("offered"), guestIds: z.array(z.string()) }),
  z.object({ kind: z.literal("claimed"), guestId: z.string() }),
  z.object({ kind: z.literal("lapsed"), guestId: z.string() }),
  z.object({ kind: z.literal("notified"), guestId: z.string(), notice: Notice }),
  /** The guest gets no more of the host's messages; their RSVP is unchanged. */
  z.object({ kind: z.literal("messages-muted"), guestId: z.string() }),
  /** The guest's personal data was erased; `seatReleased`: they held a seat or an offer, which passes on. */
  z.object({ kind: z.literal("erased"), guestId: z.string(), seatReleased: z.boolean() }),
  /** The event's retention period ended: each guest's data is erased next (one `erase-guest` each). */
  z.object({ kind: z.literal("retention-due") }),
  /** A registration waits for its address to be confirmed: the confirmation email goes out. */
  z.object({ kind: z.literal("verification-sent") }),
  /** The guest's answers to the event's questions were replaced; their RSVP is unchanged. */
  z.object({ kind: z.literal("answers-set"), guestId: z.string() }),
  /** The guest said yes to "still coming?"; the seat stays theirs. */
  z.object({ kind: z.literal("reconfirmed"), guestId: z.string() }),
  z.object({ kind: z.literal("message-recorded") }),
  /** Seats of a confirmed guest's party were checked in at the door: `seats` arrived in all, of `party`. */
  z.object({
    kind: z.literal("checked-in"),
    guestId: z.string(),
    seats: z.number().int(),
    party: z.number().int(),
  }),
  z.object({ kind: z.literal("summary-recorded"), day: z.string() }),
  z.object({ kind: z.literal("capacity-set"), from: z.number().int(), to: z.number().int() }),
  z.object({ kind: z.literal("registration-closed") }),
  z.object({ kind: z.literal("registration-reopened") }),
  /** The thank-you note moved on: drafting (the event ended), drafted (awaits approval), approved (sent). */
  z.object({ kind: z.literal("thank-you"), status: z.enum(["drafting", "drafted", "approved"]) }),
  /** The host's thank-you setting or notes were recorded. */
  z.object({ kind: z.literal("thank-you-set") }),
  /**
   * The host's edit was recorded: which fields changed, and whether guests are told (date, time or place
   * changed: the calendar sequence went up to `calendarSequence`).
   */
  z.object({
    kind: z.literal("event-edited"),
    changed: z.array(z.string()),
    guestsNotified: z.boolean(),
    calendarSequence: z.number().int(),
  }),
  /**
   * A timer that came before its time (Scheduler fires anywhere in the minute, a replay may be early): not
   * applied and not recorded as applied, so the same command is decided again when it comes back at `dueAt`.
   */
  z.object({ kind: z.literal("not-yet"), dueAt: z.string() }),
  /**
   * A guest's party changed from `from` to `to` seats (core/party-changes.ts); `seatsReleased` seats were freed.
   */
  z.object({
    kind: z.literal("party-changed"),
    guestId: z.string(),
    from: z.number().int(),
    to: z.number().int(),
    seatsReleased: z.number().int(),
  }),
  /**
   * A party change that was not made; the guest keeps their `party` seats. `no-seats`: a raise while the extra
   * seats are not free (or others wait for them); `party-too-large`: above the event's limit; `not-registered`:
   * the guest left (cancelled, lapsed); `event-started`: a raise after the start.
   */
  z.object({
    kind: z.literal("party-kept"),
    guestId: z.string(),
    party: z.number().int(),
    reason: z.enum(["no-seats", "party-too-large", "not-registered", "event-started"]),
  }),
  /** Nothing to do: already in the asked-for state (a double click, a replay). */
  z.object({ kind: z.literal("unchanged"), guestId: z.string().nullable() }),
  /** The host removed a guest (issue 14 §3): what they held, the seats freed, and whether they are told. */
  z.object({
    kind: z.literal("removed"),
    guestId: z.string(),
    from: GuestStatus,
    seatsReleased: z.number().int(),
    notified: z.boolean(),
  }),
  /** The host seated a waiting guest. */
  z.object({ kind: z.literal("admitted"), guestId: z.string(), from: GuestStatus }),
  /** A guest's name or party changed: which fields, and the seats freed (negative: taken). */
  z.object({
    kind: z.literal("guest-edited"),
    guestId: z.string(),
    changed: z.array(z.string()),
    seatsReleased: z.number().int(),
  }),
  /** A door link was recorded on the event, or revoked (docs/door.md). */
  z.object({ kind: z.literal("door-link-minted"), linkId: z.string() }),
  z.object({ kind: z.literal("door-link-revoked"), linkId: z.string() }),
  z.object({
    kind: z.literal("refused"),
    reason: z.enum([
      "registration-closed",
      "event-started",
      "guest-not-found",
      "event-not-found",
      /** A claim after the claim window ended. */
      "offer-expired",
      /** A claim or decline from a guest who holds no offer (and no invitation, for decline). */
      "no-offer",
      /** A confirm-invite from a guest who was not invited. */
      "not-invited",
      /** A notice that no longer applies (a reminder to a cancelled guest), or a check-in of a guest without a seat. */
      "not-applicable",
      /** An approval while there is no draft yet (the event has not ended, or the note is off). */
      "thanks-not-drafted",
      /** A change of the thank-you setting or notes after the note was drafted. */
      "thanks-already-drafted",
      /** An edit to a start in the past, or an end that is not after the start. */
      "edit-invalid",
      /** An approval or decline of a guest who has no request waiting (docs/approval.md). */
      "not-requested",
      /** A host admit or party raise while the party's (extra) seats are not free. */
      "not-enough-seats",
      /** A party larger than the event allows. */
      "party-too-large",
      /** An admit of a guest who is not waiting (confirmed already, or left). */
      "not-waiting",
      /** A guest asked for something only the host may do (a party change through the name form). */
      "host-only",
    ]),
  }),
]);
export type Outcome = z.infer<typeof Outcome>;

/** A command's recorded result, kept so redeliveries are recognised and status links can be answered. */
export const CommandResult = z.object({ commandId: z.string(), outcome: Outcome });
export type CommandResult = z.infer<typeof CommandResult>;
