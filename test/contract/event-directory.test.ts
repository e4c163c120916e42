import { afterAll, describe, expect, inject, it } from "vitest";
import { DynamoGuestStore } from "../../adapters/aws/dynamo-guest-store.ts";
import { createGuestTable } from "../../adapters/aws/guest-table.ts";
import { openDatabase } from "../../adapters/local/sqlite-database.ts";
import { SqliteGuestStore } from "../../adapters/local/sqlite-guest-store.ts";
import { auditEntriesFor } from "../../core/audit-trail.ts";
import { renewHostLink } from "../../core/host-link.ts";
import { hashHostToken } from "../../core/host-token.ts";
import { applyCommands } from "../../core/keeper.ts";
import type { EventDirectory, GuestStore, HostLinkStore } from "../../core/ports.ts";
import { dynamoLocalClient, uniqueTableName } from "../helpers/dynamo-local.ts";
import { fakeClock, newEvent, register } from "../helpers/factories.ts";

type Store = GuestStore & EventDirectory & HostLinkStore;

/** The event directory and host-link renewal, the same on every store. */
function contract(name: string, make: () => Promise<Store>) {
  describe(`${name}: event directory and host links`, () => {
    const clock = fakeClock();

    it("lists every event with its current counters, oldest first", async () => {
      const store = await make();
      const first = newEvent({ name: "First", createdAt: "2026-05-01T00:00:00.000Z" });
      const second = newEvent({ name: "Second", createdAt: "2026-05-02T00:00:00.000Z" });
      await store.createEvent(second);
      await store.createEvent(first);
      await applyCommands(store, first.eventId, [register(first.eventId, "ana@example.org")], clock);
      const listed = (await store.listEvents()).filter((e) =>
        [first.eventId, second.eventId].includes(e.eventId),
      );
      expect(listed.map((e) => [e.name, e.confirmed])).toEqual([
        ["First", 1],
        ["Second", 0],
      ]);
    });

    it("lists no guest as an event: only events, each with its counters", async () => {
      const store = await make();
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
      const all = await store.listEvents();
      expect(all.every((e) => typeof e.eventId === "string" && typeof e.capacity === "number")).toBe(true);
    });

    it("a new host link replaces the old one: the old hash finds nothing, the new one the event", async () => {
      const store = await make();
      const event = newEvent();
      await store.createEvent(event);
      const renewed = await renewHostLink(store, event.eventId, clock.now());
      expect(renewed?.hostPath).toBe(`/h/${renewed?.hostToken}`);
      expect(await store.findEventByHostTokenHash(event.hostTokenHash)).toBeNull();
      const found = await store.findEventByHostTokenHash(hashHostToken(renewed!.hostToken));
      expect(found).toMatchObject({
        eventId: event.eventId,
        version: event.version + 1,
        lastChange: { action: "new-host-link", lane: "host" },
      });
      // The keeper still writes the event as before.
      await applyCommands(store, event.eventId, [register(event.eventId, "ben@example.org")], clock);
      expect(await store.getEvent(event.eventId)).toMatchObject({
        confirmed: 1,
        hostTokenHash: hashHostToken(renewed!.hostToken),
      });
    });

    it("a renewal from a stale hash changes nothing; an unknown event has no link", async () => {
      const store = await make();
      const event = newEvent();
      await store.createEvent(event);
      const change = { commandId: "c", lane: "host", at: clock.now().toISOString(), action: "new-host-link" };
      expect(
        await store.replaceHostToken(event.eventId, hashHostToken("wrong"), hashHostToken("x"), change),
      ).toBe(false);
      expect(await store.findEventByHostTokenHash(event.hostTokenHash)).toMatchObject({
        eventId: event.eventId,
      });
      expect(await renewHostLink(store, "no-such-event", clock.now())).toBeNull();
    });

    it("the renewal is audited from the change it records", () => {
      const event = newEvent();
      const after = {
        ...event,
        hostTokenHash: hashHostToken("new"),
        lastChange: { commandId: "c1", lane: "host", at: event.createdAt, action: "new-host-link" },
      };
      const [entry] = auditEntriesFor({ entity: "event", old: event, new: after });
      expect(entry).toMatchObject({ action: "new-host-link", actor: "host" });
      expect(entry?.to).toMatch(/^host link [0-9a-f]{8}…$/);
    });
  });
}

contract("SqliteGuestStore", async () => new SqliteGuestStore(openDatabase(":memory:")));

const endpoint = inject("dynamoEndpoint");
describe.skipIf(endpoint === null)("DynamoDB Local", () => {
  const client = dynamoLocalClient(endpoint ?? "http://unused");
  const tableName = uniqueTableName("directory");
  let table: Promise<void> | undefined;
  afterAll(() => client.destroy());
  contract("DynamoGuestStore", async () => {
    table ??= createGuestTable(client, tableName);
    await table;
    return new DynamoGuestStore({ client, tableName });
  });
});
