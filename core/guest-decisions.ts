import type { Command } from "../contracts/command.ts";
import { guestEmailKey } from "../contracts/common.ts";
import { type GuestRecord, type Notice, type Offer, roundOf } from "../contracts/guest.ts";
import type { Outcome } from "../contracts/outcome.ts";
import { decideVerifyAddress } from "./address-verification.ts";
import { decideSetAnswers } from "./answer-decisions.ts";
import {
  decideApprove,
  decideDeclineRequest,
  needsApproval,
  request,
  seatOrLine,
} from "./approval-decisions.ts";
import type { BatchDraft, GuestFields } from "./batch-draft.ts";
import { decideCheckIn } from "./check-in-decisions.ts";
import type { EventCommand } from "./event-decisions.ts";
import { decideErase, decideRetentionDue } from "./guest-erasure.ts";
import { guestIdFor } from "./guest-ids.ts";
import {
  decideAddGuest,
  decideAdmitGuest,
  decideEditGuest,
  decideRemoveGuest,
} from "./host-hand-decisions.ts";
import { claimedFields, decideChangeParty } from "./party-changes.ts";
import { decideReconfirm, decideReleaseUnanswered } from "./reconfirm-decisions.ts";
import { offerDeadline } from "./reminder-schedule.ts";
import { canMove, freeSeats, hasLeft, holdsSeat, partiesToOffer } from "./seat-rules.ts";

/**
 * The rules of the commands that move guests, one function per command, in the order a guest meets them. Each
 * decides one command against the batch draft (the event and rows as the earlier commands of the batch left
 * them), changes the draft through its transitions, and returns the command's outcome.
 */

/** The commands that read or write a guest row (or, for `offer-next`, the head of the line). */
export type GuestCommand = Exclude<Command, EventCommand>;
type CommandOf<T extends Command["type"]> = Extract<Command, { type: T }>;

const notFound: Outcome = { kind: "refused", reason: "guest-not-found" };
const unchanged = (guest: GuestRecord): Outcome => ({ kind: "unchanged", guestId: guest.guestId });

export { guestIdFor };

/** A registration: a new guest (invited, seated or in line), or one of an address on the list already. */
export function decideRegister(draft: BatchDraft, command: CommandOf<"register">): Outcome {
  const key = guestEmailKey(command.email, draft.event.settings);
  const existing = draft.guestByEmail(key);
  if (existing) return decideRegisterAgain(draft, command, existing);
  const event = draft.event;
  if (!event.registrationOpen) return { kind: "refused", reason: "registration-closed" };
  if (draft.started) return { kind: "refused", reason: "event-started" };
  const guestId = guestIdFor(event.eventId, command.commandId);
  const fields: GuestFields = {
    eventId: event.eventId,
    guestId,
    name: command.name,
    email: command.email,
    emailKey: key,
    lane: command.lane,
    createdAt: draft.at,
    offer: null,
    hostMessages: true,
    party: partyAllowed(draft, command),
    answers: command.answers ?? {},
  };
  if (command.invite) {
    draft.transition(command, null, fields, "pending", "invite");
    return { kind: "invited", guestId };
  }
  if (needsApproval(event, command)) return request(draft, command, null, fields);
  return seatOrLine(draft, command, null, fields, "register");
}

/**
 * A registration of an address that already has a guest row. The guest's own registration (their signed
 * register-again link, an email reply) brings back a guest who left — cancelled, or let an offer lapse — exactly as a newcomer: the
 * same checks, a seat if one is free and nobody waits, else the END of the line. The row is reused, so the
 * guest id (which links, timer names and email keys name) stays; its round goes up (see `GuestRecord.round`).
 * From an invited guest it accepts the invitation, as their confirm link would. Everything else is a
 * duplicate that changes nothing: a second registration while in, and any host import of an address on the
 * list (a host re-importing an updated spreadsheet must not bring back those who said no, nor seat those who
 * were only invited).
 */
export function decideRegisterAgain(
  draft: BatchDraft,
  command: CommandOf<"register">,
  existing: GuestRecord,
): Outcome {
  const duplicate: Outcome = { kind: "duplicate", guestId: existing.guestId, status: existing.status };
  if (command.invite || command.lane === "import") return duplicate;
  if (command.lane === "web") return decideWebDuplicate(draft, command, existing, duplicate);
  if (existing.status === "pending") {
    if (draft.started) return { kind: "refused", reason: "event-started" };
    return seatOrLine(draft, command, existing, existing, "confirm-invite");
  }
  if (!hasLeft(existing.status)) return duplicate;
  if (!draft.event.registrationOpen) return { kind: "refused", reason: "registration-closed" };
  if (draft.started) return { kind: "refused", reason: "event-started" };
  const fields: GuestFields = {
    ...existing,
    // As given this time: the name they typed now, the spelling of the address (its key is the same).
    name: command.name,
    email: command.email,
    lane: command.lane,
    // An offer of an earlier round is over; the record of it is in the audit trail.
    offer: null,
    party: partyAllowed(draft, command),
    // A comeback by a link or an email reply carries no answers: the ones given before stand.
    answers: Object.keys(command.answers ?? {}).length > 0 ? command.answers : existing.answers,
    round: roundOf(existing) + 1,
  };
  if (needsApproval(draft.event, command)) return request(draft, command, existing, fields);
  return seatOrLine(draft, command, existing, fields, "register");
}

