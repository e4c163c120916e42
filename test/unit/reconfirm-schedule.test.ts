import { describe, expect, it } from "vitest";
import { EventSettings } from "../../contracts/settings.ts";
import { reconfirmTimerNames, reconfirmTimers, reconfirmTimes } from "../../core/reconfirm.ts";
import { guestTimerPlan } from "../../core/timer-plan.ts";
import { newEvent } from "../helpers/factories.ts";
import { guestOf } from "../helpers/guest-fixtures.ts";

const zone = "Europe/Berlin";
const quiet = { start: "21:00", end: "08:00" };
const keep = { daysBefore: 2, onNoAnswer: "keep" as const, answerHours: 24 };
const release = { ...keep, onNoAnswer: "release" as const };

describe("reconfirmTimes", () => {
  it("asks DAYS before, at the start's local wall time", () => {
    // 19:00 in Berlin (summer, UTC+2) on 10 July: asked 19:00 on 8 July.
    const times = reconfirmTimes({
      startsAt: new Date("2026-07-10T17:00:00Z"),
      zone,
      quiet,
      reconfirm: keep,
    });
    expect(times).toEqual({ askAt: new Date("2026-07-08T17:00:00Z"), deadline: null });
  });

  it("keeps the wall time across a change of clocks", () => {
    // 19:00 on 27 October (winter, UTC+1); two days before is still summer time: 19:00 local is 17:00 UTC.
    const times = reconfirmTimes({
      startsAt: new Date("2026-10-27T18:00:00Z"),
      zone,
      quiet,
      reconfirm: keep,
    });
    expect(times?.askAt).toEqual(new Date("2026-10-25T18:00:00Z"));
  });

  it("moves an ask out of quiet hours", () => {
    // 22:30 local: the ask waits for 08:00 the next morning.
    const times = reconfirmTimes({
      startsAt: new Date("2026-07-10T20:30:00Z"),
      zone,
      quiet,
      reconfirm: keep,
    });
    expect(times?.askAt).toEqual(new Date("2026-07-09T06:00:00Z"));
  });

  it("with release, the deadline is answerHours after the ask, and none when it would reach the start", () => {
    const startsAt = new Date("2026-07-10T17:00:00Z");
    expect(reconfirmTimes({ startsAt, zone, quiet, reconfirm: release })?.deadline).toEqual(
      new Date("2026-07-09T17:00:00Z"),
    );
    const late = { ...release, daysBefore: 1, answerHours: 24 };
    expect(reconfirmTimes({ startsAt, zone, quiet, reconfirm: late })?.deadline).toBeNull();
  });

  it("is off without the setting", () => {
    expect(
      reconfirmTimes({ startsAt: new Date("2026-07-10T17:00:00Z"), zone, quiet, reconfirm: null }),
    ).toBeNull();
  });
});

describe("reconfirm timers", () => {
  const event = newEvent({
    startsAt: "2026-07-10T17:00:00.000Z",
    settings: EventSettings.parse({ reconfirm: release }),
  });

  it("confirmation books the ask and the deadline; leaving cancels both", () => {
    const guest = guestOf(event, "confirmed", {}, { at: new Date("2026-07-01T10:00:00.000Z") });
    const booked = guestTimerPlan(null, guest, event).book.map((t) => [t.name, t.at, t.command.type]);
    expect(booked).toContainEqual([
      reconfirmTimerNames.ask(guest.guestId),
      "2026-07-08T17:00:00.000Z",
      "notify",
    ]);
    expect(booked).toContainEqual([
      reconfirmTimerNames.release(guest.guestId),
      "2026-07-09T17:00:00.000Z",
      "release-unanswered",
    ]);
    const left = { ...guest, status: "cancelled" as const };
    expect(guestTimerPlan(guest, left, event).cancel).toEqual(
      expect.arrayContaining([
        reconfirmTimerNames.ask(guest.guestId),
        reconfirmTimerNames.release(guest.guestId),
      ]),
    );
  });

  it("a guest confirmed after the ask is not asked", () => {
    const guest = guestOf(event, "confirmed");
    expect(reconfirmTimers(event, guest, new Date("2026-07-08T18:00:00Z"))).toEqual([]);
    expect(reconfirmTimers(event, guest, new Date("2026-07-08T16:00:00Z"))).toHaveLength(2);
  });
});
