/**
 * The AWS download's page of parts, measured (docs/aws-guest-list.md): N guests registered through the real
 * keeper on DynamoDB Local (so the event counts its rows and the marks are written as on AWS), then the page of
 * parts read through the web app twice: from the marks, and with the event's count removed, the roster walk
 * every event from before the count takes (the read of earlier releases). Then every part, downloaded. Prints
 * wall time, this process's CPU and how many roster index keys each read returned.
 *
 *   node tools/aws-local/list-parts-measure.ts --guests 10000
 */
import { type DynamoDBClient, QueryCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import pino from "pino";
import { DynamoGuestStore } from "../../adapters/aws/dynamo-guest-store.ts";
import { createGuestTable, eventPk, META, rosterIndex } from "../../adapters/aws/guest-table.ts";
import { systemClock } from "../../core/ports.ts";
import { createWebApp } from "../../producers/web/app.ts";
import { dynamoLocalClient, startDynamoLocal } from "../../runtime/dynamo-local.ts";
import { fakeClock, hostedEvent, register } from "../../test/helpers/factories.ts";
import { guestsArgument, registerThroughKeeper } from "./measure-kit.ts";

const guests = guestsArgument();

let rosterKeys = 0;
function counting(client: DynamoDBClient): DynamoDBClient {
  return {
    send: async (command: unknown) => {
      const out = await client.send(command as QueryCommand);
      if (command instanceof QueryCommand && command.input.IndexName === rosterIndex)
        rosterKeys += (out as { Items?: unknown[] }).Items?.length ?? 0;
      return out;
    },
  } as unknown as DynamoDBClient;
}

async function measured(what: string, run: () => Promise<string>): Promise<string> {
  const keys = rosterKeys;
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const out = await run();
  const used = process.cpuUsage(cpu);
  console.log(
    `  ${what.padEnd(36)} ${((performance.now() - t0) / 1000).toFixed(2).padStart(7)} s wall  ${((used.user + used.system) / 1e6).toFixed(2).padStart(6)} s CPU  ${String(rosterKeys - keys).padStart(7)} index keys read`,
  );
  return out;
}

const dynamo = await startDynamoLocal();
const client = dynamoLocalClient(dynamo.endpoint, 8);
try {
  const tableName = `measure-parts-${Date.now()}`;
  await createGuestTable(client, tableName);
  const store = new DynamoGuestStore({ client: counting(client), tableName });
  const clock = fakeClock();
  const { event, hostToken } = hostedEvent({ capacity: Math.floor(guests / 3), now: clock.now() });
  await store.createEvent(event);
  const seeding = performance.now();
  await registerThroughKeeper(store, event.eventId, guests, clock, (n) =>
    register(event.eventId, `guest${n}@example.org`, `Guest ${n}`, { issuedAt: clock.now() }),
  );
  console.log(
    `\n${guests.toLocaleString("en")} guests registered through the keeper in ${((performance.now() - seeding) / 1000).toFixed(1)} s (DynamoDB Local)`,
  );

  const app = createWebApp({
    reader: store,
    queue: { send: async () => {} },
    clock: systemClock,
    logger: pino({ level: "silent" }),
    baseUrl: () => "http://rsvp.test",
  });
  const get = async (path: string) => {
    const res = await app.request(path, { headers: { accept: "text/html" } });
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    return res.text();
  };
  const host = `/h/${hostToken}`;
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

  const fromMarks = await measured("page of parts, from the marks", () => get(`${host}/guests.csv`));
  await setCount("REMOVE rosterSize");
  const walked = await measured("page of parts, roster walked (before)", () => get(`${host}/guests.csv`));
  await setCount("SET rosterSize = :n", { ":n": size });
  if (walked !== fromMarks) throw new Error("the two pages of parts differ");

  const links = [...fromMarks.matchAll(/href="([^"]+)" download>/g)].map((m) =>
    m[1]!.replaceAll("&amp;", "&"),
  );
  const names = new Set<string>();
  let rows = 0;
  for (const [i, link] of links.entries()) {
    const csv = await measured(`part ${i + 1} of ${links.length}`, () => get(link));
    for (const line of csv.split("\n").slice(1).filter(Boolean)) {
      rows += 1;
      names.add(line.split(",")[0] ?? "");
    }
  }
  console.log(`  parts hold ${rows.toLocaleString("en")} rows, ${names.size.toLocaleString("en")} guests`);
  if (rows !== guests || names.size !== guests) throw new Error("the parts do not hold every guest once");
} finally {
  client.destroy();
  await dynamo.stop();
}
