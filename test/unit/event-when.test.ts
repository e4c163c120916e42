import { describe, expect, it } from "vitest";
import { formatInstant, formatWhen } from "../../producers/web/event-view.ts";
import { newEvent } from "../helpers/factories.ts";

/** The date line names the zone once: "(Europe/Berlin)" after "CET", but no "(UTC)" after "UTC". */
describe("the event's date line", () => {
  const at = { startsAt: "2026-12-14T19:00:00.000Z", endsAt: "2026-12-14T21:00:00.000Z" };

  it("adds the zone's id after its short name where they differ", () => {
    const berlin = newEvent({ ...at, timeZone: "Europe/Berlin" });
    expect(formatWhen(berlin)).toBe("Monday, 14 December 2026 at 20:00 – 22:00 CET (Europe/Berlin)");
    expect(formatInstant(berlin, at.startsAt)).toBe("Monday, 14 December 2026 at 20:00 CET (Europe/Berlin)");
  });

  it("names UTC once", () => {
    const utc = newEvent({ ...at, timeZone: "UTC" });
    expect(formatWhen(utc)).toBe("Monday, 14 December 2026 at 19:00 – 21:00 UTC");
    expect(formatInstant(utc, at.startsAt)).toBe("Monday, 14 December 2026 at 19:00 UTC");
  });
});
