import type { Counters } from "../contracts/event.ts";
import type { GuestRecord, GuestStatus } from "../contracts/guest.ts";

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

/**
 * The seats a guest counts for in the counters: one per guest for now. Every count of seats (the counters, the
 * seats a decision grants) goes through here, so a party size changes this one rule.
 */
export function seatsOf(_guest: Pick<GuestRecord, "guestId">): number {
  return 1;
}

/**
 * The counters after one guest, counting `seats`, moves from one status to another (null: a new guest). The
 * line's next number moves by one per guest who joins it, whatever their seats.
 */
export function moveGuest(c: Counters, from: GuestStatus | null, to: GuestStatus, seats = 1): Counters {
  const next = { ...c };
  if (from && from in counted) next[counted[from as keyof typeof counted]] -= seats;
  if (to in counted) next[counted[to as keyof typeof counted]] += seats;
  if (to === "waitlisted" && from !== "waitlisted") next.nextWaitlistSeq += 1;
  return next;
}

/**
 * The moves the state machine allows; anything else is a bug in a decision. A guest who left (cancelled, or let
 * an offer lapse) may register again, on the same row, like a newcomer: a seat if one is free and nobody
 * waits, else the end of the line. An invitation is the host's doing, so nobody who left is made pending again.
 */
const allowed: Record<GuestStatus | "new", readonly GuestStatus[]> = {
  new: ["pending", "confirmed", "waitlisted"],
  pending: ["confirmed", "waitlisted", "cancelled"],
  waitlisted: ["offered", "cancelled"],
  offered: ["confirmed", "lapsed", "cancelled"],
  confirmed: ["cancelled"],
  lapsed: ["confirmed", "waitlisted"],
  cancelled: ["confirmed", "waitlisted"],
};

/** Whether a guest in this status has left the event, and a registration of their address is a comeback. */
export function hasLeft(status: GuestStatus | null): boolean {
  return status === "cancelled" || status === "lapsed";
}

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

/**
 * Each waitlisted guest's 1-based place in line, by guest id: the rank by waitlist sequence among the
 * waitlisted (the rule of `GuestReader.waitlistPosition`, for a whole list in one pass).
 */
export function waitlistPositions(
  guests: readonly Pick<GuestRecord, "guestId" | "status" | "waitlistSeq">[],
): Map<string, number> {
  const line = guests
    .filter((g) => g.status === "waitlisted" && g.waitlistSeq !== null)
    .sort((a, b) => (a.waitlistSeq ?? 0) - (b.waitlistSeq ?? 0));
  return new Map(line.map((g, i) => [g.guestId, i + 1]));
}