/**
 * A web registration of an address already on the list. Anyone can type any address into the form, so it
 * proves nothing about who sent it: it changes nothing (no invitation accepted, no comeback, no new name) and
 * only re-sends the address's owner their status and links (`resend-link`; a guest who left gets a link to
 * register again, which acts through the `link` lane). Its answer (`duplicate`) is shown to the sender as
 * "check your email", like every other registration's, never as the stored name or status.
 */
function decideWebDuplicate(
  draft: BatchDraft,
  command: CommandOf<"register">,
  existing: GuestRecord,
  duplicate: Outcome,
): Outcome {
  draft.keepStatus(command, existing, "notify", "resend-link");
  return duplicate;
}

/** The guest gives up whatever they hold; a second click changes nothing. */
export function decideCancel(draft: BatchDraft, command: CommandOf<"cancel">): Outcome {
  const guest = draft.guest(command.guestId);
  if (!guest) return notFound;
  if (!canMove(guest.status, "cancelled")) return unchanged(guest);
  return leave(draft, command, guest, "cancel");
}

/** The guest says no to an offer or an invitation. */
export function decideDecline(draft: BatchDraft, command: CommandOf<"decline">): Outcome {
  const guest = draft.guest(command.guestId);
  if (!guest) return notFound;
  if (guest.status === "cancelled") return unchanged(guest);
  if (guest.status !== "offered" && guest.status !== "pending")
    return { kind: "refused", reason: "no-offer" };
  return leave(draft, command, guest, "decline");
}

/** An invited guest says yes: a seat if one is free for a newcomer, else the line. */
export function decideConfirmInvite(draft: BatchDraft, command: CommandOf<"confirm-invite">): Outcome {
  const guest = draft.guest(command.guestId);
  if (!guest) return notFound;
  if (guest.status !== "pending") {
    // A second click on the confirm link: the guest already went through.
    if (guest.lastChange.action === "confirm-invite") return unchanged(guest);
    return { kind: "refused", reason: "not-invited" };
  }
  if (draft.started) return { kind: "refused", reason: "event-started" };
  return seatOrLine(draft, command, guest, guest, "confirm-invite");
}

/** A guest holding an offer takes the seat, within the claim window. */
export function decideClaim(draft: BatchDraft, command: CommandOf<"claim-offer">): Outcome {
  const guest = draft.guest(command.guestId);
  if (!guest) return notFound;
  if (guest.status === "confirmed" && guest.lastChange.action === "claim") return unchanged(guest);
  if (guest.status !== "offered" || !guest.offer) return { kind: "refused", reason: "no-offer" };
  // The window is checked here, not only by the expiry timer: a claim that arrives after the window
  // closed but before the timer fired must not take the seat the next person is owed.
  if (draft.now.getTime() >= Date.parse(guest.offer.expiresAt))
    return { kind: "refused", reason: "offer-expired" };
  draft.transition(command, guest, claimedFields(command, guest), "confirmed", "claim");
  return { kind: "claimed", guestId: guest.guestId };
}

/** The expiry timer of an offer: an unclaimed offer lapses, which frees its seat for the next in line. */
export function decideExpire(draft: BatchDraft, command: CommandOf<"expire-offer">): Outcome {
  const guest = draft.guest(command.guestId);
  if (!guest) return notFound;
  // Claimed, declined or already lapsed: the timer is late news. Early (Scheduler fires anywhere in the
  // minute): not the keeper's to cut short, and not to forget either: it must come back at the deadline.
  if (guest.status !== "offered" || !guest.offer) return unchanged(guest);
  if (draft.now.getTime() < Date.parse(guest.offer.expiresAt))
    return { kind: "not-yet", dueAt: guest.offer.expiresAt };
  draft.transition(command, guest, guest, "lapsed", "expire-offer");
  return { kind: "lapsed", guestId: guest.guestId };
}

/**
 * Offers the free seats to the parties in line, whole parties in line order (see `partiesToOffer`). The seats
 * are held (counted in `offered`) from now; the email may wait for the end of quiet hours, and the claim window counts from delivery. No offers
 * once the event has started, or when the offer could only reach the guest after the start.
 */
