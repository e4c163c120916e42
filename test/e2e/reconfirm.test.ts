import { describe, expect, it } from "vitest";
import { EventSettings } from "../../contracts/settings.ts";
import { baseTime, commandOf } from "../helpers/factories.ts";
import { type Lifecycle, onEachRuntime } from "../helpers/lifecycle-harness.ts";

const HOUR = 3_600_000;
/** Three days out, 14:00 in Berlin: asked two days before, at 14:00 the day after the clock's start. */
const startsAt = new Date(baseTime.getTime() + 72 * HOUR).toISOString();
const askAt = baseTime.getTime() + 24 * HOUR;

onEachRuntime((start) => {
  let life: Lifecycle;

  async function eventWithLine(onNoAnswer: "keep" | "release", holders: string[]) {
    life = await start({
      startsAt,
      capacity: holders.length,
      settings: EventSettings.parse({ reconfirm: { daysBefore: 2, onNoAnswer, answerHours: 12 } }),
    });
    await life.registerAll([...holders, "next@example.org", "after@example.org"]);
  }

  /** Moves the clock to just past the ask and returns the "still coming?" email of `to`. */
  async function askedEmail(to: string) {
    await life.advance(askAt + 60_000 - life.clock.now().getTime(), 6 * HOUR);
    const asked = (await life.mail(to)).filter((m) => m.subject.startsWith("Still coming"));
    expect(asked).toHaveLength(1);
    return asked[0]!;
  }

  const page = (link: string) =>
    life.fetch(new Request(new URL(link, "http://rsvp.test"), { headers: { accept: "text/html" } }));

  describe("still coming?", () => {
    it("a guest who can't come frees the seat: the next in line is offered it, once however often pressed", async () => {
      await eventWithLine("keep", ["ana@example.org"]);
      const email = await askedEmail("ana@example.org");
      expect(email.text).toContain("If you don't answer, your seat stays yours.");
      // Only the confirmed are asked.
      expect((await life.mail("next@example.org")).some((m) => m.subject.startsWith("Still"))).toBe(false);

      // Opening the links (as a mail scanner does) changes nothing.
      for (const action of ["not-coming", "still-coming"]) {
        const res = await page(email.links[action]!);
        expect(res.status).toBe(200);
      }
      await life.settle();
      const ana = await life.guest("ana@example.org");
      expect(ana.status).toBe("confirmed");
      expect(ana.reconfirmedAt).toBeUndefined();

      const { page: shown, done } = await life.follow(email.links["not-coming"]!);
      expect(shown).toContain("Can&#39;t make it, ");
      expect(shown).toContain("Cancel my RSVP</button>");
      expect(done).toContain("cancelled");
      expect(await life.statusOf("ana@example.org")).toBe("cancelled");
      expect(await life.statusOf("next@example.org")).toBe("offered");
      const offers = (await life.mail("next@example.org")).filter((m) => m.links.claim);
      expect(offers).toHaveLength(1);

      // Pressed again: nothing more happens.
      await life.follow(email.links["not-coming"]!);
      expect(await life.statusOf("after@example.org")).toBe("waitlisted");
      expect(await life.current()).toMatchObject({ confirmed: 0, offered: 1, waitlisted: 1 });
    });

    it("with release, a guest who said yes keeps the seat and one who did not answer loses it at the deadline", async () => {
      await eventWithLine("release", ["ana@example.org", "ben@example.org"]);
      const email = await askedEmail("ana@example.org");
      expect(email.text).toMatch(
        /If we have no answer from you by .*, your seat will be given to\s+someone else\./s,
      );

      const first = await life.follow(email.links["still-coming"]!);
      expect(first.done).toContain("Thank you: see you there!");
      const answered = (await life.guest("ana@example.org")).reconfirmedAt;
      expect(answered).toBeDefined();
      // Pressed again: the same command, applied once; the page says what the first press did.
      const again = await life.follow(email.links["still-coming"]!);
      expect(again.page).toContain("You already said you&#39;re coming");
      expect(again.done).toContain("Thank you: see you there!");
      expect((await life.guest("ana@example.org")).reconfirmedAt).toBe(answered);

      // Not yet: the deadline is 12 hours after the ask.
      await life.advance(11 * HOUR, HOUR);
      expect(await life.statusOf("ben@example.org")).toBe("confirmed");
      await life.advance(2 * HOUR, HOUR);
      expect(await life.statusOf("ben@example.org")).toBe("cancelled");
      expect(await life.statusOf("ana@example.org")).toBe("confirmed");
      expect(await life.statusOf("next@example.org")).toBe("offered");
    });

    it("with release, a guest who said yes keeps the seat when the event moves after the ask (their yes stands; the ask is not sent twice)", async () => {
      await eventWithLine("release", ["ana@example.org"]);
      await life.follow((await askedEmail("ana@example.org")).links["still-coming"]!);
      expect((await life.guest("ana@example.org")).reconfirmedAt).toBeDefined();

      // A week later: the ask comes again two days before the new date.
      const movedTo = new Date(Date.parse(startsAt) + 7 * 24 * HOUR).toISOString();
      await life.send(
        commandOf(life.eventId, { type: "edit-event", changes: { startsAt: movedTo } }, { lane: "host" }),
      );
      await life.advance(7 * 24 * HOUR, 6 * HOUR);
      expect(
        (await life.mail("ana@example.org")).filter((m) => m.subject.startsWith("Still coming")),
      ).toHaveLength(1);
      await life.advance(13 * HOUR, HOUR);
      expect(await life.statusOf("ana@example.org")).toBe("confirmed");
      expect(await life.statusOf("next@example.org")).toBe("waitlisted");
    });

    it("with keep, a guest who did not answer keeps the seat", async () => {
      await eventWithLine("keep", ["ana@example.org"]);
      await askedEmail("ana@example.org");
      await life.advance(30 * HOUR, 6 * HOUR);
      expect(await life.statusOf("ana@example.org")).toBe("confirmed");
      expect(await life.statusOf("next@example.org")).toBe("waitlisted");
    });
  });
});
