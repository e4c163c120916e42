import {
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DynamoGuestStore } from "../../adapters/aws/dynamo-guest-store.ts";
import {
  createGuestTable,
  eventPk,
  META,
  rosterIndex,
  rosterMarkSk,
} from "../../adapters/aws/guest-table.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import type { GuestListKey, GuestListMarks } from "../../core/guest-list-reads.ts";
import { applyCommands } from "../../core/keeper.ts";
import { dynamoLocalClient, uniqueTableName } from "../helpers/dynamo-local.ts";
import { fakeClock, hostedEvent, register } from "../helpers/factories.ts";
import { type TestWebApp, webAppOver } from "../helpers/web-app.ts";

const keyOf = (g: GuestRecord): GuestListKey => ({ createdAt: g.createdAt, guestId: g.guestId });
const ids = (guests: readonly GuestRecord[]) => guests.map((g) => g.guestId);

/**
 * A client that counts the roster index's keys each Query returns (the SDK boundary): how much of the list a
 * read walked.
 */
function countingClient(client: DynamoDBClient): { client: DynamoDBClient; rosterKeysRead: () => number } {
  let read = 0;
  const counting = {
    send: async (command: unknown) => {
      const out = await client.send(command as QueryCommand);
      if (command instanceof QueryCommand && command.input.IndexName === rosterIndex)
        read += (out as { Items?: unknown[] }).Items?.length ?? 0;
      return out;
    },
  } as unknown as DynamoDBClient;
  return { client: counting, rosterKeysRead: () => read };
}

/**
 * The download's part marks on DynamoDB Local, written by the real keeper: the event counts its guest rows
 * (`rosterSize`) and every 20th guest's row comes with a `ROSTER#<n>` mark in the same transaction, so the page
 * of parts reads its marks by key instead of walking the roster; a part is the range between two marks, so the
 * parts hold every guest exactly once, also while guests register during the download.
 */
