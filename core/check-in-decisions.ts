import type { Command } from "../contracts/command.ts";
import type { EventRecord } from "../contracts/event.ts";
import type { GuestRecord } from "../contracts/guest.ts";
import type { Outcome } from "../contracts/outcome.ts";
import type { BatchDraft } from "./batch-draft.ts";
import { seatsOf } from "./seat-rules.ts";

/**
 * Check-in at the door. A check-in is a fact on a confirmed guest (how many of their party came, and when),
 * not a status: it moves no seat counter, only the event's `arrived`.
 *
 * A command says how many of the party have arrived IN ALL, never "one more": the keeper keeps the larger of
 * what it holds and what it is told. So two door helpers who check in the same party count it once, a phone
 * that queued a check-in offline and syncs an hour later changes nothing that is already known, and the
 * order in which helpers' check-ins arrive does not matter.
 */

type CheckInCommand = Extract<Command, { type: "check-in" }>;

/**
 * The command id of a check-in: one per guest, seats and round, so the same check-in sent twice (two
 * helpers, a retried sync, the CLI after the page) is one command for the queue's dedup and the keeper's
 * applied set as well.
 */
export function checkInCommandId(guest: Pick<GuestRecord, "guestId" | "round">, seats: number): string {
  const round = guest.round && guest.round > 1 ? `-r${guest.round}` : "";
  return `checkin-${guest.guestId}${round}-${seats}`;
}

/** Where a guest stands at the door, as a door page and the CLI report it before anything is queued. */
export type DoorStanding =
  | { kind: "welcome"; party: number; arrived: number }
  | { kind: "already"; party: number; arrived: number; at: string }
  | { kind: "not-attending"; status: GuestRecord["status"] };

/** What the door should say about a guest: welcome them (and how many are still to come), or why not. */
export function doorStanding(guest: GuestRecord): DoorStanding {
  if (guest.status !== "confirmed") return { kind: "not-attending", status: guest.status };
  const party = seatsOf(guest);
  const arrived = guest.checkedIn?.seats ?? 0;
  if (guest.checkedIn && arrived >= party) return { kind: "already", party, arrived, at: guest.checkedIn.at };
  return { kind: "welcome", party, arrived };
}

/**
 * Records `seats` of a confirmed guest's party as arrived (at most the party; never fewer than before). A guest
 * without a seat is refused (`not-applicable`: the door says "cancelled" loudly); a check-in that adds nobody is
 * `unchanged`.
 */
export function decideCheckIn(draft: BatchDraft, command: CheckInCommand): Outcome {
  const guest = draft.guest(command.guestId);
  if (!guest) return { kind: "refused", reason: "guest-not-found" };
  if (guest.status !== "confirmed") return { kind: "refused", reason: "not-applicable" };
  const party = seatsOf(guest);
  const before = guest.checkedIn?.seats ?? 0;
  const seats = Math.min(party, Math.max(before, command.seats));
  if (seats === before) return { kind: "unchanged", guestId: guest.guestId };
  draft.keepStatus(command, guest, "check-in", null, { checkedIn: { seats, at: draft.at } });
  draft.countArrivals(seats - before);
  return { kind: "checked-in", guestId: guest.guestId, seats, party };
}

/** The confirmed guests nobody checked in: the no-shows, once the event is over. */
export function noShowsOf(guests: readonly GuestRecord[]): GuestRecord[] {
  return guests.filter((g) => g.status === "confirmed" && !g.checkedIn);
}

/**
 * Whether the thank-you note goes to a guest the host's messages reach: to every confirmed guest, or with
 * `settings.thanksOnlyArrived` only to those checked in at the door.
 */
export function receivesThanks(
  event: Pick<EventRecord, "settings">,
  guest: Pick<GuestRecord, "checkedIn">,
): boolean {
  return (
    !(event.settings as Partial<EventRecord["settings"]>).thanksOnlyArrived || guest.checkedIn !== undefined
  );
}
