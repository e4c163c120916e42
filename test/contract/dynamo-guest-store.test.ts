import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { afterAll, describe, expect, inject, it } from "vitest";
import { DynamoGuestStore } from "../../adapters/aws/dynamo-guest-store.ts";
import { createGuestTable } from "../../adapters/aws/guest-table.ts";
import { applyCommands } from "../../core/keeper.ts";
import { decideBatch, guestIdFor } from "../../core/seat-keeper.ts";
import { dynamoLocalClient, uniqueTableName } from "../helpers/dynamo-local.ts";
import { cancel, fakeClock, newEvent, register, setCapacity } from "../helpers/factories.ts";
import { approvalStoreContract } from "./approval.contract.ts";
import { guestStoreContract } from "./guest-store.contract.ts";

const endpoint = inject("dynamoEndpoint");

describe.skipIf(endpoint === null)("DynamoDB Local", () => {
  const client = dynamoLocalClient(endpoint ?? "http://unused");
  const tableName = uniqueTableName("guests");
  let table: Promise<void> | undefined;
  const ready = async () => {
    table ??= createGuestTable(client, tableName);
    await table;
    return new DynamoGuestStore({ client, tableName });
  };

  afterAll(() => client.destroy());

  guestStoreContract("DynamoGuestStore", async () => ({ store: await ready(), close: async () => {} }));
  approvalStoreContract("DynamoGuestStore", async () => ({ store: await ready(), close: async () => {} }));

  describe("DynamoGuestStore specifics", () => {
    const clock = fakeClock();
    const raw = async (pk: string, sk: string) => {
      const out = await client.send(
        new GetItemCommand({ TableName: tableName, Key: marshall({ pk, sk }), ConsistentRead: true }),
      );
      return out.Item ? unmarshall(out.Item) : null;
    };

    it("refuses a stale seat grant by the cap check itself (no-seat)", async () => {
      const store = await ready();
      const event = newEvent({ capacity: 1 });
      await store.createEvent(event);
      const late = register(event.eventId, "late@example.org");
      const stale = decideBatch((await store.loadView(event.eventId, [late]))!, [late], clock.now());
      await applyCommands(store, event.eventId, [register(event.eventId, "early@example.org")], clock);
      expect(await store.commit(stale)).toEqual({ ok: false, conflict: "no-seat" });
    });

    it("refuses a waitlisting decided from a stale read, then gives it the next number", async () => {
      const store = await ready();
      const event = newEvent({ capacity: 0 });
      await store.createEvent(event);
      const a = register(event.eventId, "a@example.org");
      const b = register(event.eventId, "b@example.org");
      const decisionA = decideBatch((await store.loadView(event.eventId, [a]))!, [a], clock.now());
      await applyCommands(store, event.eventId, [b], clock);

      // The event's version moved since a's read: nothing of a lands, and the keeper decides it again.
      expect(await store.commit(decisionA)).toEqual({ ok: false, conflict: "stale" });
      await applyCommands(store, event.eventId, [a], clock);
      expect(await store.getEvent(event.eventId)).toMatchObject({
        waitlisted: 2,
        nextWaitlistSeq: 3,
        version: 2,
      });
      const ids = [a, b].map((c) => guestIdFor(event.eventId, c.commandId));
      const positions = await Promise.all(ids.map((id) => store.waitlistPosition(event.eventId, id)));
      expect(positions.sort()).toEqual([1, 2]);
      expect(await raw(`EVENT#${event.eventId}`, `GUEST#${ids[0]}`)).toMatchObject({ waitlistSeq: 2 });
    });

    it("keeps seatsFree equal to capacity − confirmed − offered and the waitlist keys only while waiting", async () => {
      const store = await ready();
      const event = newEvent({ capacity: 2 });
      await store.createEvent(event);
      const commands = ["a", "b", "c"].map((n) => register(event.eventId, `${n}@example.org`));
      await applyCommands(store, event.eventId, commands, clock);
      const [a, , c] = commands.map((cmd) => guestIdFor(event.eventId, cmd.commandId));
      const pk = `EVENT#${event.eventId}`;

      expect(await raw(pk, `GUEST#${c}`)).toMatchObject({ wlpk: event.eventId, wlsk: `000000000001#${c}` });
      expect(await raw(pk, "EMAIL#c@example.org")).toMatchObject({ guestId: c });
      expect(await raw(`HOST#${event.hostTokenHash}`, "META")).toMatchObject({ eventId: event.eventId });
      expect(await raw(pk, "META")).toMatchObject({ seatsFree: 0 });

      await applyCommands(
        store,
        event.eventId,
        [cancel(event.eventId, a!), cancel(event.eventId, c!)],
        clock,
      );
      expect(await raw(pk, `GUEST#${c}`)).not.toHaveProperty("wlpk");
      expect(await raw(pk, `GUEST#${c}`)).not.toHaveProperty("wlsk");
      expect(await raw(pk, "META")).toMatchObject({ seatsFree: 1, confirmed: 1, waitlisted: 0 });

      await applyCommands(store, event.eventId, [setCapacity(event.eventId, 0)], clock);
      expect(await raw(pk, "META")).toMatchObject({ seatsFree: -1, capacity: 0 });
    });
  });
});
