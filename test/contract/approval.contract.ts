import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Command } from "../../contracts/command.ts";
import { type EventRecord, requestsOf } from "../../contracts/event.ts";
import { EventSettings } from "../../contracts/settings.ts";
import { applyCommands } from "../../core/keeper.ts";
import type { GuestStore } from "../../core/ports.ts";
import { decideBatch, guestIdFor } from "../../core/seat-keeper.ts";
import { cancel, commandOf, fakeClock, newEvent, register } from "../helpers/factories.ts";
import type { StoreUnderTest } from "./guest-store.contract.ts";

/**
 * Approval mode (docs/approval.md) on every GuestStore adapter: the `requested` status and the event's
 * request counts are stored and read back; a request holds no seat and no place in line; approvals take seats
 * through the same cap check as registrations, also when decided from a stale read.
 */
export function approvalStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`GuestStore contract, approval mode: ${name}`, () => {
    let store: GuestStore;
    let close: () => Promise<void>;
    const clock = fakeClock();

    beforeEach(async () => {
      ({ store, close } = await makeStore());
    });
    afterEach(async () => {
      await close();
    });

    async function approvalEvent(capacity: number): Promise<EventRecord> {
      const event = newEvent({ capacity, settings: EventSettings.parse({ approval: true, maxParty: 4 }) });
      expect(await store.createEvent(event)).toBe(true);
      return event;
    }
    const apply = (eventId: string, commands: readonly Command[]) =>
      applyCommands(store, eventId, commands, clock);
    const approve = (eventId: string, guestId: string) =>
      commandOf(eventId, { type: "approve-request", guestId }, { lane: "host" });
    const decline = (eventId: string, guestId: string) =>
      commandOf(eventId, { type: "decline-request", guestId }, { lane: "host" });

    it("stores requests apart from the seats: no counter moves, no place in line, the request counts kept", async () => {
      const event = await approvalEvent(4);
      const commands = [2, 3, 1].map((party, i) =>
        register(event.eventId, `g${i}@example.org`, `G${i}`, { party }),
      );
      await apply(event.eventId, commands);
      const ids = commands.map((c) => guestIdFor(event.eventId, c.commandId));
      const stored = (await store.getEvent(event.eventId))!;
      expect(stored).toMatchObject({ confirmed: 0, offered: 0, waitlisted: 0, nextWaitlistSeq: 1 });
      expect(requestsOf(stored)).toEqual({ parties: 3, seats: 6 });
      for (const id of ids) {
        expect(await store.getGuest(event.eventId, id)).toMatchObject({
          status: "requested",
          waitlistSeq: null,
        });
        expect(await store.waitlistPosition(event.eventId, id)).toBeNull();
      }
      expect((await store.listGuests(event.eventId)).map((g) => g.status)).toEqual([
        "requested",
        "requested",
        "requested",
      ]);

      // Approved in one batch: seated while seats last (2 + … 3 does not fit), then the end of the line.
      await apply(event.eventId, [
        approve(event.eventId, ids[0]!),
        approve(event.eventId, ids[1]!),
        approve(event.eventId, ids[2]!),
      ]);
      const after = (await store.getEvent(event.eventId))!;
      expect(after).toMatchObject({ capacity: 4, confirmed: 2, offered: 0, waitlisted: 4 });
      expect(requestsOf(after)).toEqual({ parties: 0, seats: 0 });
      expect(await store.waitlistPosition(event.eventId, ids[1]!)).toBe(1);
      expect(await store.waitlistPosition(event.eventId, ids[2]!)).toBe(2);
    });

    it("a decline and a withdrawal free nothing and leave the counts whole", async () => {
      const event = await approvalEvent(2);
      const [a, b] = ["a", "b"].map((n) => register(event.eventId, `${n}@example.org`, n, { party: 2 }));
      await apply(event.eventId, [a!, b!]);
      const [idA, idB] = [a!, b!].map((c) => guestIdFor(event.eventId, c.commandId));
      await apply(event.eventId, [decline(event.eventId, idA!), cancel(event.eventId, idB!)]);
      expect((await store.getGuest(event.eventId, idA!))?.lastChange.action).toBe("decline-request");
      expect((await store.getGuest(event.eventId, idB!))?.status).toBe("cancelled");
      const stored = (await store.getEvent(event.eventId))!;
      expect(stored).toMatchObject({ confirmed: 0, offered: 0, waitlisted: 0 });
      expect(requestsOf(stored)).toEqual({ parties: 0, seats: 0 });
    });

    it("an approval decided from a stale read does not land; decided again, it waits in line", async () => {
      const event = await approvalEvent(2);
      const asked = register(event.eventId, "asked@example.org", "Asked", { party: 2 });
      await apply(event.eventId, [asked]);
      const id = guestIdFor(event.eventId, asked.commandId);
      const late = approve(event.eventId, id);
      const stale = decideBatch((await store.loadView(event.eventId, [late]))!, [late], clock.now());
      expect(stale.seatsGranted).toBe(2);
      // Meanwhile the host imports a guest (imports skip approval), who takes the seats.
      await apply(event.eventId, [
        register(event.eventId, "vip@example.org", "Vip", { party: 2, lane: "import" }),
      ]);

      expect((await store.commit(stale)).ok).toBe(false);
      await apply(event.eventId, [late]);
      expect(await store.getGuest(event.eventId, id)).toMatchObject({ status: "waitlisted", waitlistSeq: 1 });
      const stored = (await store.getEvent(event.eventId))!;
      expect(stored.confirmed + stored.offered).toBeLessThanOrEqual(stored.capacity);
      expect(stored).toMatchObject({ confirmed: 2, waitlisted: 2 });
    });
  });
}
