import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DynamoGuestStore } from "../../adapters/aws/dynamo-guest-store.ts";
import { createGuestTable } from "../../adapters/aws/guest-table.ts";
import type { EventRecord } from "../../contracts/event.ts";
import { applyCommands } from "../../core/keeper.ts";
import { guestListCsv, guestListRows } from "../../producers/host/guest-list.ts";
import { csvOptionsOf, guestListExportChunks } from "../../producers/web/guest-list-export.ts";
import { dynamoLocalClient, uniqueTableName } from "../helpers/dynamo-local.ts";
import { fakeClock, hostedEvent, register } from "../helpers/factories.ts";

/**
 * The guest list's one file, written part by part between the keeper's marks (DynamoDB Local, guests
 * registered through the real keeper, batches sharing a millisecond): every guest once, in registration
 * order, also when guests register while the file is being written.
 */
const endpoint = inject("dynamoEndpoint");
describe.skipIf(endpoint === null)("the one file written between the marks", () => {
  const client = dynamoLocalClient(endpoint ?? "http://unused");
  const tableName = uniqueTableName("export");
  const store = new DynamoGuestStore({ client, tableName });
  const clock = fakeClock();
  let n = 0;
  let event: EventRecord;

  async function registerMany(count: number, perCall: number) {
    for (let done = 0; done < count; done += perCall) {
      const batch = Array.from({ length: Math.min(perCall, count - done) }, () => {
        n += 1;
        return register(event.eventId, `guest${n}@example.org`, `Guest ${n}`, { issuedAt: clock.now() });
      });
      await applyCommands(store, event.eventId, batch, clock);
      clock.advance(1);
    }
  }

  beforeAll(async () => {
    await createGuestTable(client, tableName);
    ({ event } = hostedEvent({ capacity: 40, now: clock.now() }));
    expect(await store.createEvent(event)).toBe(true);
    for (const perCall of [1, 7, 30, 13]) await registerMany(perCall * 5, perCall);
  }, 120_000);
  afterAll(() => client.destroy());

  const namesIn = (csv: string) => [...csv.matchAll(/^(Guest \d+),/gm)].map((m) => m[1]);

  it("holds the whole list's CSV, written in parts of 40 between the marks", async () => {
    const whole = await store.listGuests(event.eventId);
    expect(whole).toHaveLength(255);
    let csv = "";
    for await (const chunk of guestListExportChunks(store, event, undefined, 40)) csv += chunk;
    expect(csv).toBe(guestListCsv(guestListRows(whole), csvOptionsOf(event)));
  });

  it("holds every guest once when guests register while it is written, the newcomers at the end", async () => {
    const before = (await store.listGuests(event.eventId)).map((g) => g.name);
    const chunks = guestListExportChunks(store, event, undefined, 40);
    let csv = "";
    let parts = 0;
    for await (const chunk of chunks) {
      csv += chunk;
      parts += 1;
      // After the first part, more than two parts' worth of guests arrive: the marks are read again.
      if (parts === 1) await registerMany(100, 9);
    }
    const names = namesIn(csv);
    expect(names).toHaveLength(before.length + 100);
    expect(new Set(names).size).toBe(names.length);
    expect(names.slice(0, before.length)).toEqual(before);
    expect(parts).toBeGreaterThan(Math.ceil((before.length + 100) / 40) - 1);
  });
});
