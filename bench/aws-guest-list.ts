/**
 * The AWS runtime's guest list at scale (docs/aws-guest-list.md): a list of N guests written to DynamoDB Local as
 * the store writes them (with the keeper's guest count and part marks), then read through the web app as the web function serves it (one page per request,
 * the download whole or in parts). Prints, per step, the wall time, this process's CPU time and its heap and
 * RSS, and checks that every answer stays under the web function's 6 MB and that the parts hold every guest
 * once. The wall times are DynamoDB Local's on this machine, not DynamoDB's.
 *
 *   npm run bench:aws-list                       # 100,000 guests
 *   npm run bench:aws-list -- --guests 10000,100000
 */
import { BatchWriteItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import pino from "pino";
import { DynamoGuestStore } from "../adapters/aws/dynamo-guest-store.ts";
import {
  createGuestTable,
  eventPk,
  guestItem,
  rosterMarkSk,
  rosterMarkStride,
} from "../adapters/aws/guest-table.ts";
import { type EventRecord, partiesOf } from "../contracts/event.ts";
import type { GuestRecord, GuestStatus } from "../contracts/guest.ts";
import { encodeGuestListCursor } from "../contracts/guest-list-cursor.ts";
import { createEventRecord } from "../core/event-factory.ts";
import { hashHostToken, mintHostToken } from "../core/host-token.ts";
import { systemClock } from "../core/ports.ts";
import { createWebApp } from "../producers/web/app.ts";
import { dynamoLocalClient, startDynamoLocal } from "../runtime/dynamo-local.ts";
import { guestOf as guestFixture } from "../test/helpers/guest-fixtures.ts";

const lambdaAnswerBytes = 6 * 1024 * 1024;

function guestsArg(): number[] {
  const at = process.argv.indexOf("--guests");
  const text = at >= 0 ? (process.argv[at + 1] ?? "") : "100000";
  return text.split(",").map((n) => Number(n.replaceAll("_", "")));
}

/**
 * Guest n: confirmed while seats last, then waitlisted, every 7th cancelled; a millisecond apart (the tests'
 * guest fixture, test/helpers/guest-fixtures.ts, with guest n's id, name, address, place in line and time).
 */
function guestOf(event: EventRecord, n: number, seats: number): GuestRecord {
  const status: GuestStatus = n % 7 === 3 ? "cancelled" : n < seats ? "confirmed" : "waitlisted";
  return guestFixture(
    event,
    status,
    {
      guestId: `g${String(n).padStart(7, "0")}x${(n * 7919) % 9973}`,
      name: `Guest ${n}`,
      email: `guest${n}@example.org`,
      emailKey: `guest${n}@example.org`,
      waitlistSeq: status === "waitlisted" ? n : null,
      version: 1,
    },
    { at: new Date(Date.parse(event.createdAt) + 1 + n), change: { commandId: `c${n}` } },
  );
}

interface Step {
  what: string;
  ms: number;
  cpuMs: number;
  heapMb: number;
  rssMb: number;
  bytes: number;
}

async function measured(what: string, run: () => Promise<number>): Promise<Step> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const bytes = await run();
  const used = process.cpuUsage(cpu);
  const mem = process.memoryUsage();
  const step = {
    what,
    ms: performance.now() - t0,
    cpuMs: (used.user + used.system) / 1000,
    heapMb: mem.heapUsed / 2 ** 20,
    rssMb: mem.rss / 2 ** 20,
    bytes,
  };
  // Said as it is measured: a long list's steps take minutes on DynamoDB Local.
  console.log(
    `  ${what.padEnd(28)} ${(step.ms / 1000).toFixed(2).padStart(7)} s wall  ${(step.cpuMs / 1000).toFixed(2).padStart(6)} s CPU  ${(bytes / 2 ** 20).toFixed(1).padStart(6)} MB out  heap ${step.heapMb.toFixed(0)} MB  rss ${step.rssMb.toFixed(0)} MB`,
  );
  return step;
}

