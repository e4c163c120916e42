import {
  BatchWriteItemCommand,
  type DynamoDBClient,
  QueryCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DynamoGuestStore } from "../../adapters/aws/dynamo-guest-store.ts";
import { createGuestTable, eventPk, guestItem, META, namesIndex } from "../../adapters/aws/guest-table.ts";
import type { EventRecord } from "../../contracts/event.ts";
import { signDoorToken } from "../../core/check-in-code.ts";
import { applyCommands } from "../../core/keeper.ts";
import { dynamoLocalClient, uniqueTableName } from "../helpers/dynamo-local.ts";
import { fakeClock, hostedEvent, register } from "../helpers/factories.ts";
import { guestOf } from "../helpers/guest-fixtures.ts";
import { testKeyring } from "../helpers/link-minter.ts";
import { webAppOver } from "../helpers/web-app.ts";

/** A client that counts the names index's keys each Query returns (the SDK boundary). */
function countingClient(client: DynamoDBClient): { client: DynamoDBClient; namesRead: () => number } {
  let read = 0;
  const counting = {
    send: async (command: unknown) => {
      const out = await client.send(command as QueryCommand);
      if (command instanceof QueryCommand && command.input.IndexName === namesIndex)
        read += (out as { Items?: unknown[] }).Items?.length ?? 0;
      return out;
    },
  } as unknown as DynamoDBClient;
  return { client: counting, namesRead: () => read };
}

/**
 * The door's search by name on DynamoDB Local: the guests the keeper wrote carry their folded name in the
 * sparse `names` index, so the door page finds the names that begin with what the helper typed from a few index
 * keys, case and accents aside; an event from before the index (whose rows lack the keys) is searched in its
 * list, as before, and its old rows are found.
 */
const endpoint = inject("dynamoEndpoint");
describe.skipIf(endpoint === null)("the door's search by name on DynamoDB Local", () => {
  const client = dynamoLocalClient(endpoint ?? "http://unused");
  const counted = countingClient(client);
  const tableName = uniqueTableName("names");
  const store = new DynamoGuestStore({ client: counted.client, tableName });
  const keyring = testKeyring();
  const app = webAppOver({ store, queue: { send: async () => {} } }, { links: { keyring: () => keyring } });
  const clock = fakeClock();
  let event: EventRecord;
  const names = ["Ana Müller", "anabel Ortiz", "Ben Ana", "ÁNGEL Díaz", "Zoë Anand"];

  async function registerAll(eventId: string, who: readonly string[]) {
    const batch = who.map((name, i) =>
      register(eventId, `${eventId}-${i}@example.org`, name, { issuedAt: clock.now() }),
    );
    for (let i = 0; i < batch.length; i += 30)
      await applyCommands(store, eventId, batch.slice(i, i + 30), clock);
  }

  const doorPage = async (eventId: string, q: string) => {
    const token = signDoorToken({ eventId, expiresAt: "2099-01-01T00:00:00.000Z" }, keyring);
    const res = await app.request(`/door/${token}?q=${encodeURIComponent(q)}`, {
      headers: { accept: "text/html" },
    });
    expect(res.status).toBe(200);
    return res.text();
  };
  const shown = (page: string) =>
    [...page.matchAll(/<li class="card"><p><strong>([^<·]+?)(?: · [^<]*)?<\/strong>/g)].map((m) => m[1]);

  beforeAll(async () => {
    await createGuestTable(client, tableName);
    ({ event } = hostedEvent({ capacity: 100, now: clock.now() }));
    await store.createEvent(event);
    const many = Array.from({ length: 120 }, (_, i) => `Guest ${String(i).padStart(3, "0")}`);
    await registerAll(event.eventId, [...names, ...many]);
    event = (await store.getEvent(event.eventId))!;
  }, 120_000);
  afterAll(() => client.destroy());

  it("finds the names that begin with what was typed, case and accents aside, from the index", async () => {
    const named = async (q: string) => (await store.guestsNamed(event, q, 60))?.map((g) => g.name);
    expect(await named("ana")).toEqual(["Ana Müller", "anabel Ortiz"]);
    expect(await named("ANA MU")).toEqual(["Ana Müller"]);
    expect(await named("angel")).toEqual(["ÁNGEL Díaz"]);
    expect(await named("zoe")).toEqual(["Zoë Anand"]);
    expect(await named("nobody")).toEqual([]);
  });

  it("reads at most the keys it asks for, however many names share the beginning", async () => {
    const before = counted.namesRead();
    const found = await store.guestsNamed(event, "guest", 60);
    expect(found?.length).toBe(60);
    expect(counted.namesRead() - before).toBe(60);
  });

  it("answers the door page's search without script from the index: 20 at most, seats first, by name", async () => {
    expect(shown(await doorPage(event.eventId, "Ana"))).toEqual(["Ana Müller", "anabel Ortiz"]);
    const before = counted.namesRead();
    const guests = shown(await doorPage(event.eventId, "guest"));
    expect(guests).toEqual(Array.from({ length: 20 }, (_, i) => `Guest ${String(i).padStart(3, "0")}`));
    expect(counted.namesRead() - before).toBeLessThanOrEqual(60);
  });

  it("searches an event from before the index in its list, finding its old rows anywhere in a name", async () => {
    const { event: created } = hostedEvent({ capacity: 10, now: clock.now() });
    await store.createEvent(created);
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: marshall({ pk: eventPk(created.eventId), sk: META }),
        UpdateExpression: "REMOVE rosterSize",
      }),
    );
    // A row as an earlier release wrote it: no name index keys.
    const old = guestOf(created, "confirmed", { name: "Oda Ana Berg" });
    const { nmpk: _pk, nmsk: _sk, ...item } = guestItem(old);
    await client.send(
      new BatchWriteItemCommand({ RequestItems: { [tableName]: [{ PutRequest: { Item: item } }] } }),
    );
    await registerAll(created.eventId, ["Anneliese Stern"]);
    const older = (await store.getEvent(created.eventId))!;
    expect(older.rosterSize).toBeUndefined();
    expect(await store.guestsNamed(older, "ana", 60)).toBeNull();
    expect(shown(await doorPage(created.eventId, "ana"))).toEqual(["Oda Ana Berg"]);
    expect(shown(await doorPage(created.eventId, "ANN"))).toEqual(["Anneliese Stern"]);
  });
});
