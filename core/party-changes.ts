import type { Command } from "../contracts/command.ts";
import type { GuestRecord } from "../contracts/guest.ts";
import type { Outcome } from "../contracts/outcome.ts";
import type { BatchDraft, GuestFields } from "./batch-draft.ts";
import { holdsSeat, seatAvailableForNewcomer, seatsOf } from "./seat-rules.ts";

/**
 * The rules of a guest changing the size of their party (docs/parties.md, "Changing a party"):
 * - Lowering frees the seats at once, as a cancel frees a seat: the next in line is offered them.
 * - Raising is granted only if the extra seats are free right now and nobody waits for them (free seats with
 *   people in line are the line's, as for a newcomer); else the guest keeps exactly what they have and is told.
 *   Nobody ever loses a seat by asking for more. The grant is checked again by the store inside the one
 *   conditional write, like every seat.
 * - A waitlisted party changes what it asks for and keeps its place in line, either way; an invited one what it
 *   will ask for when it confirms.
 * - An offered party may claim fewer seats than it was offered (a partial accept): it is confirmed at the size it
 *   claims, and the rest go to the next in line at once.
 */

type CommandOf<T extends Command["type"]> = Extract<Command, { type: T }>;

/** A guest asks to change their party to `command.party` seats, themselves included. */
export function decideChangeParty(draft: BatchDraft, command: CommandOf<"change-party">): Outcome {
  const guest = draft.guest(command.guestId);
  if (!guest) return { kind: "refused", reason: "guest-not-found" };
  const from = seatsOf(guest);
  const to = command.party;
  if (to === from) return { kind: "unchanged", guestId: guest.guestId };
  const kept = (reason: Extract<Outcome, { kind: "party-kept" }>["reason"]): Outcome => ({
    kind: "party-kept",
    guestId: guest.guestId,
    party: from,
    reason,
  });
  if (guest.status === "cancelled" || guest.status === "lapsed") return kept("not-registered");
  if (to > draft.event.settings.maxParty) return kept("party-too-large");
  if (to > from && !mayRaise(draft, guest, to - from))
    return kept(draft.started ? "event-started" : "no-seats");
  draft.resize(command, guest, to);
  return {
    kind: "party-changed",
    guestId: guest.guestId,
    from,
    to,
    seatsReleased: holdsSeat(guest.status) ? Math.max(0, from - to) : 0,
  };
}

/**
 * Whether a guest may add `extra` seats to their party now: never once the event has started; a party holding
 * seats only while the extra seats are free for a newcomer; a party that holds none (in line, invited) asks for
 * what it likes, within the event's limit.
 */
function mayRaise(draft: BatchDraft, guest: GuestRecord, extra: number): boolean {
  if (draft.started) return false;
  return !holdsSeat(guest.status) || seatAvailableForNewcomer(draft.event, extra);
}

/**
 * The row of an offered party that claims its offer: at the size it claims, never more than it was offered
 * (a partial accept when fewer; the seats it leaves are released by the same write).
 */
export function claimedFields(command: CommandOf<"claim-offer">, guest: GuestRecord): GuestFields {
  const party = Math.min(command.party ?? seatsOf(guest), seatsOf(guest));
  return { ...guest, party };
}
