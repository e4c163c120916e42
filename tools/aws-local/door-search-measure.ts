/**
 * The AWS door's search by name, measured (docs/aws-guest-list.md): N guests registered through the real keeper
 * on DynamoDB Local, then the door page's search without script (`/door/TOKEN?q=…`) answered through the web
 * app twice: from the names index, and with the event's count removed, the read of the whole list that events
 * from before the index take (the read of earlier releases). Prints wall time and this process's CPU.
 *
 *   node tools/aws-local/door-search-measure.ts --guests 10000
 */

import { UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import pino from "pino";
import { DynamoGuestStore } from "../../adapters/aws/dynamo-guest-store.ts";
import { createGuestTable, eventPk, META } from "../../adapters/aws/guest-table.ts";
import { signDoorToken } from "../../core/check-in-code.ts";
import { systemClock } from "../../core/ports.ts";
import { createWebApp } from "../../producers/web/app.ts";
import { dynamoLocalClient, startDynamoLocal } from "../../runtime/dynamo-local.ts";
import { fakeClock, hostedEvent, register } from "../../test/helpers/factories.ts";
import { testKeyring } from "../../test/helpers/link-minter.ts";
import { guestsArgument, registerThroughKeeper } from "./measure-kit.ts";

const guests = guestsArgument();

async function measured(what: string, run: () => Promise<string>): Promise<string> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const out = await run();
  const used = process.cpuUsage(cpu);
  console.log(
    `  ${what.padEnd(44)} ${((performance.now() - t0) / 1000).toFixed(2).padStart(7)} s wall  ${((used.user + used.system) / 1e6).toFixed(2).padStart(6)} s CPU`,
  );
  return out;
}

const dynamo = await startDynamoLocal();
const client = dynamoLocalClient(dynamo.endpoint, 8);
try {
  const tableName = `measure-door-${Date.now()}`;
  await createGuestTable(client, tableName);
  const store = new DynamoGuestStore({ client, tableName });
  const clock = fakeClock();
  const { event } = hostedEvent({ capacity: Math.floor(guests / 3), now: clock.now() });
  await store.createEvent(event);
  const first = ["Ana", "Ben", "Cleo", "Dara", "Emil", "Farah", "Götz", "Hana", "Ivo", "Jun"];
  const seeding = performance.now();
  await registerThroughKeeper(store, event.eventId, guests, clock, (n) =>
    register(event.eventId, `guest${n}@example.org`, `${first[n % 10]} Guest${n}`, { issuedAt: clock.now() }),
  );
  console.log(
    `\n${guests.toLocaleString("en")} guests registered through the keeper in ${((performance.now() - seeding) / 1000).toFixed(1)} s (DynamoDB Local)`,
  );
  const keyring = testKeyring();
  const app = createWebApp({
    reader: store,
    queue: { send: async () => {} },
    clock: systemClock,
    logger: pino({ level: "silent" }),
    baseUrl: () => "http://rsvp.test",
    links: { keyring: () => keyring },
  });
  const token = signDoorToken({ eventId: event.eventId, expiresAt: "2099-01-01T00:00:00.000Z" }, keyring);
  const search = async (q: string) => {
    const res = await app.request(`/door/${token}?q=${encodeURIComponent(q)}`, {
      headers: { accept: "text/html" },
    });
    if (res.status !== 200) throw new Error(`${q}: ${res.status}`);
    return res.text();
  };
  const count = (page: string) => (page.match(/<li class="card">/g) ?? []).length;
  const size = (await store.getEvent(event.eventId))?.rosterSize ?? 0;
  const setCount = (expression: string, values?: Record<string, unknown>) =>
    client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: marshall({ pk: eventPk(event.eventId), sk: META }),
        UpdateExpression: expression,
        ...(values ? { ExpressionAttributeValues: marshall(values) } : {}),
      }),
    );
  const one = `ana guest${guests - 10}`;
  for (const [what, q] of [
    ["one guest, from the index", one],
    ["a first name (20 of many), from the index", "hana"],
  ] as const)
    console.log(`    ${count(await measured(what, () => search(q)))} shown`);
  await setCount("REMOVE rosterSize");
  for (const [what, q] of [
    ["one guest, the whole list read (before)", one],
    ["a first name, the whole list read (before)", "hana"],
  ] as const)
    console.log(`    ${count(await measured(what, () => search(q)))} shown`);
  await setCount("SET rosterSize = :n", { ":n": size });
} finally {
  client.destroy();
  await dynamo.stop();
}
