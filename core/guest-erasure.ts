import { createHash } from "node:crypto";
import type { Command } from "../contracts/command.ts";
import { type EventRecord, eventEnd } from "../contracts/event.ts";
import type { GuestRecord } from "../contracts/guest.ts";
import type { Outcome } from "../contracts/outcome.ts";
import type { BatchDraft, GuestFields } from "./batch-draft.ts";
import { erasedAddress } from "./erased-address.ts";
import type { Timer } from "./ports.ts";
import { canMove, holdsSeat } from "./seat-rules.ts";

/**
 * Erasing a guest's personal data (their own request from their data page, or the event's retention period).
 *
 * The row stays (rows are never deleted: the headcount history and the audit trail stay whole), but it no longer
 * says who the guest was: the name becomes a placeholder, the address an undeliverable one of the `.invalid`
 * domain (RFC 2606) named by the guest id, so the address's key no longer matches the person's address. The
 * person may register again later as a new guest; nothing links the two. A guest who held something (a seat,
 * an offer, a place in line, an invitation) gives it up first, exactly as a cancel would, so the seat passes on
 * to the next in line; the stream handlers then cancel their timers, send nothing to the row (the messenger
 * skips erased rows and blanks their queued mail) and replace the address in the row's earlier audit entries.
 * What was queued for them before is not sent either: both runtimes read the row before each send
 * (core/mail-recipient.ts).
 */

/** The name an erased guest's row holds: says nothing about them. */
export const ERASED_NAME = "Erased guest";
/** Who an erased guest's audit entries say acted, in place of their address. */
export const ERASED_ACTOR = "erased guest";

export { erasedAddress } from "./erased-address.ts";

/** Whether a guest's personal data was erased. */
export function isErased(guest: Pick<GuestRecord, "erasedAt">): boolean {
  return guest.erasedAt !== undefined;
}

type CommandOf<T extends Command["type"]> = Extract<Command, { type: T }>;

/**
 * Erases one guest: gives up what they hold (as a cancel: a held seat passes on to the next in line), then
 * blanks their name and address. Erasing twice changes nothing.
 */
export function decideErase(draft: BatchDraft, command: CommandOf<"erase-guest">): Outcome {
  const guest = draft.guest(command.guestId);
  if (!guest) return { kind: "refused", reason: "guest-not-found" };
  if (isErased(guest)) return { kind: "unchanged", guestId: guest.guestId };
  const fields: GuestFields = {
    ...guest,
    name: ERASED_NAME,
    email: erasedAddress(guest.guestId),
    emailKey: erasedAddress(guest.guestId),
    hostMessages: false,
    // Their answers to the event's questions are theirs too (docs/questions.md).
    answers: {},
    erasedAt: draft.at,
  };
  // Whatever the guest holds is given up as a cancel gives it up; a guest who had left keeps their status.
  if (canMove(guest.status, "cancelled")) draft.transition(command, guest, fields, "cancelled", "erase");
  else draft.keepStatus(command, guest, "erase", null, fields);
  return { kind: "erased", guestId: guest.guestId, seatReleased: holdsSeat(guest.status) };
}

const DAY = 86_400_000;

/** When an event's guest data is due for erasure: `retentionDays` after its end; null when it is kept. */
export function retentionDueAt(event: Pick<EventRecord, "startsAt" | "endsAt" | "settings">): Date | null {
  const days = event.settings.retentionDays;
  if (days === null || days === undefined) return null;
  return new Date(eventEnd(event).getTime() + days * DAY);
}

/**
 * The retention timer fired: the event records that its guests' data is due for erasure (an audited event
 * change), and a stream handler sends an `erase-guest` for each guest. Early: not yet. Turned off since the
 * timer was booked: nothing.
 */
export function decideRetentionDue(draft: BatchDraft, command: CommandOf<"retention-due">): Outcome {
  const due = retentionDueAt(draft.event);
  if (!due) return { kind: "unchanged", guestId: null };
  if (draft.now.getTime() < due.getTime()) return { kind: "not-yet", dueAt: due.toISOString() };
  draft.changeEvent(command, { patch: {} });
  return { kind: "retention-due" };
}

/** The retention timer's name: one per event (a digest, since event ids may be 64 characters long). */
export function retentionTimerName(eventId: string): string {
  return `retention-${createHash("sha256").update(eventId).digest("base64url").slice(0, 22)}`;
}

/**
 * The retention timer of an event as it is now, or none when its data is kept. Never due before `notBefore`
 * (a minute after the change that booked it): a period set after it already ended erases at once, and a
 * scheduler may refuse a time in the past.
 */
export function retentionTimer(event: EventRecord, notBefore: Date): Timer | null {
  const due = retentionDueAt(event);
  if (!due) return null;
  const at = new Date(Math.max(due.getTime(), notBefore.getTime() + 60_000)).toISOString();
  const name = retentionTimerName(event.eventId);
  const command: Command = {
    type: "retention-due",
    eventId: event.eventId,
    commandId: `timer-${name}`,
    issuedAt: at,
    lane: "timer",
  };
  return { name, eventId: event.eventId, at, timeZone: event.timeZone, command };
}

/**
 * What an event-row change asks of the retention timer: booked when the event is created with a period, booked
 * again (same name: cancelled first) when its end or its period changes, cancelled when the period is turned off.
 */
export function retentionTimerPlan(
  old: EventRecord | null,
  event: EventRecord,
): { book: Timer[]; cancel: string[] } {
  const at = new Date(event.lastChange?.at ?? event.updatedAt);
  if (old === null) {
    const timer = retentionTimer(event, at);
    return { book: timer ? [timer] : [], cancel: [] };
  }
  const before = retentionDueAt(old)?.getTime() ?? null;
  const after = retentionDueAt(event)?.getTime() ?? null;
  if (before === after) return { book: [], cancel: [] };
  const timer = retentionTimer(event, at);
  return { book: timer ? [timer] : [], cancel: before === null ? [] : [retentionTimerName(event.eventId)] };
}

/**
 * The erase commands the retention handler sends once an event's data is due: one per guest not yet erased, each
 * named by the guest, so a redelivered change sends the same commands (the keeper applies each once).
 */
export function retentionErasures(
  event: EventRecord,
  guests: readonly GuestRecord[],
  issuedAt: string,
): Command[] {
  return guests
    .filter((g) => !isErased(g))
    .map((g) => ({
      type: "erase-guest" as const,
      eventId: event.eventId,
      guestId: g.guestId,
      commandId: `erase-retention-${g.guestId}`,
      issuedAt,
      lane: "system" as const,
      reason: "retention" as const,
    }));
}
