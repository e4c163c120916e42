import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { GuestRecord } from "../../contracts/guest.ts";
import type { GuestListKey } from "../../core/guest-list-reads.ts";
import { guestListRows } from "../../producers/host/guest-list.ts";
import { dynamoLocalClient } from "../helpers/dynamo-local.ts";
import { type SeededLists, seedLists } from "../helpers/roster-seed.ts";

const keyOf = (g: GuestRecord): GuestListKey => ({ createdAt: g.createdAt, guestId: g.guestId });

/**
 * The DynamoDB guest list a page at a time (adapters/aws/dynamo-guest-roster.ts), against the same 1,050 guests
 * the keeper decided on SQLite: pages of 500 cross their boundaries in registration order, forward and back,
 * with no guest twice or lost, and the places in line the whole list gives.
 */
const endpoint = inject("dynamoEndpoint");
describe.skipIf(endpoint === null)("the guest list in pages on DynamoDB Local", () => {
  const client = dynamoLocalClient(endpoint ?? "http://unused");
  let seeded: SeededLists;
  let whole: GuestRecord[];
  beforeAll(async () => {
    seeded = await seedLists(client, { guests: 1_050, capacity: 300 });
    whole = await seeded.sqlite.listGuests(seeded.event.eventId);
  }, 120_000);
  afterAll(() => client.destroy());

  it("pages 1,050 guests by 500 forward in registration order, each guest once, as SQLite lists them", async () => {
    const { dynamo, event } = seeded;
    const first = await dynamo.guestListWindow(event.eventId, { size: 500 });
    expect([first.guests.length, first.hasPrevious, first.hasNext]).toEqual([500, false, true]);
    const second = await dynamo.guestListWindow(event.eventId, {
      size: 500,
      after: keyOf(first.guests[499]!),
    });
    expect([second.guests.length, second.hasPrevious, second.hasNext]).toEqual([500, true, true]);
    const third = await dynamo.guestListWindow(event.eventId, {
      size: 500,
      after: keyOf(second.guests[499]!),
    });
    expect([third.guests.length, third.hasPrevious, third.hasNext]).toEqual([50, true, false]);

    const paged = [...first.guests, ...second.guests, ...third.guests];
    expect(new Set(paged.map((g) => g.guestId)).size).toBe(1_050);
    expect(paged.map((g) => g.guestId)).toEqual(whole.map((g) => g.guestId));
    // The rows as stored: the same records the SQLite store holds.
    expect(paged).toEqual(whole);
  });

  it("pages back: the page before a page is the one before it, and near the start the first page, full", async () => {
    const { dynamo, event } = seeded;
    const before = (g: GuestRecord) => dynamo.guestListWindow(event.eventId, { size: 500, before: keyOf(g) });
    const ids = (gs: readonly GuestRecord[]) => gs.map((g) => g.guestId);

    const page2 = await before(whole[1_000]!);
    expect(ids(page2.guests)).toEqual(ids(whole.slice(500, 1_000)));
    expect([page2.hasPrevious, page2.hasNext]).toEqual([true, true]);
    const page1 = await before(whole[500]!);
    expect(ids(page1.guests)).toEqual(ids(whole.slice(0, 500)));
    expect([page1.hasPrevious, page1.hasNext]).toEqual([false, true]);
    // Fewer than a page before guest 321: the first page, full, rather than 320 guests.
    const short = await before(whole[320]!);
    expect(ids(short.guests)).toEqual(ids(whole.slice(0, 500)));
    expect(short.hasPrevious).toBe(false);
  });

  it("gives each waitlisted guest on a page their place in line, as the whole list does", async () => {
    const { dynamo, event } = seeded;
    const expected = new Map(
      guestListRows(whole)
        .filter((r) => r.waitlistPosition !== null)
        .map((r) => [r.guestId, r.waitlistPosition]),
    );
    expect(expected.size).toBeGreaterThan(600);
    const seen = new Map<string, number>();
    let after: GuestListKey | undefined;
    for (;;) {
      const page = await dynamo.guestListWindow(event.eventId, { size: 500, ...(after ? { after } : {}) });
      for (const [id, place] of page.waitlistPositions) seen.set(id, place);
      if (!page.hasNext) break;
      after = keyOf(page.guests[page.guests.length - 1]!);
    }
    expect(seen).toEqual(expected);
  });

  it("counts the list and marks every 500th guest from the index's keys alone", async () => {
    const { dynamo, event } = seeded;
    const marks = await dynamo.guestListMarks(event.eventId, 500);
    expect(marks.count).toBe(1_050);
    expect(marks.marks).toEqual([keyOf(whole[499]!), keyOf(whole[999]!)]);
  });

  it("pages through guests registered in one keeper batch (equal times) without repeating or skipping one", async () => {
    const ties = await seedLists(client, { guests: 23, capacity: 5, perCall: 6 });
    const all = await ties.dynamo.listGuests(ties.event.eventId);
    const paged: GuestRecord[] = [];
    let after: GuestListKey | undefined;
    for (;;) {
      const page = await ties.dynamo.guestListWindow(ties.event.eventId, {
        size: 4,
        ...(after ? { after } : {}),
      });
      paged.push(...page.guests);
      if (!page.hasNext) break;
      after = keyOf(page.guests[page.guests.length - 1]!);
    }
    // Each guest once, in registration time; among equal times in the index's order (not told by DynamoDB).
    expect(paged.map((g) => g.guestId).sort()).toEqual(all.map((g) => g.guestId).sort());
    expect(paged.length).toBe(23);
    expect(paged.map((g) => g.createdAt)).toEqual(all.map((g) => g.createdAt));
  });

  it("pages as the SQLite store pages the same guests: the same windows, places in line and marks", async () => {
    const { dynamo, sqlite, event } = seeded;
    const both = async (request: Parameters<typeof dynamo.guestListWindow>[1]) => {
      const [d, s] = await Promise.all([
        dynamo.guestListWindow(event.eventId, request),
        sqlite.guestListWindow(event.eventId, request),
      ]);
      const { statusCounts, ...window } = s;
      expect(window).toEqual(d);
      // SQLite also counts the whole event's guests by status.
      expect(Object.values(statusCounts ?? {}).reduce((a, b) => a + (b ?? 0), 0)).toBe(1_050);
      return d;
    };
    let after: GuestListKey | undefined;
    for (;;) {
      const page = await both({ size: 500, ...(after ? { after } : {}) });
      if (!page.hasNext) break;
      after = keyOf(page.guests[page.guests.length - 1]!);
    }
    for (const at of [1_000, 500, 320]) await both({ size: 500, before: keyOf(whole[at]!) });
    expect(await sqlite.guestListMarks(event.eventId, 500)).toEqual(
      await dynamo.guestListMarks(event.eventId, 500),
    );
  });

  it("gives an empty first page for an event nobody registered for", async () => {
    const empty = await seedLists(client, { guests: 0, capacity: 5 });
    const page = await empty.dynamo.guestListWindow(empty.event.eventId, { size: 500 });
    expect(page).toEqual({ guests: [], waitlistPositions: new Map(), hasPrevious: false, hasNext: false });
    expect(await empty.dynamo.guestListMarks(empty.event.eventId, 500)).toEqual({ count: 0, marks: [] });
  });
});
