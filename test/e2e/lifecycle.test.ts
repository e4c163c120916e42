import { describe, expect, it } from "vitest";
import { freeSeats } from "../../core/seat-rules.ts";
import { timerNames } from "../../core/timer-plan.ts";
import { cancel, guestAction, setCapacity } from "../helpers/factories.ts";
import { type Lifecycle, onEachRuntime } from "../helpers/lifecycle-harness.ts";

const HOUR = 3_600_000;

onEachRuntime((start) => {
  let life: Lifecycle;

  /** One confirmed seat holder and a line of four. */
  async function fullEventWithLine(capacity = 1) {
    life = await start({ capacity });
    const holders = Array.from({ length: capacity }, (_, i) => `seat${i}@example.org`);
    const line = ["b@example.org", "c@example.org", "d@example.org", "e@example.org"];
    await life.registerAll([...holders, ...line]);
    return { holders, line };
  }

  describe("waitlist offers", () => {
    it("a cancellation offers the freed seat to the head of the line, who claims it", async () => {
      const { holders } = await fullEventWithLine();
      const holder = await life.guest(holders[0]!);
      await life.send(cancel(life.eventId, holder.guestId));

      const b = await life.guest("b@example.org");
      expect(b.status).toBe("offered");
      expect(await life.statusOf("c@example.org")).toBe("waitlisted");
      // The seat is held, not free: a newcomer cannot take it.
      expect(await life.current()).toMatchObject({ confirmed: 0, offered: 1, waitlisted: 3 });
      expect(Date.parse(b.offer!.expiresAt) - Date.parse(b.offer!.deliverAt)).toBe(6 * HOUR);
      expect(life.timerNames()).toContain(`expire-${b.guestId}`);

      await life.send(guestAction("claim-offer", life.eventId, b.guestId));
      expect(await life.statusOf("b@example.org")).toBe("confirmed");
      expect(await life.current()).toMatchObject({ confirmed: 1, offered: 0, waitlisted: 3 });
      expect(life.timerNames()).not.toContain(`expire-${b.guestId}`);
    });

    it("a double-clicked cancel releases one seat and makes one offer", async () => {
      const { holders } = await fullEventWithLine();
      const holder = await life.guest(holders[0]!);
      await life.send(cancel(life.eventId, holder.guestId), cancel(life.eventId, holder.guestId));
      expect(await life.current()).toMatchObject({ confirmed: 0, offered: 1, waitlisted: 3 });
      expect(await life.statusOf("c@example.org")).toBe("waitlisted");
    });

    it("unclaimed offers lapse one after another, each passing the seat to the next in line", async () => {
      const { holders } = await fullEventWithLine();
      await life.send(cancel(life.eventId, (await life.guest(holders[0]!)).guestId));
      const windows: number[] = [];
      for (const email of ["b@example.org", "c@example.org", "d@example.org"]) {
        const offered = await life.guest(email);
        expect(offered.status).toBe("offered");
        windows.push((Date.parse(offered.offer!.expiresAt) - Date.parse(offered.offer!.deliverAt)) / HOUR);
        await life.advance(Date.parse(offered.offer!.expiresAt) + 60_000 - life.clock.now().getTime());
        expect(await life.statusOf(email)).toBe("lapsed");
      }
      // Every guest got a full six hours from delivery, the third one's offer waiting out the night.
      expect(windows).toEqual([6, 6, 6]);
      const d = await life.guest("d@example.org");
      expect(d.offer!.deliverAt).not.toBe(d.offer!.offeredAt);
      expect(await life.statusOf("e@example.org")).toBe("offered");
      expect(await life.current()).toMatchObject({ confirmed: 0, offered: 1, waitlisted: 0 });
    });

    it("a claim after the window closed is refused even before the expiry timer fires", async () => {
      const { holders } = await fullEventWithLine();
      await life.send(cancel(life.eventId, (await life.guest(holders[0]!)).guestId));
      const b = await life.guest("b@example.org");
      life.clock.set(new Date(Date.parse(b.offer!.expiresAt) + 1));
      const late = guestAction("claim-offer", life.eventId, b.guestId);
      await life.send(late); // settle only: the timer has not fired
      expect(await life.outcome(late.commandId)).toEqual({ kind: "refused", reason: "offer-expired" });
      expect(await life.statusOf("b@example.org")).toBe("offered");
      await life.advance(60_000);
      expect(await life.statusOf("b@example.org")).toBe("lapsed");
      expect(await life.statusOf("c@example.org")).toBe("offered");
    });

    it("a declined offer passes the seat on at once", async () => {
      const { holders } = await fullEventWithLine();
      await life.send(cancel(life.eventId, (await life.guest(holders[0]!)).guestId));
      const b = await life.guest("b@example.org");
      await life.send(guestAction("decline", life.eventId, b.guestId));
      expect(await life.statusOf("b@example.org")).toBe("cancelled");
      expect(await life.statusOf("c@example.org")).toBe("offered");
    });

    it("raising the cap offers the new seats in line order; lowering it offers nothing until seats free", async () => {
      await fullEventWithLine(2);
      await life.send(setCapacity(life.eventId, 4));
      expect(await life.statusOf("b@example.org")).toBe("offered");
      expect(await life.statusOf("c@example.org")).toBe("offered");
      expect(await life.statusOf("d@example.org")).toBe("waitlisted");

      await life.send(setCapacity(life.eventId, 1));
      const lowered = await life.current();
      expect(lowered).toMatchObject({ capacity: 1, confirmed: 2, offered: 2, waitlisted: 2 });
      // Offers lapsing free held seats, but the cap is now below the headcount: nothing new is offered.
      await life.advance(6 * HOUR + 60_000);
      expect(await life.current()).toMatchObject({ confirmed: 2, offered: 0, waitlisted: 2 });
      expect(await life.statusOf("d@example.org")).toBe("waitlisted");
      expect(freeSeats(await life.current())).toBeLessThan(0);
    });

    it("offers stop once the event has started", async () => {
      const { holders } = await fullEventWithLine();
      life.clock.set(new Date(Date.parse(life.event.startsAt) + 60_000));
      await life.send(cancel(life.eventId, (await life.guest(holders[0]!)).guestId));
      expect(await life.statusOf("b@example.org")).toBe("waitlisted");
      expect(await life.current()).toMatchObject({ confirmed: 0, offered: 0 });
    });

    it("an offer made late at night is held at once, delivered at 08:00 and its window counts from then", async () => {
      const { holders } = await fullEventWithLine();
      // 23:30 in Berlin (summer time, UTC+2).
      life.clock.set(new Date("2026-06-10T21:30:00Z"));
      await life.send(cancel(life.eventId, (await life.guest(holders[0]!)).guestId));
      const b = await life.guest("b@example.org");
      expect(b.status).toBe("offered");
      expect(b.offer).toMatchObject({
        deliverAt: "2026-06-11T06:00:00.000Z",
        expiresAt: "2026-06-11T12:00:00.000Z",
      });
      expect(life.timerNames()).toEqual(expect.arrayContaining([`deliver-offer-${b.guestId}`]));
    });
  });

  describe("reminders", () => {
    it("confirmation books a week-out, a day-out and a morning-of reminder; a cancel deletes exactly them", async () => {
      life = await start({ capacity: 5 });
      const [ana, ben] = await life.registerAll(["ana@example.org", "ben@example.org"]);
      const kinds = ["week", "day", "morning"];
      expect(life.timerNames()).toEqual(
        expect.arrayContaining(
          kinds.flatMap((k) => [`remind-${k}-${ana!.guestId}`, `remind-${k}-${ben!.guestId}`]),
        ),
      );
      await life.send(cancel(life.eventId, ana!.guestId));
      const names = life.timerNames();
      for (const k of kinds) {
        expect(names).not.toContain(`remind-${k}-${ana!.guestId}`);
        expect(names).toContain(`remind-${k}-${ben!.guestId}`);
      }
    });

    it("a reminder that fires is recorded once on the guest; a cancel after it leaves the others deleted", async () => {
      life = await start({ capacity: 5 });
      const [ana] = await life.registerAll(["ana@example.org"]);
      const startsAt = Date.parse(life.event.startsAt);
      await life.advance(startsAt - 7 * 24 * HOUR + HOUR - life.clock.now().getTime(), 6 * HOUR);
      const reminded = await life.guest("ana@example.org");
      expect(reminded.lastChange).toMatchObject({ action: "notify", notice: "reminder-week" });
      expect(life.timerNames()).not.toContain(`remind-week-${ana!.guestId}`);

      await life.send(cancel(life.eventId, ana!.guestId));
      // Ana's timers are gone; only the event's own is left (its end, when the thank-you note falls due).
      expect(life.timerNames()).toEqual([timerNames.eventEnded(life.eventId)]);
      await life.advance(startsAt - life.clock.now().getTime() - 60_000, 6 * HOUR);
      const after = await life.guest("ana@example.org");
      expect(after.status).toBe("cancelled");
      expect(after.version).toBe(reminded.version + 1);
    });
  });
});
