import { createHash } from "node:crypto";
import type { ChangeRecord } from "../contracts/change.ts";
import type { Command } from "../contracts/command.ts";
import { type EventRecord, eventEnd } from "../contracts/event.ts";
import { type GuestRecord, roundOf, roundSuffix } from "../contracts/guest.ts";
import type { ReminderKind } from "../contracts/settings.ts";
import type { Timer } from "./ports.ts";
import { localWallTime, resolveWallTime } from "./quiet-hours.ts";
import { reconfirmChanged, reconfirmReplan, reconfirmTimerNamesOf, reconfirmTimers } from "./reconfirm.ts";
import { reminderSchedule } from "./reminder-schedule.ts";

/** What a committed change asks of the timers: which to book and which to cancel. */
export interface TimerPlan {
  book: Timer[];
  cancel: string[];
}

const reminderKinds: readonly ReminderKind[] = ["week", "day", "morning"];

/**
 * Timer names, deterministic per (guest, purpose, round) so a cancel is exact and booking twice is a no-op.
 * They fit EventBridge Scheduler's rules (at most 64 of `[0-9A-Za-z_.-]`): guest ids are 22 url-safe
 * characters. A timer's command id comes from its name and the keeper applies a command id once ever, so a
 * guest who registered again (round 2, …) needs names of their own: `-r2` after the guest id (which is always
 * 22 characters long, so a name still reads unambiguously). The first round keeps the plain names.
 */
export const timerNames = {
  reminder: (guestId: string, kind: ReminderKind, round = 1) =>
    `remind-${kind}-${guestId}${roundSuffix(round, "-r")}`,
  expireOffer: (guestId: string, round = 1) => `expire-${guestId}${roundSuffix(round, "-r")}`,
  deliverOffer: (guestId: string, round = 1) => `deliver-offer-${guestId}${roundSuffix(round, "-r")}`,
  /** Event ids may be 64 characters long, so a summary timer is named by a digest of it. */
  summary: (eventId: string, day: string) => `summary-${day.replaceAll("-", "")}-${eventDigest(eventId)}`,
  /** The event's end, when the thank-you note falls due. */
  eventEnded: (eventId: string) => `ended-${eventDigest(eventId)}`,
  /**
   * A timer command that came before its time, booked again for the whole minute `at`: by the command (its id
   * holds the event's timer name, up to 64 characters, so a digest) and the minute, so a command early twice
   * gets a second name while its first retry may still be there.
   */
  retry: (commandId: string, at: Date) =>
    `retry-${eventDigest(commandId)}-${Math.floor(at.getTime() / MINUTE)}`,
};

function eventDigest(eventId: string): string {
  return createHash("sha256").update(eventId).digest("base64url").slice(0, 22);
}

const MINUTE = 60_000;

/**
 * The timer that brings back a timer command that came before its time (the keeper answered `not-yet`). It is
 * due at the first whole minute after both the due instant and `now`: Scheduler fires a schedule anywhere in
 * its minute, so a whole minute is the only time it never fires before. The command keeps its id (the keeper
 * applies it once, whichever copy comes first) and is issued at the new time, later than the early copy's, so
 * the queue's content-based deduplication does not take it for the message that came early.
 */
export function retryTimer(command: Command, dueAt: Date, now: Date): Timer {
  // Later than the copy that came early, too, so its body differs from that copy's.
  const after = Math.max(dueAt.getTime(), now.getTime() + 1000, Date.parse(command.issuedAt) + 1);
  const at = new Date(Math.ceil(after / MINUTE) * MINUTE);
  const issuedAt = at.toISOString();
  return {
    name: timerNames.retry(command.commandId, at),
    eventId: command.eventId,
    at: issuedAt,
    timeZone: "UTC",
    command: { ...command, issuedAt },
  };
}

