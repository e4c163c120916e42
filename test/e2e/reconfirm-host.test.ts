import { describe, expect, it } from "vitest";
import { eventEnd } from "../../contracts/event.ts";
import { EventSettings } from "../../contracts/settings.ts";
import { hashHostToken, mintHostToken } from "../../core/host-token.ts";
import { baseTime, commandOf } from "../helpers/factories.ts";
import { type Lifecycle, onEachRuntime } from "../helpers/lifecycle-harness.ts";

/**
 * What the host sees of "still coming?" (docs/reconfirm.md) and of the door on both runtimes: the "8 of 12"
 * reconfirmed tile once the ask went out (never before, never without reconfirm), each confirmed guest's answer
 * on the guest list and in the CSV download; the "Arrived at the door" row only once somebody was checked in;
 * the thank-you page counting only checked-in guests when the note goes only to them.
 */
const HOUR = 3_600_000;
const startsAt = new Date(baseTime.getTime() + 72 * HOUR).toISOString();
const askAt = baseTime.getTime() + 24 * HOUR;

onEachRuntime((start) => {
  let life: Lifecycle;
  const hostToken = mintHostToken();

  const page = async (path: string) => {
    const res = await life.fetch(
      new Request(`http://rsvp.test/h/${hostToken}${path}`, { headers: { accept: "text/html" } }),
    );
    expect(res.status).toBe(200);
    return res.text();
  };
  const tile = (html: string) =>
    /<th scope="row">Reconfirmed<\/th><td data-field="reconfirmed">([^<]*)<\/td>/.exec(html)?.[1];

  async function eventWith(settings: Record<string, unknown>, guests: string[]) {
    life = await start({
      name: "Summer party",
      startsAt,
      capacity: guests.length,
      settings: EventSettings.parse(settings),
      hostTokenHash: hashHostToken(hostToken),
    });
    await life.registerAll(guests);
  }

  describe("who reconfirmed", () => {
    it("the tile counts yes answers of the confirmed once the ask went out; the list and the CSV show each answer", async () => {
      await eventWith({ reconfirm: { daysBefore: 2 } }, ["ana@example.org", "ben@example.org"]);
      // Before the ask: no tile, no column on the list (nobody could have answered yet).
      expect(tile(await page(""))).toBeUndefined();
      expect(await page("/guests")).not.toContain("Still coming?");
      await life.advance(askAt + 60_000 - life.clock.now().getTime(), 6 * HOUR);
      expect(tile(await page(""))).toBe("0 of 2 asked");

      const ana = await life.guest("ana@example.org");
      await life.send(commandOf(life.eventId, { type: "reconfirm", guestId: ana.guestId }, { lane: "link" }));
      const answered = (await life.guest("ana@example.org")).reconfirmedAt!;
      expect(tile(await page(""))).toBe("1 of 2 asked");

      const list = await page("/guests");
      expect(list).toContain("<th>Still coming?</th>");
      expect(list).toMatch(/ana@example\.org<\/td>.*<td>Reconfirmed \d+ \w+ 2026, \d\d:\d\d<\/td>/s);
      expect(list).toMatch(/ben@example\.org<\/td>(?:(?!<\/tr>).)*<td>Not reconfirmed yet<\/td>/s);

      const csv = (await page("/guests.csv")).replace(/^\uFEFF/, "").split("\n");
      expect(csv[0]).toBe(
        "name,email,status,waitlist_position,lane,registered_at,updated_at,party,reconfirmed_at",
      );
      expect(csv.find((l) => l.includes("ana@example.org"))).toMatch(new RegExp(`,1,${answered}$`));
      expect(csv.find((l) => l.includes("ben@example.org"))).toMatch(/,1,$/);
    });

    it("an event without reconfirm shows no tile, no column, no CSV column, however late", async () => {
      await eventWith({}, ["ana@example.org"]);
      await life.advance(askAt + 60_000 - life.clock.now().getTime(), 6 * HOUR);
      expect(await page("")).not.toContain("Reconfirmed");
      expect(await page("/guests")).not.toContain("Still coming?");
      expect((await page("/guests.csv")).split("\n")[0]).toMatch(/,party$/);
    });
  });

  describe("a seat released for no answer", () => {
    it("the guest gets an email of its own: the deadline, the release, the way back; not the cancellation", async () => {
      await eventWith({ reconfirm: { daysBefore: 2, onNoAnswer: "release", answerHours: 12 } }, [
        "ana@example.org",
      ]);
      await life.registerAll(["next@example.org"]);
      await life.advance(askAt + 13 * HOUR - life.clock.now().getTime(), HOUR);
      expect(await life.statusOf("ana@example.org")).toBe("cancelled");
      expect(await life.statusOf("next@example.org")).toBe("offered");
      const mail = await life.mail("ana@example.org");
      expect(mail.map((m) => m.subject)).toEqual([
        "You're in: Summer party",
        "Still coming to Summer party?",
        "Seat released: Summer party",
      ]);
      const released = mail[2]!;
      const words = released.text.replace(/\s+/g, " ");
      expect(words).toMatch(
        /We asked whether you are still coming to Summer party and had no answer from you by \w+day, \d+ \w+ 2026, \d\d:\d\d \(Europe\/Berlin\)\. As the host asked, your seat went to the next person on the waitlist\./,
      );
      expect(words).toContain("you can register again on the event page while seats are free.");
      expect(released.html).toContain(`/e/${life.eventId}"`);
      expect(released.html).toContain("Open the event page</a>");
      expect(released.attachments.map((a) => a.filename)).toContain("cancel.ics");
    });
  });

  describe("the door on the host page", () => {
    it("shows Arrived at the door only once somebody was checked in", async () => {
      await eventWith({}, ["ana@example.org", "ben@example.org"]);
      expect(await page("")).toContain(
        '<tr hidden><th scope="row">Arrived at the door</th><td data-field="arrived">0</td></tr>',
      );
      const ana = await life.guest("ana@example.org");
      await life.send(
        commandOf(life.eventId, { type: "check-in", guestId: ana.guestId, seats: 1 }, { lane: "door" }),
      );
      expect(await page("")).toContain(
        '<tr><th scope="row">Arrived at the door</th><td data-field="arrived">1</td></tr>',
      );
    });

    it("the thank-you draft counts only checked-in guests when the note goes only to them", async () => {
      for (const onlyArrived of [true, false]) {
        await eventWith({ thankYou: "approve", thanksOnlyArrived: onlyArrived }, [
          "ana@example.org",
          "ben@example.org",
          "cy@example.org",
        ]);
        const ana = await life.guest("ana@example.org");
        await life.send(
          commandOf(life.eventId, { type: "check-in", guestId: ana.guestId, seats: 1 }, { lane: "door" }),
        );
        const before = (await page("/thanks")).replace(/\s+/g, " ");
        expect(before).toContain(
          onlyArrived
            ? "goes to every guest who was checked in at the door."
            : "goes to every guest who holds a seat then.",
        );
        const end = eventEnd(await life.current()).getTime();
        life.clock.set(new Date(end - 60_000));
        await life.advance(2 * 60_000, 2 * 60_000);
        expect((await life.current()).thankYou?.status).toBe("drafted");
        const thanks = await page("/thanks");
        if (onlyArrived)
          expect(thanks).toContain("Approving sends it to the 1 guest who was checked in at the door.");
        else expect(thanks).toContain("Approving sends it to the 3 guests who hold a seat.");
      }
    });
  });
});
