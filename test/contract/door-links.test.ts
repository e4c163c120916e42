import { afterAll, describe, expect, inject, it } from "vitest";
import { DynamoGuestStore } from "../../adapters/aws/dynamo-guest-store.ts";
import { createGuestTable } from "../../adapters/aws/guest-table.ts";
import { openDatabase } from "../../adapters/local/sqlite-database.ts";
import { SqliteGuestStore } from "../../adapters/local/sqlite-guest-store.ts";
import type { Command } from "../../contracts/command.ts";
import { isDoorLinkRevoked } from "../../core/door-link-decisions.ts";
import { applyCommands } from "../../core/keeper.ts";
import type { GuestStore } from "../../core/ports.ts";
import { dynamoLocalClient, uniqueTableName } from "../helpers/dynamo-local.ts";
import { commandOf, fakeClock, newEvent } from "../helpers/factories.ts";

/**
 * Door links through the real keeper on both stores (docs/door.md): a minted link is kept on the event with its
 * label and time, a revoked one says when; minting or revoking twice changes nothing, and a link the event does
 * not know cannot be revoked.
 */
function doorLinkScenarios(name: string, storeOf: () => Promise<GuestStore>): void {
  describe(`door links: ${name}`, () => {
    const clock = fakeClock();
    const mint = (eventId: string, linkId: string, label = ""): Command =>
      commandOf(eventId, { type: "mint-door-link", linkId, label }, { lane: "host" });
    const revoke = (eventId: string, linkId: string): Command =>
      commandOf(eventId, { type: "revoke-door-link", linkId }, { lane: "host" });

    it("keeps a minted link, revokes it once, and refuses a link it does not know", async () => {
      const store = await storeOf();
      const event = newEvent();
      await store.createEvent(event);
      const minted = clock.now().toISOString();
      const [first] = await applyCommands(
        store,
        event.eventId,
        [mint(event.eventId, "link-aaaa1", "Main door")],
        clock,
      );
      expect(first?.outcome).toEqual({ kind: "door-link-minted", linkId: "link-aaaa1" });
      await applyCommands(store, event.eventId, [mint(event.eventId, "link-bbbb2")], clock);
      const [again] = await applyCommands(
        store,
        event.eventId,
        [mint(event.eventId, "link-aaaa1", "Other")],
        clock,
      );
      expect(again?.outcome).toEqual({ kind: "unchanged", guestId: null });
      let stored = await store.getEvent(event.eventId);
      expect(stored?.doorLinks).toEqual([
        { id: "link-aaaa1", label: "Main door", mintedAt: minted, revokedAt: null },
        { id: "link-bbbb2", label: "", mintedAt: minted, revokedAt: null },
      ]);

      clock.advance(60_000);
      const [revoked] = await applyCommands(
        store,
        event.eventId,
        [revoke(event.eventId, "link-aaaa1")],
        clock,
      );
      expect(revoked?.outcome).toEqual({ kind: "door-link-revoked", linkId: "link-aaaa1" });
      const [twice] = await applyCommands(store, event.eventId, [revoke(event.eventId, "link-aaaa1")], clock);
      expect(twice?.outcome).toEqual({ kind: "unchanged", guestId: null });
      const [unknown] = await applyCommands(
        store,
        event.eventId,
        [revoke(event.eventId, "link-zzzz9")],
        clock,
      );
      expect(unknown?.outcome).toEqual({ kind: "refused", reason: "not-applicable" });
      stored = await store.getEvent(event.eventId);
      expect(stored?.doorLinks?.[0]?.revokedAt).toBe(clock.now().toISOString());
      expect(stored?.lastChange?.action).toBe("revoke-door-link");
      expect(isDoorLinkRevoked(stored!, "link-aaaa1")).toBe(true);
      expect(isDoorLinkRevoked(stored!, "link-bbbb2")).toBe(false);
      expect(isDoorLinkRevoked(stored!, "link-zzzz9")).toBe(false);
    });
  });
}

doorLinkScenarios("SqliteGuestStore", async () => new SqliteGuestStore(openDatabase(":memory:")));

const endpoint = inject("dynamoEndpoint");
describe.skipIf(endpoint === null)("DynamoDB Local", () => {
  const client = dynamoLocalClient(endpoint ?? "http://unused");
  const tableName = uniqueTableName("doorlinks");
  let table: Promise<void> | undefined;
  afterAll(() => client.destroy());
  doorLinkScenarios("DynamoGuestStore", async () => {
    table ??= createGuestTable(client, tableName);
    await table;
    return new DynamoGuestStore({ client, tableName });
  });
});
