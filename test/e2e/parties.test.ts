import { describe, expect, it } from "vitest";
import { headcountOf } from "../../contracts/event.ts";
import { EventSettings } from "../../contracts/settings.ts";
import { cancel, guestAction, register } from "../helpers/factories.ts";
import { type Lifecycle, onEachRuntime } from "../helpers/lifecycle-harness.ts";

onEachRuntime((start) => {
  let life: Lifecycle;

  /** An event of `capacity` seats for parties of up to 4, its guests registered in order, each settled. */
  async function eventWith(capacity: number, parties: [string, number][], smallerPartiesFirst = false) {
    life = await start({ capacity, settings: EventSettings.parse({ maxParty: 4, smallerPartiesFirst }) });
    for (const [email, party] of parties)
      await life.send(register(life.eventId, email, email.split("@")[0], { party }));
  }

  describe("whole parties on the waitlist", () => {
    it("a party of 4 waits behind a party of 1 when one seat frees, and nobody behind it goes first", async () => {
      await eventWith(5, [
        ["one@example.org", 1],
        ["four@example.org", 4],
        ["next4@example.org", 4],
        ["solo@example.org", 1],
      ]);
      expect(await life.current()).toMatchObject({ confirmed: 5, offered: 0, waitlisted: 5 });
      await life.send(cancel(life.eventId, (await life.guest("one@example.org")).guestId));

      // One seat is free: too few for the party of 4 at the head of the line, and the party of 1 behind it
      // may not jump ahead. The seat stays open; a newcomer does not take it either.
      expect(await life.statusOf("next4@example.org")).toBe("waitlisted");
      expect(await life.statusOf("solo@example.org")).toBe("waitlisted");
      await life.send(register(life.eventId, "late@example.org", "late", { party: 1 }));
      expect(await life.statusOf("late@example.org")).toBe("waitlisted");
      const headcount = headcountOf(await life.current());
      expect(headcount).toMatchObject({ capacity: 5, confirmed: 4, offered: 0, waitlisted: 6, open: 1 });
      expect(headcount.parties).toEqual({ confirmed: 1, offered: 0, waitlisted: 3 });
    });

    it("with smaller parties first, the first party in line that fits is offered the seat", async () => {
      await eventWith(
        5,
        [
          ["one@example.org", 1],
          ["four@example.org", 4],
          ["next4@example.org", 4],
          ["solo@example.org", 1],
        ],
        true,
      );
      await life.send(cancel(life.eventId, (await life.guest("one@example.org")).guestId));
      expect(await life.statusOf("next4@example.org")).toBe("waitlisted");
      expect(await life.statusOf("solo@example.org")).toBe("offered");
      expect(await life.current()).toMatchObject({ confirmed: 4, offered: 1, waitlisted: 4 });
    });

    it("a freed block of 3 is offered to a party of 3, held whole, and claimed", async () => {
      await eventWith(4, [
        ["three@example.org", 3],
        ["one@example.org", 1],
        ["next3@example.org", 3],
        ["solo@example.org", 1],
      ]);
      await life.send(cancel(life.eventId, (await life.guest("three@example.org")).guestId));
      const offered = await life.guest("next3@example.org");
      expect(offered.status).toBe("offered");
      expect(offered.party).toBe(3);
      // The offer holds exactly its party's seats: none is left for the party of 1 behind it.
      expect(await life.statusOf("solo@example.org")).toBe("waitlisted");
      expect(await life.current()).toMatchObject({ confirmed: 1, offered: 3, waitlisted: 1 });

      await life.send(guestAction("claim-offer", life.eventId, offered.guestId));
      expect(await life.statusOf("next3@example.org")).toBe("confirmed");
      const headcount = headcountOf(await life.current());
      expect(headcount).toMatchObject({ confirmed: 4, offered: 0, waitlisted: 1, open: 0 });
      expect(headcount.parties).toEqual({ confirmed: 2, offered: 0, waitlisted: 1 });
    });

    it("a lapsed party offer frees its seats to the next in line", async () => {
      await eventWith(4, [
        ["three@example.org", 3],
        ["one@example.org", 1],
        ["next3@example.org", 3],
        ["pair@example.org", 2],
        ["solo@example.org", 1],
      ]);
      await life.send(cancel(life.eventId, (await life.guest("three@example.org")).guestId));
      const offered = await life.guest("next3@example.org");
      expect(offered.status).toBe("offered");
      await life.advance(Date.parse(offered.offer!.expiresAt) + 60_000 - life.clock.now().getTime());

      expect(await life.statusOf("next3@example.org")).toBe("lapsed");
      // Three seats free: the pair and then the single, in line order, each holding their own seats.
      expect(await life.statusOf("pair@example.org")).toBe("offered");
      expect(await life.statusOf("solo@example.org")).toBe("offered");
      expect(await life.current()).toMatchObject({ confirmed: 1, offered: 3, waitlisted: 0 });
    });
  });

  describe("the party field", () => {
    it("the register page offers a party choice only when the host allows parties, and a form posts it", async () => {
      await eventWith(10, []);
      const page = await (await life.fetch(new Request(`http://localhost/e/${life.eventId}`))).text();
      expect(page).toContain('<label for="party">Seats, you included</label>');
      expect(page).toContain('<option value="4">4</option>');
      expect(page).not.toContain('<option value="5">');
      const posted = await life.fetch(
        new Request(`http://localhost/e/${life.eventId}/rsvp`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ name: "Bo", email: "bo@example.org", party: "2" }),
        }),
      );
      expect(posted.status).toBeLessThan(400);
      await life.settle();
      expect(await life.guest("bo@example.org")).toMatchObject({ status: "confirmed", party: 2 });

      const single = await start({ capacity: 10 });
      const plain = await (await single.fetch(new Request(`http://localhost/e/${single.eventId}`))).text();
      expect(plain).not.toContain('name="party"');
      await single.stop();
    });

    it("a JSON registration for a party is confirmed with its seats; one beyond the event's limit is a 400", async () => {
      await eventWith(10, []);
      const post = (body: unknown) =>
        life.fetch(
          new Request(`http://localhost/e/${life.eventId}/rsvp`, {
            method: "POST",
            headers: { "content-type": "application/json", accept: "application/json" },
            body: JSON.stringify(body),
          }),
        );
      const tooMany = await post({ name: "Ana", email: "ana@example.org", party: 5 });
      expect(tooMany.status).toBe(400);
      expect(await tooMany.text()).toContain("party must be at most 4");
      expect((await post({ name: "Ana", email: "ana@example.org", party: "x" })).status).toBe(400);

      expect((await post({ name: "Ana", email: "ana@example.org", party: 3 })).status).toBe(202);
      await life.settle();
      expect(await life.guest("ana@example.org")).toMatchObject({ status: "confirmed", party: 3 });
      expect(await life.current()).toMatchObject({ confirmed: 3 });
    });
  });
});
