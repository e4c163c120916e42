import { createHash } from "node:crypto";
import type { ChangeRecord } from "../contracts/change.ts";
import type { Command } from "../contracts/command.ts";
import { type EventRecord, eventEnd } from "../contracts/event.ts";
import type { GuestRecord } from "../contracts/guest.ts";
import type { ReminderKind } from "../contracts/settings.ts";
import type { Timer } from "./ports.ts";
import { localWallTime, resolveWallTime } from "./quiet-hours.ts";
import { reminderSchedule } from "./reminder-schedule.ts";

/** What a committed change asks of the timers: which to book and which to cancel. */
export interface TimerPlan {
  book: Timer[];
  cancel: string[];
}

const reminderKinds: readonly ReminderKind[] = ["week", "day", "morning"];

/**
 * Timer names, deterministic per (guest, purpose) so a cancel is exact and booking twice is a no-op. They fit
 * EventBridge Scheduler's rules (at most 64 of `[0-9A-Za-z_.-]`): guest ids are 22 url-safe characters.
 */
export const timerNames = {
  reminder: (guestId: string, kind: ReminderKind) => `remind-${kind}-${guestId}`,
  expireOffer: (guestId: string) => `expire-${guestId}`,
  deliverOffer: (guestId: string) => `deliver-offer-${guestId}`,
  /** Event ids may be 64 characters long, so a summary timer is named by a digest of it. */
  summary: (eventId: string, day: string) => `summary-${day.replaceAll("-", "")}-${eventDigest(eventId)}`,
  /** The event's end, when the thank-you note falls due. */
  eventEnded: (eventId: string) => `ended-${eventDigest(eventId)}`,
};

function eventDigest(eventId: string): string {
  return createHash("sha256").update(eventId).digest("base64url").slice(0, 22);
}

/** The command a timer fires: its id comes from the timer's name, so a timer that fires twice acts once. */
function timerCommand(name: string, eventId: string, at: Date, body: DistributiveOmit): Command {
  return {
    ...body,
    eventId,
    commandId: `timer-${name}`,
    issuedAt: at.toISOString(),
    lane: "timer",
  } as Command;
}
type DistributiveOmit = Command extends infer C
  ? C extends Command
    ? Omit<C, "eventId" | "commandId" | "issuedAt" | "lane">
    : never
  : never;

function timer(name: string, eventId: string, at: Date, body: DistributiveOmit): Timer {
  return { name, eventId, at: at.toISOString(), command: timerCommand(name, eventId, at, body) };
}

/**
 * The timers a guest change books or cancels. Confirmation books the reminders (the event's list, quiet
 * hours applied, those already past skipped); leaving `confirmed` cancels exactly this guest's reminders
 * (one that already fired is simply gone). An offer books its expiry, and when quiet hours held the email
 * back, its delivery; leaving `offered` cancels whichever of them has not fired.
 */
export function guestTimerPlan(old: GuestRecord | null, guest: GuestRecord, event: EventRecord): TimerPlan {
  const plan: TimerPlan = { book: [], cancel: [] };
  const { guestId, eventId } = guest;
  const was = old?.status ?? null;
  const at = new Date(guest.lastChange.at);

  if (was !== "confirmed" && guest.status === "confirmed") {
    const reminders = reminderSchedule({
      startsAt: new Date(event.startsAt),
      zone: event.timeZone,
      confirmedAt: at,
      quiet: event.settings.quietHours,
      offsets: event.settings.reminders,
    });
    for (const r of reminders) {
      plan.book.push(
        timer(timerNames.reminder(guestId, r.kind), eventId, r.at, {
          type: "notify",
          guestId,
          notice: `reminder-${r.kind}`,
        }),
      );
    }
  }
  if (was === "confirmed" && guest.status !== "confirmed")
    plan.cancel.push(...reminderKinds.map((kind) => timerNames.reminder(guestId, kind)));

  if (was !== "offered" && guest.status === "offered" && guest.offer) {
    const { deliverAt, expiresAt } = guest.offer;
    plan.book.push(
      timer(timerNames.expireOffer(guestId), eventId, new Date(expiresAt), { type: "expire-offer", guestId }),
    );
    if (Date.parse(deliverAt) > at.getTime()) {
      plan.book.push(
        timer(timerNames.deliverOffer(guestId), eventId, new Date(deliverAt), {
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
    if (guest.lastChange.action !== "expire-offer") plan.cancel.push(timerNames.expireOffer(guestId));
    if (old.offer && Date.parse(old.offer.deliverAt) > Date.parse(old.lastChange.at))
      plan.cancel.push(timerNames.deliverOffer(guestId));
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
  const timers: Timer[] = [];
  for (let d = summaryDays; d >= 1; d--) {
    // Calendar days on the event's clock; noon keeps the date arithmetic clear of any DST hour.
    const startDay = localWallTime(start, event.timeZone).slice(0, 10);
    const day = new Date(Date.parse(`${startDay}T12:00:00Z`) - d * DAY).toISOString().slice(0, 10);
    const at = resolveWallTime(`${day}T08:00`, event.timeZone).at;
    if (at.getTime() <= now.getTime() || at.getTime() >= start.getTime()) continue;
    timers.push(
      timer(timerNames.summary(event.eventId, day), event.eventId, at, { type: "daily-summary", day }),
    );
  }
  return timers;
}

/**
 * The timer at the event's end, which makes the thank-you note due. Booked whatever the note's setting: the
 * host may still turn it on, and the keeper decides when it fires.
 */
export function endTimer(event: EventRecord, now: Date): Timer[] {
  const end = eventEnd(event);
  if (end.getTime() <= now.getTime()) return [];
  return [timer(timerNames.eventEnded(event.eventId), event.eventId, end, { type: "event-ended" })];
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
