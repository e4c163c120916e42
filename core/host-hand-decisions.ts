import type { Command } from "../contracts/command.ts";
import { emailKey } from "../contracts/common.ts";
import { type GuestRecord, roundOf } from "../contracts/guest.ts";
import type { Outcome } from "../contracts/outcome.ts";
import type { BatchDraft, GuestFields } from "./batch-draft.ts";
import { guestIdFor } from "./guest-ids.ts";
import { canMove, freeSeats, hasLeft, holdsSeat, seatAvailableForNewcomer, seatsOf } from "./seat-rules.ts";

/**
 * The host's hand on the list (issue 14 §3): remove a guest, admit one who waits, edit a guest's name or party,
 * add a guest by hand. Each is one command through the keeper, decided here against the batch draft like every
 * guest command (core/guest-decisions.ts dispatches to these), so each is audited, and a repeated command id is
 * skipped by the keeper while a repeated intent (removing a guest who is gone) changes nothing.
 */

type CommandOf<T extends Command["type"]> = Extract<Command, { type: T }>;

const notFound: Outcome = { kind: "refused", reason: "guest-not-found" };
const unchanged = (guest: GuestRecord): Outcome => ({ kind: "unchanged", guestId: guest.guestId });

/**
 * The host removes a guest: the same move as the guest's own cancel (whatever they held is given up, freed seats
 * go to the line through the usual offer round), recorded as the host's `remove` (told) or `remove-quietly`.
 */
export function decideRemoveGuest(draft: BatchDraft, command: CommandOf<"remove-guest">): Outcome {
  const guest = draft.guest(command.guestId);
  if (!guest) return notFound;
  if (!canMove(guest.status, "cancelled")) return unchanged(guest);
  draft.transition(command, guest, guest, "cancelled", command.notify ? "remove" : "remove-quietly");
  return {
    kind: "removed",
    guestId: guest.guestId,
    from: guest.status,
    seatsReleased: holdsSeat(guest.status) ? seatsOf(guest) : 0,
    notified: command.notify,
  };
}

/**
 * The host seats a guest who waits — in line, invited, or holding an offer — at once. A guest in line or
 * invited needs their whole party's seats free now (never a seat held for someone else); the store checks the
 * cap again inside the write. An offered guest already holds their seats, so admitting them is their claim.
 */
export function decideAdmitGuest(draft: BatchDraft, command: CommandOf<"admit-guest">): Outcome {
  const guest = draft.guest(command.guestId);
  if (!guest) return notFound;
  if (guest.status === "confirmed") return unchanged(guest);
  if (guest.status !== "waitlisted" && guest.status !== "pending" && guest.status !== "offered")
    return { kind: "refused", reason: "not-waiting" };
  if (draft.started) return { kind: "refused", reason: "event-started" };
  if (guest.status !== "offered" && freeSeats(draft.event) < seatsOf(guest))
    return { kind: "refused", reason: "not-enough-seats" };
  draft.transition(command, guest, guest, "confirmed", "admit");
  return { kind: "admitted", guestId: guest.guestId, from: guest.status };
}

/**
 * A guest's name and party size. A smaller party of a guest holding seats frees the difference (offered to the
 * line, as a cancel's seats are); a larger one takes the extra seats only while they are free, else nothing
 * changes. Only the host changes a party here: a guest's own edit (lane `link`) corrects their name.
 */
export function decideEditGuest(draft: BatchDraft, command: CommandOf<"edit-guest">): Outcome {
  const guest = draft.guest(command.guestId);
  if (!guest) return notFound;
  const party = command.party ?? seatsOf(guest);
  const name = command.name ?? guest.name;
  if (party !== seatsOf(guest)) {
    if (command.lane !== "host") return { kind: "refused", reason: "host-only" };
    if (party > draft.event.settings.maxParty) return { kind: "refused", reason: "party-too-large" };
    const extra = party - seatsOf(guest);
    if (extra > 0 && holdsSeat(guest.status) && freeSeats(draft.event) < extra)
      return { kind: "refused", reason: "not-enough-seats" };
  }
  const changed = [...(name !== guest.name ? ["name"] : []), ...(party !== seatsOf(guest) ? ["party"] : [])];
  // The same name and size again (a second click, another tab): nothing to record.
  if (changed.length === 0) return unchanged(guest);
  draft.amend(command, guest, { ...guest, name, party }, "edit");
  return {
    kind: "guest-edited",
    guestId: guest.guestId,
    changed,
    seatsReleased: holdsSeat(guest.status) ? seatsOf(guest) - party : 0,
  };
}

/**
 * A guest the host adds by hand: a new row (its id derived from the command, so a replay names the same guest),
 * or the row of an address whose guest left, brought back for a new round. Seated as a newcomer would be (the
 * party fits and nobody waits), else in line; with `waitlist`, in line. Closed registration does not stop the
 * host; the start does (nobody gains a seat after it). An address still on the list is a duplicate.
 */
export function decideAddGuest(draft: BatchDraft, command: CommandOf<"add-guest">): Outcome {
  const key = emailKey(command.email);
  const existing = draft.guestByEmail(key) ?? null;
  if (existing && !hasLeft(existing.status) && existing.status !== "pending")
    return { kind: "duplicate", guestId: existing.guestId, status: existing.status };
  if (draft.started) return { kind: "refused", reason: "event-started" };
  if (command.party > draft.event.settings.maxParty) return { kind: "refused", reason: "party-too-large" };
  const fields: GuestFields = existing
    ? {
        ...existing,
        name: command.name,
        email: command.email,
        offer: null,
        party: command.party,
        ...(hasLeft(existing.status) ? { lane: "host" as const, round: roundOf(existing) + 1 } : {}),
      }
    : {
        eventId: draft.event.eventId,
        guestId: guestIdFor(draft.event.eventId, command.commandId),
        name: command.name,
        email: command.email,
        emailKey: key,
        lane: "host",
        createdAt: draft.at,
        offer: null,
        hostMessages: true,
        party: command.party,
        // A guest the host adds has answered nothing yet; they can answer from their manage page.
        answers: {},
      };
  const action = existing?.status === "pending" ? "confirm-invite" : "register";
  if (!command.waitlist && seatAvailableForNewcomer(draft.event, command.party)) {
    const guest = draft.transition(command, existing, fields, "confirmed", action);
    return { kind: "confirmed", guestId: guest.guestId };
  }
  const guest = draft.transition(command, existing, fields, "waitlisted", action);
  return { kind: "waitlisted", guestId: guest.guestId, waitlistSeq: guest.waitlistSeq ?? 0 };
}
