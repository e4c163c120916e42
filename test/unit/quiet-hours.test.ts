import { readFileSync } from "node:fs";
import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it, type TestContext } from "vitest";
import { DEFAULT_QUIET_HOURS as quiet } from "../../contracts/settings.ts";
import {
  isQuiet,
  localWallTime,
  nextDeliveryTime,
  resolveWallTime,
  type WallTimeStatus,
} from "../../core/quiet-hours.ts";

/** The fixture's fields these tests read; see its description for their meaning. */
type Transition = Record<"utc" | "offset_before" | "offset_after", string>;
type QuietCheck = Record<`quiet_${"start" | "end"}_${"local" | "utc"}`, string> & {
  quiet_end_status: WallTimeStatus;
  quiet_window_hours: number;
  next_local_midnight_status: WallTimeStatus;
};
interface EdgeCase {
  id: string;
  zone: string;
  dates: string[];
  transitions: Transition[];
  quiet_window_checks: QuietCheck[];
  also_zones?: string[];
  also_zone_transitions?: Record<string, Transition[]>;
  local_time_checks?: { local: string; status: WallTimeStatus }[];
}

const fixture: { cases: EdgeCase[] } = JSON.parse(
  readFileSync(new URL("../../../shared/fixtures/tz-edge-cases.json", import.meta.url), "utf8"),
);
const HOUR = 3_600_000;

/**
 * Where this runtime's tz data (Node's ICU) disagrees with the tzdb the fixture was computed from: the
 * offsets either side of each cited transition. A stale runtime would fail such a case for a reason that is
 * not ours, and passing it would hide that send times there are wrong, so the case is skipped by name.
 */
function tzdataMismatches(zone: string, transitions: readonly Transition[]): string[] {
  const offset = (ms: number) => DateTime.fromMillis(ms, { zone });
  if (!offset(0).isValid) return [`${zone} is unknown to this runtime`];
  return transitions.flatMap((t) => {
    const at = Date.parse(t.utc);
    const before = offset(at - 1000).toFormat("ZZ");
    const after = offset(at).toFormat("ZZ");
    return before === t.offset_before && after === t.offset_after
      ? []
      : [`${zone} at ${t.utc}: runtime ${before}→${after}, fixture ${t.offset_before}→${t.offset_after}`];
  });
}

const skipIfStale = (ctx: TestContext, mismatches: string[]) => {
  if (mismatches.length > 0)
    ctx.skip(`tzdata mismatch (runtime tz ${process.versions.tz}): ${mismatches.join("; ")}`);
};

const at = (local: string, zone: string) => resolveWallTime(local, zone).at;
const shiftDay = (date: string, days: number) =>
  DateTime.fromISO(date, { zone: "utc" }).plus({ days }).toISODate();

