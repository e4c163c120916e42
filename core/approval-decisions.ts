import type { Command } from "../contracts/command.ts";
import type { EventRecord } from "../contracts/event.ts";
import type { GuestAction, GuestRecord, GuestStatus } from "../contracts/guest.ts";
import type { Outcome } from "../contracts/outcome.ts";
import type { BatchDraft, GuestFields } from "./batch-draft.ts";
import { seatAvailableForNewcomer, seatsOf } from "./seat-rules.ts";

/**
 * Approval mode (`settings.approval`, docs/approval.md): a guest's own registration becomes a request that
 * holds no seat and no place in line, until the host approves it (the guest then asks for seats exactly as a
 * registration does) or declines it. The guest may withdraw it (a cancel). One function per rule; the
 * registration's decision (core/guest-decisions.ts) asks `needsApproval` before it seats anyone.
 */

type CommandOf<T extends Command["type"]> = Extract<Command, { type: T }>;

const notFound: Outcome = { kind: "refused", reason: "guest-not-found" };

/**
 * Whether a registration must wait for the host: approval is on and the guest registered themselves. The
 * host's own additions (an import, an invitation the guest accepts) are the host's choice already, so they
 * skip approval.
 */
export function needsApproval(event: EventRecord, command: CommandOf<"register">): boolean {
  return event.settings.approval && !command.invite && command.lane !== "import";
}

/** A registration that waits for the host: a request, holding no seat and no place in line. */
export function request(
  draft: BatchDraft,
  command: CommandOf<"register">,
  old: GuestRecord | null,
  fields: GuestFields,
): Outcome {
  const guest = draft.transition(command, old, fields, "requested", "register");
  return { kind: "requested", guestId: guest.guestId };
}

/**
 * A guest asks for their seats (a registration, an accepted invitation, an approved request): a seat if
 * enough are free and nobody waits, else a place at the end of the line (docs/parties.md).
 */
export function seatOrLine(
  draft: BatchDraft,
  command: Command,
  old: GuestRecord | null,
  fields: GuestFields,
  action: GuestAction,
): Outcome {
  if (seatAvailableForNewcomer(draft.event, seatsOf(fields))) {
    const guest = draft.transition(command, old, fields, "confirmed", action);
    return { kind: "confirmed", guestId: guest.guestId };
  }
  const guest = draft.transition(command, old, fields, "waitlisted", action);
  return { kind: "waitlisted", guestId: guest.guestId, waitlistSeq: guest.waitlistSeq ?? 0 };
}

/** The statuses a guest holds once let in (a seat, an offer or a place in line): approving them again is a no-op. */
const letIn: readonly GuestStatus[] = ["confirmed", "offered", "waitlisted"];

/**
 * The host approves a request: the guest asks for their seats as a registration would, whether registration
 * is still open or not (the host decides). Not after the start. Approving a guest already let in changes
 * nothing (a second click, a second host); one who withdrew, was declined or holds no request is refused.
 */
export function decideApprove(draft: BatchDraft, command: CommandOf<"approve-request">): Outcome {
  const guest = draft.guest(command.guestId);
  if (!guest) return notFound;
  if (letIn.includes(guest.status)) return { kind: "unchanged", guestId: guest.guestId };
  if (guest.status !== "requested") return { kind: "refused", reason: "not-requested" };
  if (draft.started) return { kind: "refused", reason: "event-started" };
  return seatOrLine(draft, command, guest, guest, "approve");
}

/**
 * The host declines a request: the guest is told (streams/messenger-handler.ts) and their row leaves the list
 * as cancelled. Declining a guest who withdrew or was declined already changes nothing; one who was let in is
 * refused (removing a guest is another command, with its own consequences).
 */
export function decideDeclineRequest(draft: BatchDraft, command: CommandOf<"decline-request">): Outcome {
  const guest = draft.guest(command.guestId);
  if (!guest) return notFound;
  if (guest.status === "cancelled" || guest.status === "lapsed")
    return { kind: "unchanged", guestId: guest.guestId };
  if (guest.status !== "requested") return { kind: "refused", reason: "not-requested" };
  draft.transition(command, guest, guest, "cancelled", "decline-request");
  return { kind: "cancelled", guestId: guest.guestId, from: "requested", seatReleased: false };
}
