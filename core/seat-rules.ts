import type { Counters } from "../contracts/event.ts";
import type { GuestStatus } from "../contracts/guest.ts";

/** The statuses that occupy a seat: a confirmed guest, or one holding an offer. */
export function holdsSeat(status: GuestStatus | null): boolean {
  return status === "confirmed" || status === "offered";
}

/** Seats neither confirmed nor held by an offer. Negative when the cap was lowered below the headcount. */
export function freeSeats(c: Counters): number {
  return c.capacity - c.confirmed - c.offered;
}

/**
 * Whether a new registrant may take a seat. Order matters: confirmed, then held offers, then the waitlist —
 * a free seat with people waiting belongs to the head of the line, so a newcomer never jumps the queue.
 */
export function seatAvailableForNewcomer(c: Counters): boolean {
  return freeSeats(c) > 0 && c.waitlisted === 0;
}

const counted = { confirmed: "confirmed", offered: "offered", waitlisted: "waitlisted" } as const;

/** The counters after one guest moves from one status to another (null: a new guest). */
export function moveGuest(c: Counters, from: GuestStatus | null, to: GuestStatus): Counters {
  const next = { ...c };
  if (from && from in counted) next[counted[from as keyof typeof counted]] -= 1;
  if (to in counted) next[counted[to as keyof typeof counted]] += 1;
  if (to === "waitlisted" && from !== "waitlisted") next.nextWaitlistSeq += 1;
  return next;
}

/** The moves the state machine allows; anything else is a bug in a decision. */
const allowed: Record<GuestStatus | "new", readonly GuestStatus[]> = {
  new: ["pending", "confirmed", "waitlisted"],
  pending: ["confirmed", "waitlisted", "cancelled"],
  waitlisted: ["offered", "cancelled"],
  offered: ["confirmed", "lapsed", "cancelled"],
  confirmed: ["cancelled"],
  lapsed: [],
  cancelled: [],
};

/** Whether the guest state machine permits a transition. */
export function canMove(from: GuestStatus | null, to: GuestStatus): boolean {
  return allowed[from ?? "new"].includes(to);
}

/**
 * Whether an event's state calls for an offer round: seats free, people waiting, and the event not yet
 * started (`at` is when the state was committed). Newcomers never take such seats, so without a round they
 * would stay empty.
 */
export function seatsAwaitOffers(event: Counters & { startsAt: string }, at: Date): boolean {
  return freeSeats(event) > 0 && event.waitlisted > 0 && at.getTime() < Date.parse(event.startsAt);
}