/** What a timer's command says beyond the envelope every timer gives it (event, id, time, lane). */
type TimerBody = Command extends infer C
  ? C extends Command
    ? Omit<C, "eventId" | "commandId" | "issuedAt" | "lane">
    : never
  : never;

/**
 * A timer of an event, in the event's zone. Its command's id comes from the timer's name, so a timer that fires
 * twice acts once.
 */
function timer(
  name: string,
  event: Pick<EventRecord, "eventId" | "timeZone">,
  at: Date,
  body: TimerBody,
): Timer {
  const { eventId, timeZone } = event;
  const issuedAt = at.toISOString();
  const command = { ...body, eventId, commandId: `timer-${name}`, issuedAt, lane: "timer" } as Command;
  return { name, eventId, at: issuedAt, timeZone, command };
}

/** A confirmed guest's reminders of this round, scheduled from `confirmedAt` by the event's settings. */
function reminderTimers(event: EventRecord, guestId: string, round: number, confirmedAt: Date): Timer[] {
  const reminders = reminderSchedule({
    startsAt: new Date(event.startsAt),
    zone: event.timeZone,
    confirmedAt,
    quiet: event.settings.quietHours,
    offsets: event.settings.reminders,
  });
  return reminders.map((r) =>
    timer(timerNames.reminder(guestId, r.kind, round), event, r.at, {
      type: "notify",
      guestId,
      notice: `reminder-${r.kind}`,
    }),
  );
}

/**
 * The timers a guest change books or cancels. Confirmation books the reminders (the event's list, quiet
 * hours applied, those already past skipped); leaving `confirmed` cancels exactly this guest's reminders
 * (one that already fired is simply gone). An offer books its expiry, and when quiet hours held the email
 * back, its delivery; leaving `offered` cancels whichever of them has not fired.
 */
export function guestTimerPlan(old: GuestRecord | null, guest: GuestRecord, event: EventRecord): TimerPlan {
  const plan: TimerPlan = { book: [], cancel: [] };
  const { guestId } = guest;
  const round = roundOf(guest);
  const was = old?.status ?? null;
  const at = new Date(guest.lastChange.at);

  if (was !== "confirmed" && guest.status === "confirmed") {
    plan.book.push(...reminderTimers(event, guestId, round, at), ...reconfirmTimers(event, guest, at));
  }
  // Leaving a status never starts a round (only coming back from cancelled or lapsed does), so `round` is the
  // round the timers being cancelled were booked in.
  if (was === "confirmed" && guest.status !== "confirmed") {
    plan.cancel.push(...reminderKinds.map((kind) => timerNames.reminder(guestId, kind, round)));
    plan.cancel.push(...reconfirmTimerNamesOf(guestId, round));
  }

  if (was !== "offered" && guest.status === "offered" && guest.offer) {
    const { deliverAt, expiresAt } = guest.offer;
    plan.book.push(
      timer(timerNames.expireOffer(guestId, round), event, new Date(expiresAt), {
        type: "expire-offer",
        guestId,
      }),
    );
    if (Date.parse(deliverAt) > at.getTime()) {
      plan.book.push(
        timer(timerNames.deliverOffer(guestId, round), event, new Date(deliverAt), {
          type: "notify",
          guestId,
          notice: "offer",
        }),
      );
    }
  }
  if (was === "offered" && guest.status !== "offered" && old) {
    // Only what can still be booked, since each cancel is a Scheduler call: the expiry unless it is what ended
    // the offer (a fired timer is gone), and the delivery only while the email is still held back (its timer
    // was booked when the offer was, and its `notify` moves the guest's last change to the delivery).
    if (guest.lastChange.action !== "expire-offer") plan.cancel.push(timerNames.expireOffer(guestId, round));
    if (old.offer && Date.parse(old.offer.deliverAt) > Date.parse(old.lastChange.at))
      plan.cancel.push(timerNames.deliverOffer(guestId, round));
  }
  return plan;
}

const DAY = 86_400_000;