describe("every case in tz-edge-cases.json", () => {
  it("has cases to check", () => expect(fixture.cases.length).toBeGreaterThan(15));

  for (const c of fixture.cases) {
    const zones = [c.zone, ...(c.also_zones ?? [])];
    const stale = (z: string) =>
      tzdataMismatches(z, z === c.zone ? c.transitions : (c.also_zone_transitions?.[z] ?? []));
    describe(`${c.id} (${zones.join(", ")})`, () => {
      for (const q of c.quiet_window_checks) {
        it(`a 21:30 reminder on ${q.quiet_start_local.slice(0, 10)} waits for 08:00 after a night of ${q.quiet_window_hours} h`, (ctx) => {
          skipIfStale(ctx, stale(c.zone));
          const start = resolveWallTime(q.quiet_start_local, c.zone);
          expect(start).toEqual({ status: "ok", at: new Date(q.quiet_start_utc) });
          const reminder = at(q.quiet_start_local.replace("21:00", "21:30"), c.zone);
          expect(isQuiet(reminder, c.zone, quiet)).toBe(true);
          expect(nextDeliveryTime(reminder, c.zone, quiet)).toEqual(new Date(q.quiet_end_utc));
          const end = nextDeliveryTime(start.at, c.zone, quiet);
          expect((end.getTime() - start.at.getTime()) / HOUR).toBe(q.quiet_window_hours);
          expect(resolveWallTime(q.quiet_end_local, c.zone).status).toBe(q.quiet_end_status);
          const midnight = `${shiftDay(q.quiet_start_local.slice(0, 10), 1)} 00:00`;
          expect(resolveWallTime(midnight, c.zone).status).toBe(q.next_local_midnight_status);
        });
      }
      for (const zone of zones) {
        for (const date of c.dates) {
          it(`in ${zone}, a 21:30 reminder the evening before ${date} goes out at the first 08:00 that exists`, (ctx) => {
            skipIfStale(ctx, stale(zone));
            const reminder = at(`${shiftDay(date, -1)} 21:30`, zone);
            const sent = nextDeliveryTime(reminder, zone, quiet);
            expect(isQuiet(sent, zone, quiet)).toBe(false);
            expect(isQuiet(new Date(sent.getTime() - 1), zone, quiet)).toBe(true);
            const eight = resolveWallTime(`${date} 08:00`, zone);
            if (eight.status === "nonexistent") expect(localWallTime(sent, zone)).toMatch(/T08:00:00\.000$/);
            else expect(sent).toEqual(eight.at);
          });
        }
      }
      for (const check of c.local_time_checks ?? []) {
        it(`${check.local} is ${check.status} in ${c.zone}`, (ctx) => {
          skipIfStale(ctx, stale(c.zone));
          expect(resolveWallTime(check.local, c.zone).status).toBe(check.status);
        });
      }
    });
  }
});

describe("quiet hours", () => {
  const zone = "Europe/Berlin";
  it("run from start (inclusive) to end (exclusive) across midnight", () => {
    expect(isQuiet(at("2026-06-15 20:59", zone), zone, quiet)).toBe(false);
    expect(isQuiet(at("2026-06-15 21:00", zone), zone, quiet)).toBe(true);
    expect(isQuiet(at("2026-06-16 07:59", zone), zone, quiet)).toBe(true);
    expect(isQuiet(at("2026-06-16 08:00", zone), zone, quiet)).toBe(false);
  });

  it("a message outside quiet hours goes out at once; one at 03:00 waits for 08:00 the same day", () => {
    const noon = at("2026-06-15 12:00", zone);
    expect(nextDeliveryTime(noon, zone, quiet)).toEqual(noon);
    expect(nextDeliveryTime(at("2026-06-16 03:00", zone), zone, quiet)).toEqual(at("2026-06-16 08:00", zone));
  });

  it("a same-day window (a lunch break) defers to its end that day", () => {
    const lunch = { start: "13:00", end: "14:00" };
    expect(isQuiet(at("2026-06-15 12:59", zone), zone, lunch)).toBe(false);
    expect(nextDeliveryTime(at("2026-06-15 13:20", zone), zone, lunch)).toEqual(at("2026-06-15 14:00", zone));
  });

  it("an empty window (start equals end) is never quiet", () => {
    const none = { start: "08:00", end: "08:00" };
    const night = at("2026-06-16 03:00", zone);
    expect(isQuiet(night, zone, none)).toBe(false);
    expect(nextDeliveryTime(night, zone, none)).toEqual(night);
  });

  it("an end time the clocks skip delivers at the first instant after the gap", () => {
    const ny = "America/New_York";
    const sent = nextDeliveryTime(at("2026-03-08 01:00", ny), ny, { start: "23:00", end: "02:30" });
    expect(sent).toEqual(new Date("2026-03-08T07:00:00Z")); // 03:00 EDT
    expect(resolveWallTime("2026-11-01 01:30", ny)).toEqual({
      status: "ambiguous",
      at: new Date("2026-11-01T05:30:00Z"), // the first 01:30, EDT
    });
  });

  it("refuses a zone the runtime does not know and a malformed setting", () => {
    expect(() => isQuiet(new Date(), "Mars/Olympus_Mons", quiet)).toThrow(RangeError);
    expect(() => isQuiet(new Date(), zone, { start: "9pm", end: "08:00" })).toThrow(RangeError);
  });

  it("the tzdata check notices offsets the runtime does not reproduce", () => {
    const check = (before: string, after: string) =>
      tzdataMismatches(zone, [{ utc: "2026-03-29T01:00:00Z", offset_before: before, offset_after: after }]);
    expect(check("+01:00", "+02:00")).toEqual([]);
    expect(check("+01:00", "+01:00")).toHaveLength(1);
    expect(tzdataMismatches("Mars/Olympus_Mons", [])).toEqual([
      "Mars/Olympus_Mons is unknown to this runtime",
    ]);
  });
});

