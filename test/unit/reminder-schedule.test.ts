import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_QUIET_HOURS as quiet, type ReminderOffset } from "../../contracts/settings.ts";
import { isQuiet, resolveWallTime } from "../../core/quiet-hours.ts";
import { offerDeadline, reminderSchedule } from "../../core/reminder-schedule.ts";

const HOUR = 3_600_000;
const at = (local: string, zone: string) => resolveWallTime(local, zone).at;
const berlin = "Europe/Berlin";
const longAgo = new Date("2020-01-01T00:00:00Z");
const shown = (zone: string) => (r: { kind: string; at: Date }) => ({
  kind: r.kind,
  at: r.at.toLocaleString("sv-SE", { timeZone: zone }).slice(0, 16),
});

describe("reminder schedule", () => {
  it("books a week out, a day out and the morning of, at local wall times", () => {
    const startsAt = at("2026-06-20 19:00", berlin);
    expect(
      reminderSchedule({ startsAt, zone: berlin, confirmedAt: longAgo, quiet }).map(shown(berlin)),
    ).toEqual([
      { kind: "week", at: "2026-06-13 19:00" },
      { kind: "day", at: "2026-06-19 19:00" },
      { kind: "morning", at: "2026-06-20 08:00" },
    ]);
  });

  it("counts a week out in calendar days: across the spring change it is 167 real hours", () => {
    const startsAt = at("2026-04-01 19:00", berlin);
    const [week] = reminderSchedule({ startsAt, zone: berlin, confirmedAt: longAgo, quiet });
    expect(week).toEqual({ kind: "week", at: at("2026-03-25 19:00", berlin) });
    expect((startsAt.getTime() - week!.at.getTime()) / HOUR).toBe(167);
  });

  it("defers a late-evening reminder to 08:00 and sends one message when it meets the morning-of", () => {
    const startsAt = at("2026-06-20 22:00", berlin);
    expect(
      reminderSchedule({ startsAt, zone: berlin, confirmedAt: longAgo, quiet }).map(shown(berlin)),
    ).toEqual([
      { kind: "week", at: "2026-06-14 08:00" },
      { kind: "morning", at: "2026-06-20 08:00" },
    ]);
  });

  it("an event before 08:00 gets its morning reminder 2 h before, unless quiet hours push it past the start", () => {
    const startsAt = at("2026-06-20 07:30", berlin);
    const early = reminderSchedule({ startsAt, zone: berlin, confirmedAt: longAgo, quiet });
    expect(early.map(shown(berlin))).toEqual([
      { kind: "week", at: "2026-06-13 08:00" },
      { kind: "day", at: "2026-06-19 08:00" },
    ]);
    const shortNight = { start: "23:00", end: "05:00" };
    const morning = reminderSchedule({ startsAt, zone: berlin, confirmedAt: longAgo, quiet: shortNight });
    expect(morning.at(-1)).toEqual({ kind: "morning", at: new Date(startsAt.getTime() - 2 * HOUR) });
  });

  it("skips a reminder already due when the guest confirmed, even though quiet hours would have delayed it", () => {
    const startsAt = at("2026-06-20 22:00", berlin);
    const justAfterWeekOut = at("2026-06-13 23:00", berlin); // week-out due 22:00, would go out 06-14 08:00
    expect(
      reminderSchedule({ startsAt, zone: berlin, confirmedAt: justAfterWeekOut, quiet }).map(shown(berlin)),
    ).toEqual([{ kind: "morning", at: "2026-06-20 08:00" }]);
  });

  it("resolves a week-out wall time the clocks skip to the first instant after the gap", () => {
    const ny = "America/New_York";
    const startsAt = at("2026-03-15 02:30", ny);
    const none = { start: "00:00", end: "00:00" };
    const offsets: ReminderOffset[] = [{ kind: "week", rule: "days-before", days: 7 }];
    expect(reminderSchedule({ startsAt, zone: ny, confirmedAt: longAgo, quiet: none, offsets })).toEqual([
      { kind: "week", at: new Date("2026-03-08T07:00:00Z") }, // 03:00 EDT
    ]);
  });

  it("takes the offsets as a setting, and refuses a kind twice because it names the timer", () => {
    const startsAt = at("2026-06-20 19:00", berlin);
    const offsets: ReminderOffset[] = [{ kind: "day", rule: "days-before", days: 2 }];
    expect(reminderSchedule({ startsAt, zone: berlin, confirmedAt: longAgo, quiet, offsets })).toEqual([
      { kind: "day", at: at("2026-06-18 19:00", berlin) },
    ]);
    expect(() =>
      reminderSchedule({ startsAt, zone: berlin, confirmedAt: longAgo, offsets: [...offsets, ...offsets] }),
    ).toThrow(RangeError);
  });
});