async function benchOne(endpoint: string, guests: number): Promise<Step[]> {
  const client = dynamoLocalClient(endpoint, 8);
  const tableName = `bench-list-${guests}-${Date.now()}`;
  await createGuestTable(client, tableName);
  const store = new DynamoGuestStore({ client, tableName });
  const hostToken = mintHostToken();
  const now = new Date();
  const startsAt = new Date(now.getTime() + 30 * 86_400_000).toISOString().slice(0, 16);
  const seats = Math.floor(guests / 3);
  const created = createEventRecord(
    {
      eventId: `ev-bench-${guests}`,
      name: "Bench party",
      startsAtLocal: startsAt,
      timeZone: "UTC",
      capacity: Math.max(1, seats),
      hostTokenHash: hashHostToken(hostToken),
    },
    now,
  );
  const waiting = Array.from({ length: guests }, (_, n) => n).filter((n) => n % 7 !== 3 && n >= seats).length;
  const confirmed = Array.from({ length: Math.min(seats, guests) }, (_, n) => n).filter(
    (n) => n % 7 !== 3,
  ).length;
  const event: EventRecord = {
    ...created,
    confirmed,
    waitlisted: waiting,
    parties: { ...partiesOf(created), confirmed, waitlisted: waiting },
    // Counted as the keeper counts them, with its part marks below: the page of parts reads them by key.
    rosterSize: guests,
  };
  await store.createEvent(event);
  const seedStart = performance.now();
  const batches: Promise<unknown>[] = [];
  for (let i = 0; i < guests; i += rosterMarkStride) {
    const items = Array.from({ length: Math.min(rosterMarkStride, guests - i) }, (_, j) => i + j).flatMap(
      (n) => {
        const guest = guestOf(event, n, seats);
        // The (n+1)-th guest written, every rosterMarkStride-th: the mark the keeper's commit would put.
        const mark =
          (n + 1) % rosterMarkStride === 0
            ? [
                marshall({
                  pk: eventPk(event.eventId),
                  sk: rosterMarkSk(n + 1),
                  at: guest.createdAt,
                  guestId: guest.guestId,
                }),
              ]
            : [];
        return [guestItem(guest), ...mark];
      },
    );
    batches.push(
      client.send(
        new BatchWriteItemCommand({
          RequestItems: { [tableName]: items.map((Item) => ({ PutRequest: { Item } })) },
        }),
      ),
    );
    if (batches.length === 8) await Promise.all(batches.splice(0));
  }
  await Promise.all(batches);
  console.log(
    `  seeded ${guests.toLocaleString("en")} guests in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
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
    const body = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.toString().slice(0, 200)}`);
    if (body.length > lambdaAnswerBytes)
      throw new Error(`${path}: ${body.length} bytes, over a Lambda answer`);
    return body.toString("utf8");
  };
  const host = `/h/${hostToken}`;
  const steps: Step[] = [];
  let firstPage = "";
  steps.push(
    await measured("first page", async () => {
      firstPage = await get(`${host}/guests`);
      return Buffer.byteLength(firstPage);
    }),
  );
  const nextOf = (page: string) =>
    /<a class="button secondary" href="([^"]+)" rel="next">/.exec(page)?.[1]?.replaceAll("&amp;", "&");
  const pageAfter = (n: number) => {
    const g = guestOf(event, n, seats);
    const cursor = encodeGuestListCursor({
      e: event.eventId,
      d: "after",
      c: g.createdAt,
      g: g.guestId,
      n: n + 1,
    });
    return `${host}/guests?after=${cursor}`;
  };
  steps.push(
    await measured("the next page", async () =>
      Buffer.byteLength(await get(nextOf(firstPage) ?? pageAfter(0))),
    ),
  );
  const late = Math.max(0, guests - 1_000);
  steps.push(
    await measured(`the page after guest ${late.toLocaleString("en")}`, async () =>
      Buffer.byteLength(await get(pageAfter(late))),
    ),
  );
  // Every page, next by next, only for a short list: each page walks the line to its last waitlisted guest.
  if (guests <= 20_000) {
    let page = firstPage;
    steps.push(
      await measured("every page, next by next", async () => {
        let bytes = 0;
        for (let next = nextOf(page); next; next = nextOf(page)) {
          page = await get(next);
          bytes += Buffer.byteLength(page);
        }
        return bytes;
      }),
    );
  }
  let exportPage = "";
  steps.push(
    await measured("download page (parts found)", async () => {
      exportPage = await get(`${host}/guests.csv`);
      return Buffer.byteLength(exportPage);
    }),
  );
  const parts = [...exportPage.matchAll(/href="([^"]+)" download>/g)].map((m) =>
    m[1]!.replaceAll("&amp;", "&"),
  );
  const single = parts.length === 0;
  let rows = 0;
  steps.push(
    await measured(single ? "the CSV (one file)" : `all ${parts.length} parts`, async () => {
      if (single) {
        rows = exportPage.split("\n").length - 2;
        return Buffer.byteLength(exportPage);
      }
      let bytes = 0;
      for (const part of parts) {
        const csv = await get(part);
        bytes += Buffer.byteLength(csv);
        rows += csv.split("\n").length - 2;
      }
      return bytes;
    }),
  );
  if (rows !== guests) throw new Error(`the download holds ${rows} rows, not ${guests}`);
  console.log(`  ${single ? "one file" : `${parts.length} parts`} holding ${rows.toLocaleString("en")} rows`);
  client.destroy();
  return steps;
}

const dynamo = await startDynamoLocal();
try {
  for (const guests of guestsArg()) {
    console.log(`\n${guests.toLocaleString("en")} guests (DynamoDB Local)`);
    await benchOne(dynamo.endpoint, guests);
  }
} finally {
  await dynamo.stop();
}
