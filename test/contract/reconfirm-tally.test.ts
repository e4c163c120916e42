import { afterAll, describe, expect, inject, it } from "vitest";
import { DynamoGuestStore } from "../../adapters/aws/dynamo-guest-store.ts";
import { createGuestTable } from "../../adapters/aws/guest-table.ts";
import { openDatabase } from "../../adapters/local/sqlite-database.ts";
import { SqliteGuestStore } from "../../adapters/local/sqlite-guest-store.ts";
import { headcountOf } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import { EventSettings } from "../../contracts/settings.ts";
import { applyCommands } from "../../core/keeper.ts";
import type { GuestStore } from "../../core/ports.ts";
import { askedThisRound } from "../../core/reconfirm-tally.ts";
import { guestIdFor } from "../../core/seat-keeper.ts";
import { dynamoLocalClient, uniqueTableName } from "../helpers/dynamo-local.ts";
import { cancel, commandOf, fakeClock, newEvent, register } from "../helpers/factories.ts";

/**
 * "8 of 12 reconfirmed" kept on the event row by the keeper (core/reconfirm-tally.ts), through the real keeper
 * on both stores: it counts only the confirmed guests asked in their round, equals counting the stored list,
 * and rows from before it (an event without the tally, guests never asked) read as they were.
 */
function reconfirmTallyContract(name: string, makeStore: () => Promise<GuestStore>) {
  describe(`reconfirmed count on the event row, ${name}`, () => {
    const clock = fakeClock();
    const settings = EventSettings.parse({ reconfirm: { daysBefore: 2 } });
    const fromList = (guests: readonly GuestRecord[]) => {
      const asked = guests.filter((g) => g.status === "confirmed" && askedThisRound(g));
      return {
        asked: asked.length,
        reconfirmed: asked.filter((g) => g.reconfirmedAt && g.reconfirmedAt >= g.reconfirmAsked!.at).length,
      };
    };

    it("counts the asked and their yeses; not a guest confirmed after the ask, nor one who came back", async () => {
      const store = await makeStore();
      const event = newEvent({ capacity: 3, settings, reconfirmTally: { asked: 0, reconfirmed: 0 } });
      await store.createEvent(event);
      const id = (command: { commandId: string }) => guestIdFor(event.eventId, command.commandId);
      const [ana, bo, cy] = ["ana", "bo", "cy"].map((n) => register(event.eventId, `${n}@example.org`, n));
      await applyCommands(store, event.eventId, [ana!, bo!, cy!], clock);
      const ask = (guestId: string) =>
        commandOf(event.eventId, { type: "notify", guestId, notice: "reconfirm" }, { lane: "timer" });
      const yes = (guestId: string) =>
        commandOf(event.eventId, { type: "reconfirm", guestId }, { lane: "link" });
      expect(headcountOf((await store.getEvent(event.eventId))!).reconfirmed).toBeNull();

      // The ask goes to Ana and Bo; Cy said yes later than the ask went out (so was not asked).
      clock.advance(60_000);
      await applyCommands(store, event.eventId, [ask(id(ana!)), ask(id(bo!))], clock);
      expect((await store.getEvent(event.eventId))?.reconfirmTally).toEqual({ asked: 2, reconfirmed: 0 });
      clock.advance(60_000);
      await applyCommands(store, event.eventId, [yes(id(ana!)), yes(id(cy!))], clock);
      expect((await store.getEvent(event.eventId))?.reconfirmTally).toEqual({ asked: 2, reconfirmed: 1 });

      // Bo leaves and comes back: confirmed again, in a round nobody asked about.
      await applyCommands(store, event.eventId, [cancel(event.eventId, id(bo!))], clock);
      expect((await store.getEvent(event.eventId))?.reconfirmTally).toEqual({ asked: 1, reconfirmed: 1 });
      await applyCommands(
        store,
        event.eventId,
        [register(event.eventId, "bo@example.org", "bo", { lane: "link" })],
        clock,
      );
      const back = await store.getGuest(event.eventId, id(bo!));
      expect(back?.status).toBe("confirmed");
      expect(back?.reconfirmAsked?.round).toBe(1);

      const stored = (await store.getEvent(event.eventId))!;
      expect(stored.reconfirmTally).toEqual({ asked: 1, reconfirmed: 1 });
      expect(stored.reconfirmTally).toEqual(fromList(await store.listGuests(event.eventId)));
      expect(headcountOf(stored).reconfirmed).toEqual({ count: 1, total: 1 });
    });

    it("an event row from before the count keeps none, and its guests' rows read as before", async () => {
      const store = await makeStore();
      const event = newEvent({ settings });
      await store.createEvent(event);
      const ana = register(event.eventId, "ana@example.org", "Ana");
      const bo = register(event.eventId, "bo@example.org", "Bo");
      await applyCommands(store, event.eventId, [ana, bo], clock);
      const anaId = guestIdFor(event.eventId, ana.commandId);
      await applyCommands(
        store,
        event.eventId,
        [
          commandOf(
            event.eventId,
            { type: "notify", guestId: anaId, notice: "reconfirm" },
            { lane: "timer" },
          ),
        ],
        clock,
      );
      const stored = (await store.getEvent(event.eventId))!;
      expect(stored.reconfirmTally).toBeUndefined();
      expect("reconfirmed" in headcountOf(stored)).toBe(false);
      expect((await store.getGuest(event.eventId, anaId))?.reconfirmAsked).toEqual({
        at: clock.now().toISOString(),
        round: 1,
      });
      expect(
        (await store.getGuest(event.eventId, guestIdFor(event.eventId, bo.commandId)))?.reconfirmAsked,
      ).toBeUndefined();
    });
  });
}

reconfirmTallyContract("SqliteGuestStore", async () => new SqliteGuestStore(openDatabase(":memory:")));

const endpoint = inject("dynamoEndpoint");
describe.skipIf(endpoint === null)("DynamoDB Local", () => {
  const client = dynamoLocalClient(endpoint ?? "http://unused");
  const tableName = uniqueTableName("reconfirm-tally");
  let table: Promise<void> | undefined;
  afterAll(() => client.destroy());
  reconfirmTallyContract("DynamoGuestStore", async () => {
    table ??= createGuestTable(client, tableName);
    await table;
    return new DynamoGuestStore({ client, tableName });
  });
});
