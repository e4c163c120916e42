import { afterAll, describe, expect, inject, it } from "vitest";
import { DynamoGuestStore } from "../../adapters/aws/dynamo-guest-store.ts";
import { createGuestTable } from "../../adapters/aws/guest-table.ts";
import { openDatabase } from "../../adapters/local/sqlite-database.ts";
import { SqliteGuestStore } from "../../adapters/local/sqlite-guest-store.ts";
import type { EventAdminStore } from "../../core/event-admin.ts";
import { hashHostToken } from "../../core/host-token.ts";
import { applyCommands } from "../../core/keeper.ts";
import type { GuestStore } from "../../core/ports.ts";
import { dynamoLocalClient, uniqueTableName } from "../helpers/dynamo-local.ts";
import { fakeClock, newEvent, register, setCapacity } from "../helpers/factories.ts";

/** The admin area's part of each store (core/event-admin.ts): the same promises on SQLite and DynamoDB. */
type Store = GuestStore & EventAdminStore;

function eventAdminStoreContract(name: string, open: () => Promise<Store>) {
  describe(`${name} as the admin area's store`, () => {
    const clock = fakeClock();

    it("lists every event it holds, with its counters, and no guest as an event", async () => {
      const store = await open();
      const a = newEvent({ name: "A" });
      const b = newEvent({ name: "B", capacity: 1 });
      await store.createEvent(a);
      await store.createEvent(b);
      await applyCommands(store, b.eventId, [register(b.eventId, "x@example.org")], clock);
      const listed = (await store.listEvents()).filter((e) => [a.eventId, b.eventId].includes(e.eventId));
      expect(listed.map((e) => [e.name, e.confirmed]).sort()).toEqual([
        ["A", 0],
        ["B", 1],
      ]);
    });

    it("sets an event's own fields and bumps its version, leaving its counters as the keeper left them", async () => {
      const store = await open();
      const event = newEvent({ capacity: 2 });
      await store.createEvent(event);
      await applyCommands(store, event.eventId, [register(event.eventId, "x@example.org")], clock);
      const before = (await store.getEvent(event.eventId))!;
      const after = await store.adminUpdateEvent(event.eventId, {
        name: "Renamed",
        details: { ...before.details, description: "Now with a band." },
        calendarSequence: 1,
      });
      expect(after).toMatchObject({ name: "Renamed", confirmed: 1, version: before.version + 1 });
      expect(await store.getEvent(event.eventId)).toMatchObject({
        name: "Renamed",
        details: { description: "Now with a band." },
        calendarSequence: 1,
        confirmed: 1,
        capacity: 2,
      });
      // The keeper goes on from the row as it is now.
      await applyCommands(store, event.eventId, [setCapacity(event.eventId, 5)], clock);
      expect(await store.getEvent(event.eventId)).toMatchObject({
        name: "Renamed",
        capacity: 5,
        confirmed: 1,
      });
      expect(await store.adminUpdateEvent("no-such-event", { name: "x" })).toBeNull();
    });

    it("replaces the host token hash: the event is found by the new one only", async () => {
      const store = await open();
      const event = newEvent();
      await store.createEvent(event);
      const fresh = hashHostToken("a new token");
      expect(await store.adminReplaceHostTokenHash(event.eventId, fresh, clock.now().toISOString())).toBe(
        true,
      );
      expect((await store.findEventByHostTokenHash(fresh))?.eventId).toBe(event.eventId);
      expect(await store.findEventByHostTokenHash(event.hostTokenHash)).toBeNull();
      expect(
        await store.adminReplaceHostTokenHash("no-such-event", hashHostToken("x"), clock.now().toISOString()),
      ).toBe(false);
    });
  });
}

eventAdminStoreContract("SqliteGuestStore", async () => new SqliteGuestStore(openDatabase(":memory:")));

const endpoint = inject("dynamoEndpoint");

describe.skipIf(endpoint === null)("DynamoDB Local", () => {
  const client = dynamoLocalClient(endpoint ?? "http://unused");
  const tableName = uniqueTableName("admin-events");
  let table: Promise<void> | undefined;
  afterAll(() => client.destroy());
  eventAdminStoreContract("DynamoGuestStore", async () => {
    table ??= createGuestTable(client, tableName);
    await table;
    return new DynamoGuestStore({ client, tableName });
  });
});
