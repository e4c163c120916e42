import { describe, expect, it } from "vitest";
import { openDatabase } from "../../adapters/local/sqlite-database.ts";
import { SqliteGuestStore } from "../../adapters/local/sqlite-guest-store.ts";
import type { Command } from "../../contracts/command.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import { applyCommands } from "../../core/keeper.ts";
import { guestTimerPlan, retryTimer, timerNames } from "../../core/timer-plan.ts";
import { cancel, commandOf, fakeClock, guestAction, newEvent, register } from "../helpers/factories.ts";

/**
 * When an offer ends, the timers plan deletes only the schedules that can still exist: each delete is a
 * Scheduler call, and a fired schedule is gone already (Scheduler deletes it after it fires).
 */

const hour = 3_600_000;

/** Ana holds the only seat, Ben waits; Ana cancels at `at` and Ben is offered the seat. */
async function offerToBen(at: Date) {
  const store = new SqliteGuestStore(openDatabase(":memory:"));
  const clock = fakeClock(new Date(at.getTime() - hour));
  // Berlin: the event starts 30 days after baseTime, well after every window here.
  const event = newEvent({ capacity: 1 });
  await store.createEvent(event);
  const run = async (...commands: Command[]) => applyCommands(store, event.eventId, commands, clock);
  await run(
    register(event.eventId, "ana@example.org", "Ana"),
    register(event.eventId, "ben@example.org", "Ben"),
  );
  const guests = await store.listGuests(event.eventId);
  const [ana, ben] = [guests.find((g) => g.name === "Ana")!, guests.find((g) => g.name === "Ben")!];
  clock.set(at);
  await run(cancel(event.eventId, ana.guestId));
  await run(commandOf(event.eventId, { type: "offer-next" }, { commandId: "offer-1", issuedAt: at }));
  const offered = (await store.getGuest(event.eventId, ben.guestId))!;
  expect(offered.status).toBe("offered");
  const apply = async (command: Command): Promise<GuestRecord> => {
    await run(command);
    return (await store.getGuest(event.eventId, ben.guestId))!;
  };
  return { event, clock, offered, apply, run, ben: ben.guestId };
}

describe("the timers of an offer that ends", () => {
  it("a claimed daytime offer deletes its expiry only: its email went out at once, no delivery was booked", async () => {
    const { event, clock, offered, apply, ben } = await offerToBen(new Date("2026-06-01T12:00:00Z"));
    expect(Date.parse(offered.offer!.deliverAt)).toBe(Date.parse(offered.lastChange.at));
    clock.advance(hour);
    const claimed = await apply(guestAction("claim-offer", event.eventId, ben));
    expect(claimed.status).toBe("confirmed");
    expect(guestTimerPlan(offered, claimed, event).cancel).toEqual([timerNames.expireOffer(ben)]);
  });

  it("a lapsed offer deletes nothing: its expiry is the schedule that just fired", async () => {
    const { event, clock, offered, apply, ben } = await offerToBen(new Date("2026-06-01T12:00:00Z"));
    clock.set(new Date(offered.offer!.expiresAt));
    const lapsed = await apply(guestAction("expire-offer", event.eventId, ben, { lane: "timer" }));
    expect(lapsed.status).toBe("lapsed");
    expect(guestTimerPlan(offered, lapsed, event).cancel).toEqual([]);
  });

  it("an offer made at night and claimed before its morning delivery deletes the delivery and the expiry", async () => {
    // 23:00 in Berlin: quiet hours hold the email back until 08:00.
    const { event, clock, offered, apply, ben } = await offerToBen(new Date("2026-06-01T21:00:00Z"));
    expect(Date.parse(offered.offer!.deliverAt)).toBeGreaterThan(Date.parse(offered.lastChange.at));
    clock.advance(hour);
    const claimed = await apply(guestAction("claim-offer", event.eventId, ben));
    expect(guestTimerPlan(offered, claimed, event).cancel.sort()).toEqual(
      [timerNames.deliverOffer(ben), timerNames.expireOffer(ben)].sort(),
    );
  });

  it("a night offer claimed after its delivery deletes the expiry only: the delivery has fired", async () => {
    const { event, clock, offered, apply, ben } = await offerToBen(new Date("2026-06-01T21:00:00Z"));
    clock.set(new Date(offered.offer!.deliverAt));
    const delivered = await apply(
      commandOf(
        event.eventId,
        { type: "notify", guestId: ben, notice: "offer" },
        { commandId: "timer-deliver", issuedAt: new Date(offered.offer!.deliverAt), lane: "timer" },
      ),
    );
    expect(delivered.status).toBe("offered");
    clock.advance(hour);
    const claimed = await apply(guestAction("claim-offer", event.eventId, ben));
    expect(guestTimerPlan(delivered, claimed, event).cancel).toEqual([timerNames.expireOffer(ben)]);
  });

  it("an expiry that comes before its time is not yet: not recorded, so the copy booked again lapses the offer", async () => {
    const { event, clock, offered, run, apply } = await offerToBen(new Date("2026-06-01T12:00:30Z"));
    const expiresAt = new Date(offered.offer!.expiresAt);
    const timer = guestTimerPlan(null, offered, event).book.find((t) => t.command.type === "expire-offer")!;
    // Scheduler fired it at the start of its minute, 30 s early.
    clock.set(new Date(expiresAt.getTime() - 30_000));
    expect(await run(timer.command)).toEqual([
      { commandId: timer.command.commandId, outcome: { kind: "not-yet", dueAt: expiresAt.toISOString() } },
    ]);
    expect((await apply(timer.command)).status).toBe("offered");

    // Booked again for the whole minute after the deadline, issued then (so SQS does not drop it as a repeat).
    const retry = retryTimer(timer.command, expiresAt, clock.now());
    expect(retry.at).toBe("2026-06-01T18:01:00.000Z");
    expect(retry.command).toEqual({ ...timer.command, issuedAt: retry.at });
    expect(retry.name).toMatch(/^retry-[A-Za-z0-9_-]{22}-\d+$/);
    clock.set(new Date(retry.at));
    expect((await apply(retry.command)).status).toBe("lapsed");
    // The same command id, now applied: a late copy of the first firing changes nothing.
    expect(await run(timer.command)).toEqual([]);
  });
});
