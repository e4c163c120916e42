import { describe, expect, it } from "vitest";
import { EventSettings } from "../../contracts/settings.ts";
import { localWallTime } from "../../core/quiet-hours.ts";
import { cancel } from "../helpers/factories.ts";
import { type Lifecycle, onEachRuntime } from "../helpers/lifecycle-harness.ts";

const HOUR = 3_600_000;

/** A night in each zone: the seat frees at 23:30 local; the offer email must wait for 08:00 local. */
const nights = [
  // The night the clocks go forward in Berlin (02:00 → 03:00): the night is an hour shorter.
  { zone: "Europe/Berlin", freedAt: "2026-03-28T22:30:00Z", delivered: "2026-03-29T06:00:00.000Z" },
  // The night the clocks go back in New York (02:00 → 01:00): an hour longer.
  { zone: "America/New_York", freedAt: "2026-11-01T03:30:00Z", delivered: "2026-11-01T13:00:00.000Z" },
  // A half-hour offset, no DST.
  { zone: "Asia/Kolkata", freedAt: "2026-06-10T18:00:00Z", delivered: "2026-06-11T02:30:00.000Z" },
  // A 45-minute offset.
  { zone: "Asia/Kathmandu", freedAt: "2026-06-10T17:45:00Z", delivered: "2026-06-11T02:15:00.000Z" },
];

onEachRuntime((start) => {
  let life: Lifecycle;

  describe("quiet hours in the event's zone", () => {
    it.each(nights)(
      "an offer freed at night in $zone is held at once and delivered at 08:00 local",
      async (night) => {
        const freedAt = new Date(night.freedAt);
        life = await start({
          capacity: 1,
          timeZone: night.zone,
          startsAt: new Date(freedAt.getTime() + 10 * 24 * HOUR).toISOString(),
        });
        life.clock.set(new Date(freedAt.getTime() - 48 * HOUR));
        const [ana] = await life.registerAll(["ana@example.org", "ben@example.org"]);
        life.clock.set(freedAt);
        expect(localWallTime(freedAt, night.zone).slice(11, 16)).toMatch(/^2[1-3]:/);
        await life.send(cancel(life.eventId, ana!.guestId));

        const ben = await life.guest("ben@example.org");
        expect(ben.status).toBe("offered");
        expect(ben.offer!.deliverAt).toBe(night.delivered);
        expect(localWallTime(new Date(ben.offer!.deliverAt), night.zone).slice(11, 16)).toBe("08:00");
        const offerEmail = () =>
          life.mail("ben@example.org").then((m) => m.filter((e) => "claim" in e.links));
        expect(await offerEmail()).toHaveLength(0);

        await life.advance(Date.parse(night.delivered) - freedAt.getTime() - 60_000);
        expect(await offerEmail()).toHaveLength(0);
        await life.advance(2 * 60_000, 60_000);
        const [offer] = await offerEmail();
        expect(offer, "the offer email goes out at 08:00").toBeDefined();
        expect(Date.parse(offer!.createdAt)).toBeGreaterThanOrEqual(Date.parse(night.delivered));
        // The claim window counts from delivery: six hours of daytime to claim.
        expect(Date.parse(ben.offer!.expiresAt) - Date.parse(ben.offer!.deliverAt)).toBe(6 * HOUR);
      },
    );
  });

  describe("the host's daily summary", () => {
    it("goes to the host at 08:00 event time on each of the last days before the event", async () => {
      life = await start({
        capacity: 2,
        // 2026-06-05 19:00 in Berlin
        startsAt: "2026-06-05T17:00:00.000Z",
        settings: EventSettings.parse({ hostEmail: "host@example.org", summaryDays: 3 }),
      });
      await life.registerAll(["ana@example.org", "ben@example.org", "cy@example.org"]);
      await life.advance(Date.parse(life.event.startsAt) - life.clock.now().getTime(), HOUR);
      const summaries = await life.mail("host@example.org");
      expect(
        summaries.map((m) => localWallTime(new Date(m.createdAt), "Europe/Berlin").slice(0, 13)),
      ).toEqual(["2026-06-02T08", "2026-06-03T08", "2026-06-04T08"]);
      expect(summaries[0]!.text).toMatch(/2/); // two confirmed
    });
  });
});
