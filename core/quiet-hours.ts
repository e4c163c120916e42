import { IANAZone } from "luxon";
import type { QuietHours } from "../contracts/settings.ts";

/** Whether a local wall time happens once, twice (clocks went back) or never (clocks jumped over it). */
export type WallTimeStatus = "ok" | "ambiguous" | "nonexistent";

const MINUTE = 60_000;
const DAY = 86_400_000;
const mod = (n: number, m: number) => ((n % m) + m) % m;

/** A zone known to the runtime's tz data; an unknown one is a bug upstream (contracts validate zones). */
function zoneOf(name: string): IANAZone {
  const zone = IANAZone.create(name);
  if (!zone.isValid) throw new RangeError(`unknown time zone "${name}" (not in this runtime's tz data)`);
  return zone;
}

/** Milliseconds since the epoch of the local clock reading at `t`, as if that reading were UTC. */
function wallMs(zone: IANAZone, t: number): number {
  return t + zone.offset(t) * MINUTE;
}

/**
 * Every instant at which the zone's clock reads `local` (ms, as if UTC), earliest first. Offsets are probed a
 * day either side, as Temporal does, because one transition can move the clock by up to a day (Apia, 2011).
 */
function occurrences(zone: IANAZone, local: number): number[] {
  const offsets = new Set([-DAY, 0, DAY].map((d) => zone.offset(local + d) * MINUTE));
  const found = [...offsets].map((o) => local - o).filter((t) => wallMs(zone, t) === local);
  return [...new Set(found)].sort((a, b) => a - b);
}

/**
 * The instant the clock jumps over `local`: the first instant after the gap. The tz data is reachable only as
 * offsets at instants (Intl, through luxon), not as a list of transitions, so the jump is found by bisection.
 */
function endOfGap(zone: IANAZone, local: number): number {
  const offsets = [-DAY, 0, DAY].map((d) => zone.offset(local + d) * MINUTE);
  let lo = local - Math.max(...offsets);
  let hi = local - Math.min(...offsets);
  if (!(wallMs(zone, lo) < local && wallMs(zone, hi) >= local))
    throw new Error(`no gap around ${new Date(local).toISOString()} local in ${zone.name}`);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallMs(zone, mid) >= local) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The first instant at or after `notBefore` at which the clock reads `local`, or if it never does (a DST gap),
 * the first instant after the gap; null when neither exists after `notBefore`.
 */
function firstAt(zone: IANAZone, local: number, notBefore = Number.NEGATIVE_INFINITY): number | null {
  const all = occurrences(zone, local);
  if (all.length === 0) {
    const after = endOfGap(zone, local);
    return after >= notBefore ? after : null;
  }
  return all.find((t) => t >= notBefore) ?? null;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

/**
 * The instant of a local wall time ("yyyy-MM-dd HH:mm", a "T" also accepted) in a zone, and whether that wall
 * time is ambiguous (the earlier instant is given, so a message goes out at its first occurrence) or
 * nonexistent (the first instant after the gap is given: the moment the clock passes that reading).
 */
export function resolveWallTime(local: string, zoneName: string): { status: WallTimeStatus; at: Date } {
  const m = LOCAL.exec(local);
  if (!m) throw new RangeError(`"${local}" is not a local date-time like 2026-03-29 08:00`);
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((p) => Number(p ?? 0)) as number[];
  const wall = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!, Number((m[7] ?? "").padEnd(3, "0")));
  const zone = zoneOf(zoneName);
  const all = occurrences(zone, wall);
  const status = all.length === 1 ? "ok" : all.length === 2 ? "ambiguous" : "nonexistent";
  return { status, at: new Date(all[0] ?? endOfGap(zone, wall)) };
}

/** The local wall time of an instant in a zone, "yyyy-MM-ddTHH:mm:ss.SSS" (no offset: it is a reading). */
export function localWallTime(instant: Date, zoneName: string): string {
  return new Date(wallMs(zoneOf(zoneName), instant.getTime())).toISOString().slice(0, 23);
}

/** Minutes after local midnight of an "HH:mm" setting; a malformed setting is a bug upstream. */
function minutesOf(hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new RangeError(`quiet-hours time "${hhmm}" is not HH:mm`);
  return Number(m[1]) * 60 + Number(m[2]);
}

interface Window {
  start: number;
  end: number;
}

const windowOf = (quiet: QuietHours): Window => ({
  start: minutesOf(quiet.start),
  end: minutesOf(quiet.end),
});

function quietAt(zone: IANAZone, w: Window, t: number): boolean {
  const minute = mod(wallMs(zone, t), DAY) / MINUTE;
  if (w.start === w.end) return false;
  if (w.start < w.end) return minute >= w.start && minute < w.end;
  return minute >= w.start || minute < w.end;
}

/** Whether an instant falls in the quiet hours, read on the event's local clock. */
export function isQuiet(instant: Date, zone: string, quiet: QuietHours): boolean {
  return quietAt(zoneOf(zone), windowOf(quiet), instant.getTime());
}

/**
 * When a message due at `instant` may be delivered: the instant itself outside quiet hours, else the next time
 * the local clock reads `end`. That is found on the local calendar, never by adding hours, because the night
 * can be 9 to 13 real hours long across a DST change. If `end` does not exist that morning (a gap), delivery is
 * at the first instant after the gap; if that lands in quiet hours again (Apia skipped all of 2011-12-30, so
 * the clock went from 23:59 straight to 00:00 two days on), the search goes on to the next `end`.
 */
export function nextDeliveryTime(instant: Date, zoneName: string, quiet: QuietHours): Date {
  const zone = zoneOf(zoneName);
  const w = windowOf(quiet);
  let t = instant.getTime();
  for (let hop = 0; hop < 4; hop++) {
    if (!quietAt(zone, w, t)) return new Date(t);
    const wall = wallMs(zone, t);
    const midnight = wall - mod(wall, DAY);
    const minute = (wall - midnight) / MINUTE;
    // Past `start` in a window that crosses midnight, the window ends on tomorrow's calendar day.
    const day = w.start > w.end && minute >= w.start ? midnight + DAY : midnight;
    const next = firstAt(zone, day + w.end * MINUTE, t);
    if (next === null || next <= t) break;
    t = next;
  }
  throw new Error(
    `no delivery time after ${instant.toISOString()} in ${zoneName} for ${JSON.stringify(quiet)}`,
  );
}
