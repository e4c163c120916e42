import type { Counters, PartyCounts } from "../contracts/event.ts";
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
 * Whether a new registrant's party of `seats` may be seated. Order matters: confirmed, then held offers, then
 * the waitlist — free seats with people waiting belong to the head of the line, so a newcomer never jumps the
 * queue, however small their party.
 */
export function seatAvailableForNewcomer(c: Counters, seats = 1): boolean {
  return freeSeats(c) >= seats && c.waitlisted === 0;
}

const counted = { confirmed: "confirmed", offered: "offered", waitlisted: "waitlisted" } as const;

/**
 * The seats a guest counts for in the counters: their party, themselves included (rows from before parties
 * read as 1). Every count of seats (the counters, the seats a decision grants) goes through here.
 */
export function seatsOf(guest: { party?: number }): number {
  return guest.party ?? 1;
}

/**
 * The counters after one guest, counting `seats`, moves from one status to another (null: a new guest). The
 * line's next number moves by one per party that joins it, whatever its seats.
 */
export function moveGuest(c: Counters, from: GuestStatus | null, to: GuestStatus, seats = 1): Counters {
  const next = { ...c };
  if (from && from in counted) next[counted[from as keyof typeof counted]] -= seats;
  if (to in counted) next[counted[to as keyof typeof counted]] += seats;
  if (to === "waitlisted" && from !== "waitlisted") next.nextWaitlistSeq += 1;
  return next;
}

/** The party counts after one party moves from one status to another (null: a new guest), as `moveGuest`. */
export function moveParty(p: PartyCounts, from: GuestStatus | null, to: GuestStatus): PartyCounts {
  const next = { ...p };
  if (from && from in counted) next[counted[from as keyof typeof counted]] -= 1;
  if (to in counted) next[counted[to as keyof typeof counted]] += 1;
  return next;
}

/**
 * A guest who holds seats changes their party from `from` to `to` seats without changing status (a party
 * lowered from the manage page): the seats counter of their status moves by the difference, the parties stay.
 */
export function resizeParty(c: Counters, status: GuestStatus, from: number, to: number): Counters {
  if (!(status in counted)) return { ...c };
  const next = { ...c };
  next[counted[status as keyof typeof counted]] += to - from;
  return next;
}

/**
 * Which of the parties waiting in line get the seats now free, in line order (the rule of docs/parties.md).
 * Strict line order: the first party in line is offered as soon as its seats are free, and nobody behind it
 * goes ahead of it. With `smallerPartiesFirst` a party too big for the seats free is passed over, and the
 * first party behind it that fits is offered instead (it waits for the next seats, keeping its place).
 * Each offer holds exactly its party's seats.
 */
export function partiesToOffer<G extends { party?: number }>(
  line: readonly G[],
  free: number,
  smallerPartiesFirst: boolean,
): G[] {
  const offered: G[] = [];
  let left = free;
  for (const party of line) {
    if (left <= 0) break;
    const seats = seatsOf(party);
    if (seats > left) {
      if (smallerPartiesFirst) continue;
      break;
    }
    offered.push(party);
    left -= seats;
  }
  return offered;
}

/**
 * The moves the state machine allows; anything else is a bug in a decision. A guest who left (cancelled, or let
 * an offer lapse) may register again, on the same row, like a newcomer: a seat if one is free and nobody
 * waits, else the end of the line (or, with approval on, a new request). An invitation is the host's doing, so
 * nobody who left is made pending again.
 */
const allowed: Record<GuestStatus | "new", readonly GuestStatus[]> = {
  new: ["pending", "confirmed", "waitlisted", "requested"],
  pending: ["confirmed", "waitlisted", "cancelled"],
  // waitlisted → confirmed: only the host's admit, while the party's seats are free (issue 14 §3).
  waitlisted: ["offered", "cancelled", "confirmed"],
  offered: ["confirmed", "lapsed", "cancelled"],
  confirmed: ["cancelled"],
  lapsed: ["confirmed", "waitlisted", "requested"],
  cancelled: ["confirmed", "waitlisted", "requested"],
  // Approval mode (docs/approval.md): approved (a seat or the line), declined or withdrawn.
  requested: ["confirmed", "waitlisted", "cancelled"],
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
  // Any free seat calls a round, even one too few for the first party: the round decides who, if anyone, fits.
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
