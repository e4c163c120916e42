import { describe, expect, it } from "vitest";
import { type EventInput, settingsOf } from "../../cli/new-event.ts";

const input = (more: Partial<EventInput>): EventInput => ({
  name: "Party",
  startsAt: "2026-12-24T19:00",
  timeZone: "Europe/Berlin",
  capacity: "10",
  ...more,
});

describe("rsvp event create --reconfirm", () => {
  it("is off unless given", () => {
    expect(settingsOf(input({}), []).reconfirm).toBeNull();
  });

  it("asks DAYS before; --reconfirm-release and --reconfirm-hours set what happens without an answer", () => {
    expect(settingsOf(input({ reconfirm: "2" }), []).reconfirm).toEqual({
      daysBefore: 2,
      onNoAnswer: "keep",
      answerHours: 24,
    });
    const problems: string[] = [];
    const s = settingsOf(input({ reconfirm: "3", reconfirmRelease: true, reconfirmHours: "12" }), problems);
    expect(problems).toEqual([]);
    expect(s.reconfirm).toEqual({ daysBefore: 3, onNoAnswer: "release", answerHours: 12 });
    expect(settingsOf(input({ reconfirm: "off" }), []).reconfirm).toBeNull();
  });

  it("names the option for a bad value, and asks for --reconfirm with its companions", () => {
    const bad: string[] = [];
    settingsOf(input({ reconfirm: "0" }), bad);
    expect(bad.join("\n")).toContain("--reconfirm (days, 1 to 30)");
    const alone: string[] = [];
    settingsOf(input({ reconfirmRelease: true }), alone);
    expect(alone).toEqual(["--reconfirm-release and --reconfirm-hours need --reconfirm DAYS"]);
  });
});
