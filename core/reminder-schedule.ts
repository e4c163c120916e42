import { DateTime } from "luxon";
import {
  DEFAULT_QUIET_HOURS,
  DEFAULT_REMINDER_OFFSETS,
  type QuietHours,
  type ReminderKind,
  type ReminderOffset,
} from "../contracts/settings.ts";
import { localWallTime, nextDeliveryTime, resolveWallTime } from "./quiet-hours.ts";

/** One reminder to book: a one-off timer at `at`. */
export interface Reminder {
  kind: ReminderKind;
  at: Date;
}

export interface ReminderScheduleInput {
  startsAt: Date;
  /** The event's IANA zone: wall times and quiet hours are read on its clock. */
  zone: string;
  /** When the guest was confirmed: reminders due before then are not sent late. */
  confirmedAt: Date;
  quiet?: QuietHours;
  offsets?: readonly ReminderOffset[];
}

const HOUR = 3_600_000;

/** When an offset falls due. Calendar shifts are done on the floating local reading, then resolved in the zone. */
function dueAt(offset: ReminderOffset, startsAt: Date, zone: string): Date {
  const start = DateTime.fromISO(localWallTime(startsAt, zone), { zone: "utc" });
  if (offset.rule === "days-before") {
    const earlier = start.minus({ days: offset.days }).toISO({ includeOffset: false });
    return resolveWallTime(earlier!, zone).at;
  }
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(offset.at)) throw new RangeError(`"${offset.at}" is not HH:mm`);
  if (start.toFormat("HH:mm") < offset.at)
    return new Date(startsAt.getTime() - offset.earlyStartHours * HOUR);
  return resolveWallTime(`${start.toISODate()}T${offset.at}`, zone).at;
}

/**
 * The reminders to book for a guest confirmed at `confirmedAt`, earliest first.
 *
 * Each falls due by its offset and is then deferred out of quiet hours. One whose due time had already passed
 * at confirmation is skipped, judged on the due time rather than the deferred one: a guest who confirms at
 * 23:00 has just read everything a 22:00 reminder would say. One that deferral pushes to or past the start is
 * dropped, since a reminder after the doors open is noise. When deferral lands two reminders on one instant
 * (a day-out due at 22:00 meets the 08:00 morning-of) one message goes out, as the one due latest: it is the
 * one whose wording fits the moment it is read.
 */
export function reminderSchedule(input: ReminderScheduleInput): Reminder[] {
  const { startsAt, zone, confirmedAt } = input;
  const quiet = input.quiet ?? DEFAULT_QUIET_HOURS;
  const offsets = input.offsets ?? DEFAULT_REMINDER_OFFSETS;
  if (new Set(offsets.map((o) => o.kind)).size !== offsets.length)
    throw new RangeError("each reminder kind may appear once: it names the timer");
  const booked = candidates(startsAt, zone, quiet, offsets).filter(
    (r) => r.due.getTime() > confirmedAt.getTime(),
  );
  booked.sort((a, b) => a.at.getTime() - b.at.getTime() || b.due.getTime() - a.due.getTime());
  return booked
    .filter((r, i) => i === 0 || r.at.getTime() !== booked[i - 1]!.at.getTime())
    .map(({ kind, at }) => ({ kind, at: new Date(at.getTime()) }));
}

interface Candidate {
  kind: ReminderKind;
  at: Date;
  due: Date;
}

/**
 * Each offset's due time and delivery time (out of quiet hours), those delivered before the start. They
 * depend on the event alone, not on the guest: worked out once per event and settings, not once per
 * confirmed guest (zone arithmetic was a large part of a rush's background work).
 */
function candidates(
  startsAt: Date,
  zone: string,
  quiet: QuietHours,
  offsets: readonly ReminderOffset[],
): readonly Candidate[] {
  const key = `${startsAt.getTime()} ${zone} ${JSON.stringify(quiet)} ${JSON.stringify(offsets)}`;
  let found = candidateCache.get(key);
  if (!found) {
    found = offsets.flatMap((offset) => {
      const due = dueAt(offset, startsAt, zone);
      const at = nextDeliveryTime(due, zone, quiet);
      return at.getTime() < startsAt.getTime() ? [{ kind: offset.kind, at, due }] : [];
    });
    if (candidateCache.size >= 1_000) candidateCache.clear();
    candidateCache.set(key, found);
  }
  return found;
}

const candidateCache = new Map<string, readonly Candidate[]>();

export interface OfferDeadlineInput {
  offeredAt: Date;
  /** How long the guest has to claim the seat, counted from delivery (default 6 h). */
  windowHours?: number;
  startsAt: Date;
  zone: string;
  quiet?: QuietHours;
  /** Host setting: a time-critical offer may go out at night. */
  allowNight: boolean;
}

/**
 * When a seat offer is delivered and when its claim window closes; null when offers have stopped because the
 * event has started, or because the offer could only be delivered after it started.
 *
 * A night offer waits for the end of quiet hours and its window counts from delivery, so a sleeping guest
 * loses no claim time. The window never runs past the start: a seat claimed after the doors open is no use,
 * and the next person in line must get their turn before then. `allowNight` only lets an offer through at
 * night when waiting would cost claim time (the deferred window would run into the start); otherwise a host
 * who allowed night offers would just have guests woken for windows that close before they are up.
 */
export function offerDeadline(input: OfferDeadlineInput): { deliverAt: Date; expiresAt: Date } | null {
  const { offeredAt, startsAt, zone } = input;
  const window = (input.windowHours ?? 6) * HOUR;
  const start = startsAt.getTime();
  if (offeredAt.getTime() >= start) return null;
  const deferred = nextDeliveryTime(offeredAt, zone, input.quiet ?? DEFAULT_QUIET_HOURS);
  const timeCritical = deferred.getTime() + window > start;
  const deliverAt = input.allowNight && timeCritical ? offeredAt : deferred;
  if (deliverAt.getTime() >= start) return null;
  return { deliverAt, expiresAt: new Date(Math.min(deliverAt.getTime() + window, start)) };
}
