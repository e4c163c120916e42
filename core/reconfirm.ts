import { DateTime } from "luxon";
import type { EventRecord } from "../contracts/event.ts";
import { type GuestRecord, roundOf, roundSuffix } from "../contracts/guest.ts";
import type { QuietHours, ReconfirmSettings } from "../contracts/settings.ts";
import type { Timer } from "./ports.ts";
import { localWallTime, nextDeliveryTime, resolveWallTime } from "./quiet-hours.ts";

/**
 * When an event asks its confirmed guests "still coming?" and by when they must answer (docs/reconfirm.md).
 * Pure: the times depend on the event (start, zone, quiet hours, the host's reconfirm setting) alone.
 */

const HOUR = 3_600_000;

export interface ReconfirmTimes {
  /** When the ask goes out: `daysBefore` the start's local wall time, moved out of quiet hours. */
  askAt: Date;
  /** When a guest who has not answered loses the seat; null when the host chose `keep`, or it would fall at or after the start. */
  deadline: Date | null;
}

export interface ReconfirmTimesInput {
  startsAt: Date;
  zone: string;
  quiet: QuietHours;
  reconfirm: ReconfirmSettings | null;
}

/**
 * The ask and its deadline; null when reconfirming is off, or the ask could only go out at or after the start
 * (quiet hours pushing it there).
 */
export function reconfirmTimes(input: ReconfirmTimesInput): ReconfirmTimes | null {
  const { startsAt, zone, quiet, reconfirm } = input;
  if (!reconfirm) return null;
  const start = DateTime.fromISO(localWallTime(startsAt, zone), { zone: "utc" });
  const earlier = start.minus({ days: reconfirm.daysBefore }).toISO({ includeOffset: false });
  const askAt = nextDeliveryTime(resolveWallTime(earlier!, zone).at, zone, quiet);
  if (askAt.getTime() >= startsAt.getTime()) return null;
  const end = askAt.getTime() + reconfirm.answerHours * HOUR;
  const deadline = reconfirm.onNoAnswer === "release" && end < startsAt.getTime() ? new Date(end) : null;
  return { askAt, deadline };
}

/** The reconfirm times of an event, by its settings. */
export function eventReconfirmTimes(
  event: Pick<EventRecord, "startsAt" | "timeZone" | "settings">,
): ReconfirmTimes | null {
  return reconfirmTimes({
    startsAt: new Date(event.startsAt),
    zone: event.timeZone,
    quiet: event.settings.quietHours,
    reconfirm: event.settings.reconfirm ?? null,
  });
}

/** Timer names per (guest, round), like the reminders' (core/timer-plan.ts): at most 44 characters. */
export const reconfirmTimerNames = {
  ask: (guestId: string, round = 1) => `reconfirm-ask-${guestId}${roundSuffix(round, "-r")}`,
  release: (guestId: string, round = 1) => `reconfirm-release-${guestId}${roundSuffix(round, "-r")}`,
};

/** Both timer names of a guest's round (to cancel: one that fired or was never booked is simply gone). */
export function reconfirmTimerNamesOf(guestId: string, round: number): string[] {
  return [reconfirmTimerNames.ask(guestId, round), reconfirmTimerNames.release(guestId, round)];
}

function timer(event: EventRecord, name: string, at: Date, command: Record<string, unknown>): Timer {
  const issuedAt = at.toISOString();
  return {
    name,
    eventId: event.eventId,
    at: issuedAt,
    timeZone: event.timeZone,
    command: {
      ...command,
      eventId: event.eventId,
      commandId: `timer-${name}`,
      issuedAt,
      lane: "timer",
    } as Timer["command"],
  };
}

/**
 * A confirmed guest's reconfirm timers, for a guest confirmed (or a setting changed) at `from`: the ask, if it
 * is still ahead, and with `release` the deadline's. A guest confirmed after the ask's time is not asked: they
 * have just said yes.
 */
export function reconfirmTimers(event: EventRecord, guest: GuestRecord, from: Date): Timer[] {
  const times = eventReconfirmTimes(event);
  if (!times || times.askAt.getTime() <= from.getTime()) return [];
  const { guestId } = guest;
  const round = roundOf(guest);
  const timers = [
    timer(event, reconfirmTimerNames.ask(guestId, round), times.askAt, {
      type: "notify",
      guestId,
      notice: "reconfirm",
    }),
  ];
  if (times.deadline)
    timers.push(
      timer(event, reconfirmTimerNames.release(guestId, round), times.deadline, {
        type: "release-unanswered",
        guestId,
        askedAt: times.askAt.toISOString(),
        deadline: times.deadline.toISOString(),
      }),
    );
  return timers;
}

/** Whether an edit changed when or whether the event asks (so every confirmed guest's timers are planned again). */
export function reconfirmChanged(old: EventRecord, event: EventRecord): boolean {
  return JSON.stringify(old.settings.reconfirm ?? null) !== JSON.stringify(event.settings.reconfirm ?? null);
}

/**
 * The reconfirm timers of an event whose setting (or time) changed at `at`: every confirmed guest's are
 * cancelled and booked again by the new setting (the same names; an ask that already fired was applied once
 * and is not sent again).
 */
export function reconfirmReplan(
  event: EventRecord,
  guests: readonly GuestRecord[],
  at: Date,
): { book: Timer[]; cancel: string[] } {
  const plan: { book: Timer[]; cancel: string[] } = { book: [], cancel: [] };
  for (const guest of guests) {
    if (guest.status !== "confirmed") continue;
    plan.cancel.push(...reconfirmTimerNamesOf(guest.guestId, roundOf(guest)));
    plan.book.push(...reconfirmTimers(event, guest, at));
  }
  return plan;
}

/**
 * "8 of 12 reconfirmed": of the guests confirmed now, how many answered "still coming?" with yes. Null for an
 * event that does not ask, and before its ask's time (nobody could have answered yet).
 */
export function reconfirmTally(
  event: Pick<EventRecord, "startsAt" | "timeZone" | "settings">,
  guests: readonly Pick<GuestRecord, "status" | "reconfirmedAt">[],
  now: Date,
): { count: number; total: number } | null {
  const times = eventReconfirmTimes(event);
  if (!times || times.askAt.getTime() > now.getTime()) return null;
  const confirmed = guests.filter((g) => g.status === "confirmed");
  return { count: confirmed.filter((g) => g.reconfirmedAt).length, total: confirmed.length };
}

/**
 * Whether a guest's last change is the release of their seat at the reconfirm deadline (the timer's cancel of
 * `decideReleaseUnanswered`): such a guest is told in words of its own, not as if they had cancelled.
 */
export function wasReleasedUnanswered(guest: Pick<GuestRecord, "status" | "lastChange">): boolean {
  const t = guest.lastChange;
  return (
    guest.status === "cancelled" && t.action === "cancel" && t.lane === "timer" && t.from === "confirmed"
  );
}