describe("offer deadline", () => {
  const startsAt = at("2026-06-20 19:00", berlin);
  const offer = (local: string, over: { allowNight?: boolean; windowHours?: number; startsAt?: Date } = {}) =>
    offerDeadline({
      offeredAt: at(local, berlin),
      startsAt,
      zone: berlin,
      quiet,
      allowNight: false,
      ...over,
    });

  it("a daytime offer is delivered at once and held for 6 h", () => {
    expect(offer("2026-06-18 10:00")).toEqual({
      deliverAt: at("2026-06-18 10:00", berlin),
      expiresAt: at("2026-06-18 16:00", berlin),
    });
  });

  it("a night offer waits for 08:00 and its window counts from delivery", () => {
    expect(offer("2026-06-17 23:30")).toEqual({
      deliverAt: at("2026-06-18 08:00", berlin),
      expiresAt: at("2026-06-18 14:00", berlin),
    });
    expect(offer("2026-06-17 23:30", { allowNight: true })).toEqual(offer("2026-06-17 23:30"));
  });

  it("a window never runs past the start", () => {
    expect(offer("2026-06-20 16:00")?.expiresAt).toEqual(startsAt);
  });

  it("with night offers allowed, a time-critical offer goes out at night instead of after the start", () => {
    const dawn = { startsAt: at("2026-06-20 07:00", berlin) };
    expect(offer("2026-06-19 23:00", dawn)).toBeNull();
    expect(offer("2026-06-19 23:00", { ...dawn, allowNight: true })).toEqual({
      deliverAt: at("2026-06-19 23:00", berlin),
      expiresAt: at("2026-06-20 05:00", berlin),
    });
  });

  it("stops once the event has started", () => {
    expect(offer("2026-06-20 19:00")).toBeNull();
    expect(offer("2026-06-21 10:00", { allowNight: true })).toBeNull();
  });
});

const zones = (
  "Australia/Lord_Howe America/St_Johns Asia/Kathmandu Pacific/Chatham Europe/Berlin America/New_York " +
  "Pacific/Kiritimati Antarctica/Troll America/Santiago"
).split(" ");

describe("reminderSchedule, for random events and confirmations (property)", () => {
  it("is before the start, after confirmation, never quiet, sorted and one per instant", () => {
    const startsAt = fc.date({
      min: new Date("2000-01-01Z"),
      max: new Date("2040-01-01Z"),
      noInvalidDate: true,
    });
    const lead = fc.integer({ min: 0, max: 12 * 24 * HOUR });
    fc.assert(
      fc.property(startsAt, lead, fc.constantFrom(...zones), (start, before, zone) => {
        const confirmedAt = new Date(start.getTime() - before);
        const reminders = reminderSchedule({ startsAt: start, zone, confirmedAt, quiet });
        for (const r of reminders) {
          expect(r.at.getTime()).toBeLessThan(start.getTime());
          expect(r.at.getTime()).toBeGreaterThan(confirmedAt.getTime());
          expect(isQuiet(r.at, zone, quiet)).toBe(false);
        }
        const times = reminders.map((r) => r.at.getTime());
        expect(times).toEqual([...new Set(times)].sort((a, b) => a - b));
        expect(new Set(reminders.map((r) => r.kind)).size).toBe(reminders.length);
      }),
      { numRuns: 2000 },
    );
  });
});
