import { afterAll, describe, expect, inject, it } from "vitest";
import { DynamoGuestStore } from "../../adapters/aws/dynamo-guest-store.ts";
import { createGuestTable } from "../../adapters/aws/guest-table.ts";
import { openDatabase } from "../../adapters/local/sqlite-database.ts";
import { SqliteGuestStore } from "../../adapters/local/sqlite-guest-store.ts";
import { applyCommands } from "../../core/keeper.ts";
import type { GuestStore } from "../../core/ports.ts";
import { guestIdFor } from "../../core/seat-keeper.ts";
import { dynamoLocalClient, uniqueTableName } from "../helpers/dynamo-local.ts";
import { commandOf, fakeClock, newEvent, register } from "../helpers/factories.ts";

/**
 * "Still coming?" answered yes through the real keeper on both stores (docs/reconfirm.md): the answer's time is
 * kept on the guest row (`reconfirmedAt`), read back by a lookup and by the list, and a second answer keeps it.
 */
function reconfirmScenarios(name: string, storeOf: () => Promise<GuestStore>): void {
  describe(`reconfirmed guests: ${name}`, () => {
    it("keeps when a guest said they are still coming, through a second answer and other changes", async () => {
      const clock = fakeClock();
      const store = await storeOf();
      const event = newEvent({ capacity: 10 });
      await store.createEvent(event);
      const reg = register(event.eventId, "ana@example.org", "Ana Lima");
      await applyCommands(store, event.eventId, [reg], clock);
      const guestId = guestIdFor(event.eventId, reg.commandId);
      expect((await store.getGuest(event.eventId, guestId))?.reconfirmedAt).toBeUndefined();

      const yes = () => commandOf(event.eventId, { type: "reconfirm", guestId }, { lane: "link" });
      const [first] = await applyCommands(store, event.eventId, [yes()], clock);
      expect(first?.outcome).toEqual({ kind: "reconfirmed", guestId });
      const answeredAt = clock.now().toISOString();
      clock.advance(60_000);
      const [second] = await applyCommands(store, event.eventId, [yes()], clock);
      expect(second?.outcome).toEqual({ kind: "unchanged", guestId });
      await applyCommands(
        store,
        event.eventId,
        [commandOf(event.eventId, { type: "check-in", guestId, seats: 1 }, { lane: "door" })],
        clock,
      );
      expect((await store.getGuest(event.eventId, guestId))?.reconfirmedAt).toBe(answeredAt);
      expect((await store.listGuests(event.eventId))[0]?.reconfirmedAt).toBe(answeredAt);
    });
  });
}

reconfirmScenarios("SqliteGuestStore", async () => new SqliteGuestStore(openDatabase(":memory:")));

const endpoint = inject("dynamoEndpoint");
describe.skipIf(endpoint === null)("DynamoDB Local", () => {
  const client = dynamoLocalClient(endpoint ?? "http://unused");
  const tableName = uniqueTableName("reconfirm");
  let table: Promise<void> | undefined;
  afterAll(() => client.destroy());
  reconfirmScenarios("DynamoGuestStore", async () => {
    table ??= createGuestTable(client, tableName);
    await table;
    return new DynamoGuestStore({ client, tableName });
  });
});