/**
 * The host's daily summaries in the run-up: at 08:00 event time on each of the `summaryDays` days before the
 * event, when the host gave an address. Days already past at creation are skipped.
 */
export function summaryTimers(event: EventRecord, now: Date): Timer[] {
  const { hostEmail, summaryDays } = event.settings;
  if (!hostEmail || summaryDays === 0) return [];
  const start = new Date(event.startsAt);
  // Calendar days on the event's clock; noon keeps the date arithmetic clear of any DST hour.
  const startDay = localWallTime(start, event.timeZone).slice(0, 10);
  const timers: Timer[] = [];
  for (let d = summaryDays; d >= 1; d--) {
    const day = new Date(Date.parse(`${startDay}T12:00:00Z`) - d * DAY).toISOString().slice(0, 10);
    const at = resolveWallTime(`${day}T08:00`, event.timeZone).at;
    if (at.getTime() <= now.getTime() || at.getTime() >= start.getTime()) continue;
    timers.push(timer(timerNames.summary(event.eventId, day), event, at, { type: "daily-summary", day }));
  }
  return timers;
}

/**
 * The timer at the event's end, which makes the thank-you note due. Booked whatever the note's setting: the
 * host may still turn it on, and the keeper decides when it fires.
 */
function endTimer(event: EventRecord, now: Date): Timer[] {
  const end = eventEnd(event);
  if (end.getTime() <= now.getTime()) return [];
  return [timer(timerNames.eventEnded(event.eventId), event, end, { type: "event-ended" })];
}

/** Whether an event-row change moved the event in time (a host's edit of its start or end). */
export function timesMoved(old: EventRecord | null, event: EventRecord): boolean {
  return (
    old !== null && (old.startsAt !== event.startsAt || eventEnd(old).getTime() !== eventEnd(event).getTime())
  );
}

/**
 * The timers of an event whose start or end moved: its summaries, its end and every confirmed guest's
 * reminders are cancelled and booked again for the new time (the same names: cancelled first, then booked).
 * A reminder or summary that already fired has had its command applied, and the keeper applies a command id
 * once, so it is not sent a second time.
 */
export function movedEventTimerPlan(
  old: EventRecord,
  event: EventRecord,
  guests: readonly GuestRecord[],
): TimerPlan {
  const at = new Date(event.lastChange?.at ?? event.updatedAt);
  const plan: TimerPlan = {
    cancel: [...summaryTimers(old, new Date(0)).map((t) => t.name), timerNames.eventEnded(event.eventId)],
    book: [...summaryTimers(event, at), ...endTimer(event, at)],
  };
  for (const guest of guests) {
    if (guest.status !== "confirmed") continue;
    const round = roundOf(guest);
    plan.cancel.push(...reminderKinds.map((kind) => timerNames.reminder(guest.guestId, kind, round)));
    plan.book.push(...reminderTimers(event, guest.guestId, round, at));
  }
  const reconfirm = reconfirmReplan(event, guests, at);
  plan.cancel.push(...reconfirm.cancel);
  plan.book.push(...reconfirm.book);
  return plan;
}

/** Whether an event-row change calls for every confirmed guest's timers to be planned again (moved, or reconfirm changed). */
export function guestTimersReplanned(old: EventRecord | null, event: EventRecord): old is EventRecord {
  return old !== null && (timesMoved(old, event) || reconfirmChanged(old, event));
}

/** The timer plan of any committed change: guests by their transition, a new event by its summaries and end. */
export function timerPlanOf(change: ChangeRecord, event: EventRecord | null): TimerPlan {
  if (change.entity === "guest")
    return event ? guestTimerPlan(change.old, change.new, event) : { book: [], cancel: [] };
  if (change.old === null) {
    const createdAt = new Date(change.new.createdAt);
    return {
      book: [...summaryTimers(change.new, createdAt), ...endTimer(change.new, createdAt)],
      cancel: [],
    };
  }
  return { book: [], cancel: [] };
}