const endpoint = inject("dynamoEndpoint");
describe.skipIf(endpoint === null)("the download's part marks on DynamoDB Local", () => {
  const client = dynamoLocalClient(endpoint ?? "http://unused");
  const counted = countingClient(client);
  const tableName = uniqueTableName("marks");
  const store = new DynamoGuestStore({ client: counted.client, tableName });
  const clock = fakeClock();
  let n = 0;

  /** `count` registrations through the keeper, `perCall` to a batch (guests of one batch share a time). */
  async function registerMany(eventId: string, count: number, perCall: number) {
    for (let done = 0; done < count; done += perCall) {
      const batch = Array.from({ length: Math.min(perCall, count - done) }, () => {
        n += 1;
        return register(eventId, `guest${n}@example.org`, `Guest ${n}`, { issuedAt: clock.now() });
      });
      await applyCommands(store, eventId, batch, clock);
      clock.advance(1);
    }
  }

  async function newEvent(): Promise<{ event: EventRecord; hostToken: string }> {
    const { event, hostToken } = hostedEvent({ capacity: 40, now: clock.now() });
    expect(await store.createEvent(event)).toBe(true);
    return { event, hostToken };
  }

  /** The marks the whole list gives: the key of every `every`-th guest in registration order. */
  const marksOf = (whole: readonly GuestRecord[], every: number): GuestListMarks => ({
    count: whole.length,
    marks: whole.filter((_, i) => (i + 1) % every === 0).map(keyOf),
  });

  /** Every part between the marks, read as the download reads them. */
  async function partsOf(eventId: string, marks: GuestListMarks, every: number) {
    const parts: GuestRecord[][] = [];
    const count = Math.ceil(marks.count / every);
    for (let i = 0; i < count; i += 1) {
      const after = i === 0 ? undefined : marks.marks[i - 1];
      const through = i === count - 1 ? undefined : marks.marks[i];
      const part = await store.guestListPart(eventId, {
        most: every * 2,
        ...(after ? { after } : {}),
        ...(through ? { through } : {}),
      });
      expect(part.hasNext).toBe(false);
      parts.push([...part.guests]);
    }
    return parts;
  }

  let event: EventRecord;
  let whole: GuestRecord[];
  beforeAll(async () => {
    await createGuestTable(client, tableName);
    ({ event } = await newEvent());
    // 250 guests in batches of 1 to 30: marks fall inside batches, at their ends and between them.
    for (const perCall of [1, 7, 30, 13, 1, 30]) await registerMany(event.eventId, perCall * 5, perCall);
    whole = await store.listGuests(event.eventId);
  }, 120_000);
  afterAll(() => client.destroy());

  it("counts every guest row the keeper writes, and marks every 20th in registration order", async () => {
    expect(whole.length).toBe(410);
    expect((await store.getEvent(event.eventId))?.rosterSize).toBe(410);
    const mark = await client.send(
      new GetItemCommand({
        TableName: tableName,
        Key: marshall({ pk: eventPk(event.eventId), sk: rosterMarkSk(40) }),
        ConsistentRead: true,
      }),
    );
    expect(mark.Item?.guestId?.S).toBe(whole[39]?.guestId);
    expect(mark.Item?.at?.S).toBe(whole[39]?.createdAt);
  });

  it("finds the page of parts' marks by key, reading fewer index keys than one part, the same as a walk", async () => {
    for (const every of [20, 40, 100, 400, 500]) {
      const before = counted.rosterKeysRead();
      expect(await store.guestListMarks(event.eventId, every)).toEqual(marksOf(whole, every));
      // Only the index's keys from the last mark's time on (to check the count), never the list: fewer than a
      // part, plus the guests of the mark's own keeper batch (at most 30) that came before it.
      expect(counted.rosterKeysRead() - before).toBeLessThan(every + 30);
    }
  });

  it("falls back to walking the roster for a part size off the marks' stride", async () => {
    const before = counted.rosterKeysRead();
    expect(await store.guestListMarks(event.eventId, 30)).toEqual(marksOf(whole, 30));
    expect(counted.rosterKeysRead() - before).toBeGreaterThanOrEqual(410);
  });

  it("reads parts between the marks that hold every guest once, in registration order", async () => {
    for (const every of [20, 60, 100]) {
      const marks = await store.guestListMarks(event.eventId, every);
      const parts = await partsOf(event.eventId, marks, every);
      expect(parts.map((p) => p.length).slice(0, -1)).toEqual(
        Array.from({ length: parts.length - 1 }, () => every),
      );
      expect(ids(parts.flat())).toEqual(ids(whole));
    }
  });

  it("keeps the parts exact while guests register during the download: newcomers land in the last part only", async () => {
    const { event: busy } = await newEvent();
    await registerMany(busy.eventId, 95, 9);
    const listed = await store.listGuests(busy.eventId);
    const marks = await store.guestListMarks(busy.eventId, 20);
    expect(marks.count).toBe(95);
    const parts: GuestRecord[][] = [];
    for (let i = 0; i < 5; i += 1) {
      // 37 more register after the second part, some in the same millisecond as each other.
      if (i === 2) await registerMany(busy.eventId, 37, 6);
      const part = await store.guestListPart(busy.eventId, {
        most: 100,
        ...(i > 0 ? { after: marks.marks[i - 1]! } : {}),
        ...(i < 4 ? { through: marks.marks[i]! } : {}),
      });
      expect(part.hasNext).toBe(false);
      parts.push([...part.guests]);
    }
    const downloaded = parts.flat();
    const now = await store.listGuests(busy.eventId);
    expect(ids(downloaded)).toEqual(ids(now));
    expect(new Set(ids(downloaded)).size).toBe(132);
    // The parts before the last hold exactly the guests the page counted; the newcomers are all in the last.
    expect(parts.map((p) => p.length)).toEqual([20, 20, 20, 20, 15 + 37]);
    expect(ids(parts.slice(0, 4).flat())).toEqual(ids(listed.slice(0, 80)));
  });

  it("says a part holds more than asked when the list outgrew it", async () => {
    const part = await store.guestListPart(event.eventId, { most: 100, after: keyOf(whole[99]!) });
    expect(part).toMatchObject({ guests: [], hasNext: true, hasPrevious: true });
  });

  it("walks the roster for an event from before the count, and for a count the index contradicts", async () => {
    const { event: old } = await newEvent();
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: marshall({ pk: eventPk(old.eventId), sk: META }),
        UpdateExpression: "REMOVE rosterSize",
      }),
    );
    await registerMany(old.eventId, 45, 10);
    const oldList = await store.listGuests(old.eventId);
    expect((await store.getEvent(old.eventId))?.rosterSize).toBeUndefined();
    expect(await store.guestListMarks(old.eventId, 20)).toEqual(marksOf(oldList, 20));

    // Rows written around the keeper (a copy, a bench): the count says 45 but the index holds more.
    const { event: copied } = await newEvent();
    await registerMany(copied.eventId, 45, 15);
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: marshall({ pk: eventPk(copied.eventId), sk: META }),
        UpdateExpression: "SET rosterSize = :zero",
        ExpressionAttributeValues: marshall({ ":zero": 0 }),
      }),
    );
    const copiedList = await store.listGuests(copied.eventId);
    expect(await store.guestListMarks(copied.eventId, 20)).toEqual(marksOf(copiedList, 20));
  });

  describe("through the web app", () => {
    let app: TestWebApp;
    beforeAll(() => {
      app = webAppOver({ store, queue: { send: async () => {} } });
    });
    const get = (path: string) => Promise.resolve(app.request(path, { headers: { accept: "text/html" } }));
    const namesIn = (csv: string) =>
      csv
        .split("\n")
        .slice(1)
        .filter((line) => line.length > 0)
        .map((line) => line.split(",")[0]);

    it("lists the parts from the marks, and the parts, downloaded while guests register, hold each guest once", async () => {
      const { event: live, hostToken: token } = await newEvent();
      await registerMany(live.eventId, 100, 11);
      const before = counted.rosterKeysRead();
      const page = await (await get(`/h/${token}/guests.csv?per=40`)).text();
      expect(counted.rosterKeysRead() - before).toBeLessThan(40);
      const links = [...page.matchAll(/<a class="button secondary" href="([^"]+)" download>([^<]+)<\/a>/g)];
      expect(links.map((m) => m[2])).toEqual([
        "Part 1: guests 1–40",
        "Part 2: guests 41–80",
        "Part 3: guests 81–100",
      ]);
      const csv: string[] = [];
      for (const [i, [, href]] of links.entries()) {
        if (i === 1) await registerMany(live.eventId, 12, 5);
        const res = await get(href!.replaceAll("&amp;", "&"));
        expect(res.status).toBe(200);
        csv.push(await res.text());
      }
      const names = csv.flatMap(namesIn);
      const now = await store.listGuests(live.eventId);
      expect(names).toEqual(now.map((g) => g.name));
      expect(new Set(names).size).toBe(112);
      expect(csv.map((c) => namesIn(c).length)).toEqual([40, 40, 32]);
    });

    it("sends the host back to the page of parts when the last part outgrew what it may hold", async () => {
      const { event: live, hostToken: token } = await newEvent();
      await registerMany(live.eventId, 50, 10);
      const page = await (await get(`/h/${token}/guests.csv?per=20`)).text();
      const last = [...page.matchAll(/href="([^"]+)" download>/g)].at(-1)?.[1]?.replaceAll("&amp;", "&");
      await registerMany(live.eventId, 40, 10);
      const res = await get(last!);
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe(`/h/${token}/guests.csv?per=20`);
    });
  });
});
