import { z } from "zod";
import { Id, Instant, Lane } from "./common.ts";
import { Counters } from "./event.ts";

/**
 * Guest states. pending (imported, invited) → confirmed | waitlisted; waitlisted → offered → confirmed | lapsed;
 * confirmed | offered | waitlisted | pending → cancelled. Rows are never deleted.
 */
export const GuestStatus = z.enum(["pending", "confirmed", "waitlisted", "offered", "lapsed", "cancelled"]);
export type GuestStatus = z.infer<typeof GuestStatus>;

/** The transition that produced a guest row's current state, with the event counters around it. */
export const GuestTransition = z.object({
  commandId: z.string(),
  lane: Lane,
  at: Instant,
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
  /** Set while (and after) the guest is on the waitlist; the position is the rank by this number. */
  waitlistSeq: z.number().int().min(1).nullable(),
  createdAt: Instant,
  updatedAt: Instant,
  version: z.number().int().min(1),
  lastChange: GuestTransition,
});
export type GuestRecord = z.infer<typeof GuestRecord>;