export function decideOfferFreeSeats(draft: BatchDraft, command: CommandOf<"offer-next">): Outcome {
  const s = draft.event.settings;
  const deadline = offerDeadline({
    offeredAt: draft.now,
    windowHours: s.claimWindowHours,
    startsAt: new Date(draft.event.startsAt),
    zone: draft.event.timeZone,
    quiet: s.quietHours,
    allowNight: s.allowNightOffers,
  });
  if (!deadline) return { kind: "unchanged", guestId: null };
  const offer: Offer = {
    offeredAt: draft.at,
    deliverAt: deadline.deliverAt.toISOString(),
    expiresAt: deadline.expiresAt.toISOString(),
  };
  const line = draft.waitlistHead
    .map((head) => draft.guest(head.guestId) ?? head)
    .filter((guest) => guest.status === "waitlisted");
  const offered: string[] = [];
  for (const guest of partiesToOffer(line, freeSeats(draft.event), s.smallerPartiesFirst)) {
    draft.transition(command, guest, { ...guest, offer }, "offered", "offer");
    offered.push(guest.guestId);
  }
  return offered.length > 0 ? { kind: "offered", guestIds: offered } : { kind: "unchanged", guestId: null };
}

/** A message to one guest (a reminder, a deferred offer, a re-sent link), if it still applies to them. */
export function decideNotify(draft: BatchDraft, command: CommandOf<"notify">): Outcome {
  const guest = draft.guest(command.guestId);
  if (!guest) return notFound;
  if (!noticeApplies(command.notice, guest)) return { kind: "refused", reason: "not-applicable" };
  // The ask of "still coming?" is kept on the row, for the host's count of who was asked (reconfirm-tally.ts).
  const asked =
    command.notice === "reconfirm" ? { reconfirmAsked: { at: draft.at, round: roundOf(guest) } } : {};
  draft.keepStatus(command, guest, "notify", command.notice, asked);
  return { kind: "notified", guestId: guest.guestId, notice: command.notice };
}

/** The guest unsubscribes from the host's messages. */
export function decideMute(draft: BatchDraft, command: CommandOf<"mute-messages">): Outcome {
  const guest = draft.guest(command.guestId);
  if (!guest) return notFound;
  // Unsubscribing twice (a second click, the mail client's button after the link) changes nothing.
  // `=== false`: a row from before the flag holds none, and gets the host's messages.
  if (guest.hostMessages === false) return unchanged(guest);
  draft.keepStatus(command, guest, "mute-messages", null, { hostMessages: false });
  return { kind: "messages-muted", guestId: guest.guestId };
}

/** The decision of each guest command, by command type. */
const decisions: { [T in GuestCommand["type"]]: (draft: BatchDraft, command: CommandOf<T>) => Outcome } = {
  register: decideRegister,
  cancel: decideCancel,
  decline: decideDecline,
  "confirm-invite": decideConfirmInvite,
  "claim-offer": decideClaim,
  "expire-offer": decideExpire,
  "offer-next": decideOfferFreeSeats,
  notify: decideNotify,
  "mute-messages": decideMute,
  "set-answers": decideSetAnswers,
  "approve-request": decideApprove,
  "decline-request": decideDeclineRequest,
  "remove-guest": decideRemoveGuest,
  "admit-guest": decideAdmitGuest,
  "edit-guest": decideEditGuest,
  "add-guest": decideAddGuest,
  "change-party": decideChangeParty,
  "check-in": decideCheckIn,
  "erase-guest": decideErase,
  "retention-due": decideRetentionDue,
  "verify-address": decideVerifyAddress,
  reconfirm: decideReconfirm,
  "release-unanswered": decideReleaseUnanswered,
};

/** Whether a command is a guest command (else it is an event command, see core/event-decisions.ts). */
export function isGuestCommand(command: Command): command is GuestCommand {
  return command.type in decisions;
}

/** Decides one guest command against the draft, by its rule above. */
export function decideGuestCommand(draft: BatchDraft, command: GuestCommand): Outcome {
  const decide = decisions[command.type] as (draft: BatchDraft, command: GuestCommand) => Outcome;
  return decide(draft, command);
}

/**
 * Whether a notice still applies to a guest: reminders only to the confirmed, a deferred offer only while it
 * is held, a re-sent link to anyone still in the guest list. A timer that fires after the guest left is a no-op.
 */
export function noticeApplies(notice: Notice, guest: GuestRecord): boolean {
  switch (notice) {
    case "reminder-week":
    case "reminder-day":
    case "reminder-morning":
    case "reconfirm":
      return guest.status === "confirmed";
    case "offer":
      return guest.status === "offered";
    case "resend-link":
      return guest.status !== "cancelled" && guest.status !== "lapsed";
  }
}

/**
 * The seats a registration is given: what it asked for, but never more than the event allows now. The lanes
 * refuse a larger party before it is sent; this only catches a host lowering the limit in between.
 */
function partyAllowed(draft: BatchDraft, command: CommandOf<"register">): number {
  return Math.min(command.party ?? 1, draft.event.settings.maxParty);
}

/** A guest leaves (cancel or decline), releasing the seat they held, if any. */
function leave(
  draft: BatchDraft,
  command: Command,
  guest: GuestRecord,
  action: "cancel" | "decline",
): Outcome {
  draft.transition(command, guest, guest, "cancelled", action);
  return {
    kind: "cancelled",
    guestId: guest.guestId,
    from: guest.status,
    seatReleased: holdsSeat(guest.status),
  };
}
