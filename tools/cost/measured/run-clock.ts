import { wallClockToUtc } from "../../../core/event-factory.ts";
import type { Clock } from "../../../core/ports.ts";

/** The event's time zone. */
export const zone = "Europe/Berlin";
export const minute = 60_000;
export const hour = 60 * minute;
const day = 24 * hour;
/** The event's first day: a Monday in May, clear of daylight-saving changes for the whole run. */
const firstDay = "2027-05-03";

/** The local wall time `hh:mm` of day `d` of the run, as an instant. */
export const at = (d: number, time: string) =>
  wallClockToUtc(
    `${new Date(Date.parse(`${firstDay}T12:00:00Z`) + d * day).toISOString().slice(0, 10)}T${time}`,
    zone,
  ).getTime();

/** A clock the run moves by hand. */
export type RunClock = Clock & { set(at: number): void; ms(): number };

/** The run's clock, at 08:00 on the run's first day. */
export function runClock(): RunClock {
  let now = at(0, "08:00");
  return {
    now: () => new Date(now),
    set: (to) => {
      now = Math.max(now, to);
    },
    ms: () => now,
  };
}