/** Half-hour and 45-minute offsets and DST, 30-minute (Lord Howe) and 2-hour (Troll) shifts, +14:00. */
const propertyZones = (
  "Australia/Lord_Howe America/St_Johns Asia/Kathmandu Pacific/Chatham Europe/Berlin America/New_York " +
  "Pacific/Kiritimati Antarctica/Troll America/Santiago"
).split(" ");

describe("nextDeliveryTime, for random instants (property)", () => {
  const [min, max] = [new Date("1995-01-01Z"), new Date("2045-01-01Z")];
  const instant = fc.date({ min, max, noInvalidDate: true });
  const hhmm = fc
    .tuple(fc.nat(23), fc.nat(59))
    .map(([h, m]) => `${`${h}`.padStart(2, "0")}:${`${m}`.padStart(2, "0")}`);

  // Uniform instants rarely hit a DST night, so half the runs land within a day and a half of a fixture transition.
  const transitions = fixture.cases.flatMap((c) =>
    Object.entries({ ...c.also_zone_transitions, [c.zone]: c.transitions }).flatMap(([zone, ts]) =>
      ts.map((t) => ({ zone, at: Date.parse(t.utc) })),
    ),
  );
  const nearTransition = fc
    .tuple(fc.constantFrom(...transitions), fc.integer({ min: -36 * HOUR, max: 36 * HOUR }))
    .map(([t, d]): [Date, string] => [new Date(t.at + d), t.zone]);
  const anywhere = fc.tuple(instant, fc.constantFrom(...propertyZones));

  it("is never quiet, never early, at most 13 h late, and the first deliverable instant", () => {
    fc.assert(
      fc.property(fc.oneof(anywhere, nearTransition), ([t, zone]) => {
        const sent = nextDeliveryTime(t, zone, quiet);
        expect(isQuiet(sent, zone, quiet)).toBe(false);
        expect(sent.getTime()).toBeGreaterThanOrEqual(t.getTime());
        expect(sent.getTime() - t.getTime()).toBeLessThanOrEqual(13 * HOUR);
        if (sent > t) expect(isQuiet(new Date(sent.getTime() - 1), zone, quiet)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("skips a day whose only open minute falls into the spring-forward gap (Lord Howe, 2000-08-27)", () => {
    // Open only 02:00–02:01; on 27 August 2000 Lord Howe's clocks went from 02:00 straight to 02:30.
    const window = { start: "02:01", end: "02:00" };
    const sent = nextDeliveryTime(new Date("2000-08-25T15:31:00Z"), "Australia/Lord_Howe", window);
    expect(sent.toISOString()).toBe("2000-08-27T15:00:00.000Z"); // 02:00 on the 28th, +11:00
    expect(isQuiet(sent, "Australia/Lord_Howe", window)).toBe(false);
  });

  it("holds for any window: never quiet, never early, no later than the window's length plus a DST shift", () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...propertyZones), hhmm, hhmm, (t, zone, start, end) => {
        const window = { start, end };
        const sent = nextDeliveryTime(t, zone, window);
        expect(isQuiet(sent, zone, window)).toBe(false);
        expect(sent.getTime()).toBeGreaterThanOrEqual(t.getTime());
        const minutes = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
        const length = (minutes(end) - minutes(start) + 1440) % 1440;
        // An open span no longer than a DST shift can fall wholly into the night's gap; then it opens a day later.
        const gapDay = 1440 - length <= 120 ? 24 * HOUR : 0;
        expect(sent.getTime() - t.getTime()).toBeLessThanOrEqual(length * 60_000 + 2 * HOUR + gapDay);
      }),
      { numRuns: 1000 },
    );
  });
});
