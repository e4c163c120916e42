import * as z from "zod";
import { Id, Instant, Lane } from "./common.ts";
import { Counters } from "./event.ts";
import { Answers } from "./questions.ts";

/**
 * Guest states. pending (imported, invited) → confirmed | waitlisted; waitlisted → offered → confirmed | lapsed;
 * confirmed | offered | waitlisted | pending → cancelled; cancelled | lapsed → confirmed | waitlisted when the
 * guest registers again (a new round on the same row). With approval on (`settings.approval`), a registration is
 * `requested`: it holds no seat and no place in line until the host approves (→ confirmed | waitlisted) or
 * declines (→ cancelled), or the guest withdraws it (→ cancelled). See docs/approval.md. Rows are never deleted.
 */
export const GuestStatus = z.enum([
  "pending",
  "confirmed",
  "waitlisted",
  "offered",
  "lapsed",
  "cancelled",
  "requested",
]);
export type GuestStatus = z.infer<typeof GuestStatus>;

/** The order statuses are listed in for a host: who is coming first, who left last. */
export const guestStatusDisplayOrder: readonly GuestStatus[] = [
  "confirmed",
  "offered",
  "waitlisted",
  "requested",
  "pending",
  "lapsed",
  "cancelled",
];

/**
 * What a guest-row change did; reminders, re-sent links and unsubscribing from the host's messages change no
 * status but still pass the keeper.
 */
export const GuestAction = z.enum([
  "register",
  "invite",
  "confirm-invite",
  "cancel",
  "decline",
  "offer",
  "claim",
  "expire-offer",
  "notify",
  "mute-messages",
  "set-answers",
  /** The host approves a request: the guest asks for seats like a registration (docs/approval.md). */
  "approve",
  /** The host declines a request. */
  "decline-request",
  /** The host's hand (issue 14 §3): removed and told, removed quietly, admitted, name or party edited. */
  "remove",
  "remove-quietly",
  "admit",
  "edit",
  "change-party",
  /** A guest (or part of their party) arrived at the door: no status change (see core/check-in-decisions.ts). */
  "check-in",
  "erase",
  "reconfirm",
]);
export type GuestAction = z.infer<typeof GuestAction>;

/** A message to a guest that is not a status change: a reminder, a deferred offer, a re-sent link. */
export const Notice = z.enum([
  "reminder-week",
  "reminder-day",
  "reminder-morning",
  "offer",
  "resend-link",
  "reconfirm",
]);
export type Notice = z.infer<typeof Notice>;

/** A seat held for a waitlisted guest: when it was offered, when the email goes out, when the hold ends. */
export const Offer = z.object({ offeredAt: Instant, deliverAt: Instant, expiresAt: Instant });
export type Offer = z.infer<typeof Offer>;

/** The transition that produced a guest row's current state, with the event counters around it. */
export const GuestTransition = z.object({
  commandId: z.string(),
  lane: Lane,
  at: Instant,
  action: GuestAction,
  notice: Notice.nullable().default(null),
  from: GuestStatus.nullable(),
  to: GuestStatus,
  countersBefore: Counters,
  countersAfter: Counters,
});
export type GuestTransition = z.infer<typeof GuestTransition>;

/** One guest of one event. */
export const GuestRecord = z.object({
  eventId: Id,
  guestId: Id,
  name: z.string(),
  email: z.string(),
  /** The normalised address that uniqueness is enforced on. */
  emailKey: z.string(),
  status: GuestStatus,
  /** The lane the guest registered through. */
  lane: Lane,
  /**
   * How many seats the guest holds or asks for, themselves included (1..the event's `maxParty`). Rows written
   * before parties hold none and read as 1.
   */
  party: z.number().int().min(1).default(1),
  /** Set while (and after) the guest is on the waitlist; the position is the rank by this number. */
  waitlistSeq: z.number().int().min(1).nullable(),
  /** The offer a guest holds or held (kept after a claim or lapse, for the record). */
  offer: Offer.nullable().default(null),
  /**
   * Whether the host's messages reach this guest: false once they unsubscribed. Rows written before there was
   * a way to unsubscribe hold no such field and read as true.
   */
  hostMessages: z.boolean().default(true),
  /**
   * Which registration of this address the row holds: 1 for the first, one more each time the guest registers
   * again after cancelling or letting an offer lapse. Timer names and the offer email's key carry it, so a new
   * round's timers and emails are not taken for the earlier round's (which fired, or were sent, already).
   * Absent in the first round, so the rows (and timer names) of guests who never came back stay as they were.
   */
  round: z.number().int().min(1).optional(),
  /**
   * Who of the party came through the door: how many seats (1..party) and when the latest of them was checked
   * in. A fact on a confirmed guest, not a status; absent until the first check-in (and on rows from before).
   */
  checkedIn: z.object({ seats: z.number().int().min(1), at: Instant }).optional(),

  /**
   * When the guest's personal data was erased (their own request, or the event's retention period): name and
   * address then hold placeholders, and no email goes to the row. Absent: not erased.
   */
  erasedAt: Instant.optional(),

  /**
   * The guest's answers to the event's questions, by question id (see contracts/questions.ts). Rows written
   * before questions hold none and read as {}. Personal data: erasing a guest's data blanks it to {}.
   */
  answers: Answers.default({}),
  /**
   * When the guest last answered "still coming?" with yes (docs/reconfirm.md); absent while they have not.
   * A guest who lost the seat releases nothing on a later answer: it is judged against the ask's time.
   */
  reconfirmedAt: Instant.optional(),
  /**
   * When the guest was asked "still coming?" and in which of their rounds (`round`): a guest who comes back
   * later is not asked again, so only an ask of the round they are in counts (core/reconfirm-tally.ts).
   * Absent: never asked (or a row from before it was kept).
   */
  reconfirmAsked: z.object({ at: Instant, round: z.number().int().min(1) }).optional(),
  createdAt: Instant,
  updatedAt: Instant,
  version: z.number().int().min(1),
  lastChange: GuestTransition,
});
export type GuestRecord = z.infer<typeof GuestRecord>;

/** The round a guest row is in (see `GuestRecord.round`): 1 until the guest first registers again. */
export function roundOf(guest: Pick<GuestRecord, "round">): number {
  return guest.round ?? 1;
}

/**
 * What a key named for a guest (a timer, an email, a link's command) adds for the round it is in: nothing in the
 * first round, so the keys of guests who never came back stay as they were; `${tag}${round}` after that.
 */
export function roundSuffix(round: number, tag: string): string {
  return round > 1 ? `${tag}${round}` : "";
}
