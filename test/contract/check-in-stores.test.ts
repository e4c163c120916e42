import { afterAll, describe, expect, inject, it } from "vitest";
import { DynamoGuestStore } from "../../adapters/aws/dynamo-guest-store.ts";
import { createGuestTable } from "../../adapters/aws/guest-table.ts";
import { openDatabase } from "../../adapters/local/sqlite-database.ts";
import { SqliteGuestStore } from "../../adapters/local/sqlite-guest-store.ts";
import type { Command } from "../../contracts/command.ts";
import { headcountOf } from "../../contracts/event.ts";
import { checkInCommandId } from "../../core/check-in-decisions.ts";
import { applyCommands } from "../../core/keeper.ts";
import type { GuestStore } from "../../core/ports.ts";
import { guestIdFor } from "../../core/seat-keeper.ts";
import { dynamoLocalClient, uniqueTableName } from "../helpers/dynamo-local.ts";
import { cancel, commandOf, fakeClock, newEvent, register } from "../helpers/factories.ts";

/**
 * The check-in command through the real keeper on both stores: the arrival is kept on the guest row and the
 * event's `arrived`, audited as a guest change, and counted once however often and in whatever order it comes.
 */
function checkInScenarios(name: string, storeOf: () => Promise<GuestStore>): void {
  describe(`check-in at the door: ${name}`, () => {
    const clock = fakeClock();
    const checkIn = (eventId: string, guestId: string, seats: number, commandId?: string): Command =>
      commandOf(
        eventId,
        { type: "check-in", guestId, seats },
        { lane: "door", ...(commandId ? { commandId } : {}) },
      );

    async function partyOfThree(store: GuestStore) {
      const event = newEvent({ capacity: 10, settings: { ...newEvent().settings, maxParty: 4 } });
      await store.createEvent(event);
      const reg = register(event.eventId, "ana@example.org", "Ana Lima", { party: 3 });
      await applyCommands(store, event.eventId, [reg], clock);
      return { event, guestId: guestIdFor(event.eventId, reg.commandId) };
    }

    it("checks in part of a party, then the rest, and keeps arrived / expected on the event", async () => {
      const store = await storeOf();
      const { event, guestId } = await partyOfThree(store);
      const [first] = await applyCommands(store, event.eventId, [checkIn(event.eventId, guestId, 2)], clock);
      expect(first?.outcome).toEqual({ kind: "checked-in", guestId, seats: 2, party: 3 });
      const [second] = await applyCommands(store, event.eventId, [checkIn(event.eventId, guestId, 3)], clock);
      expect(second?.outcome).toEqual({ kind: "checked-in", guestId, seats: 3, party: 3 });
      const guest = await store.getGuest(event.eventId, guestId);
      expect(guest?.checkedIn).toEqual({ seats: 3, at: clock.now().toISOString() });
      expect(guest?.status).toBe("confirmed");
      expect(guest?.lastChange.action).toBe("check-in");
      expect(guest?.lastChange.lane).toBe("door");
      const after = await store.getEvent(event.eventId);
      expect(headcountOf(after!)).toMatchObject({ arrived: 3, expected: 3, confirmed: 3 });
    });

    it("two helpers checking in the same party count it once, in either order", async () => {
      const store = await storeOf();
      const { event, guestId } = await partyOfThree(store);
      const guest = (await store.getGuest(event.eventId, guestId))!;
      // The same check-in from two phones: the same command id.
      const a = checkIn(event.eventId, guestId, 3, checkInCommandId(guest, 3));
      const b = checkIn(event.eventId, guestId, 3, checkInCommandId(guest, 3));
      await applyCommands(store, event.eventId, [a], clock);
      const [again] = await applyCommands(store, event.eventId, [b], clock);
      // A partial check-in that syncs late adds nobody.
      const [late] = await applyCommands(store, event.eventId, [checkIn(event.eventId, guestId, 1)], clock);
      expect(late?.outcome).toEqual({ kind: "unchanged", guestId });
      // The second phone's command is the first one again: already applied, nothing new to decide.
      expect(again?.outcome.kind ?? "already applied").not.toBe("checked-in");
      expect((await store.getEvent(event.eventId))?.arrived).toBe(3);
      expect((await store.getGuest(event.eventId, guestId))?.checkedIn?.seats).toBe(3);
    });

    it("never counts more than the party, and refuses a cancelled guest", async () => {
      const store = await storeOf();
      const { event, guestId } = await partyOfThree(store);
      const [over] = await applyCommands(store, event.eventId, [checkIn(event.eventId, guestId, 9)], clock);
      expect(over?.outcome).toEqual({ kind: "checked-in", guestId, seats: 3, party: 3 });
      const other = register(event.eventId, "bo@example.org", "Bo");
      await applyCommands(store, event.eventId, [other], clock);
      const boId = guestIdFor(event.eventId, other.commandId);
      await applyCommands(store, event.eventId, [cancel(event.eventId, boId)], clock);
      const [refused] = await applyCommands(store, event.eventId, [checkIn(event.eventId, boId, 1)], clock);
      expect(refused?.outcome).toEqual({ kind: "refused", reason: "not-applicable" });
      const [unknown] = await applyCommands(
        store,
        event.eventId,
        [checkIn(event.eventId, "nobody", 1)],
        clock,
      );
      expect(unknown?.outcome).toEqual({ kind: "refused", reason: "guest-not-found" });
      expect((await store.getEvent(event.eventId))?.arrived).toBe(3);
    });
  });
}

checkInScenarios("SqliteGuestStore", async () => new SqliteGuestStore(openDatabase(":memory:")));

const endpoint = inject("dynamoEndpoint");
describe.skipIf(endpoint === null)("DynamoDB Local", () => {
  const client = dynamoLocalClient(endpoint ?? "http://unused");
  const tableName = uniqueTableName("checkin");
  let table: Promise<void> | undefined;
  afterAll(() => client.destroy());
  checkInScenarios("DynamoGuestStore", async () => {
    table ??= createGuestTable(client, tableName);
    await table;
    return new DynamoGuestStore({ client, tableName });
  });
});
