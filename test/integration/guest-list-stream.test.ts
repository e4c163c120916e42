import pino from "pino";
import { describe, expect, it } from "vitest";
import { guestListCsv, guestListCsvChunks, guestListRows } from "../../producers/host/guest-list.ts";
import type { EmbeddedRuntime } from "../../runtime/embedded/embedded-runtime.ts";
import { cancel, fakeClock, hostedEvent, register } from "../helpers/factories.ts";
import { scratchDataDir } from "../helpers/scratch-data-dir.ts";

/** The host's CSV download is streamed a page at a time from the SQLite store; it must read as the whole list did. */
describe("the guest list read in pages (SQLite)", () => {
  const data = scratchDataDir("guest-list-stream");

  const start = async () => {
    const clock = fakeClock(new Date("2026-11-09T09:00:00.000Z"));
    const runtime = await data.start({ http: false, clock, logger: pino({ level: "silent" }) });
    const { event } = hostedEvent({ capacity: 2, now: clock.now() });
    await runtime.store.createEvent(event);
    return { runtime, eventId: event.eventId };
  };

  const pagedCsv = async (r: EmbeddedRuntime, eventId: string, pageSize: number) => {
    const list = await r.store.guestListPages(eventId, pageSize);
    const chunks: string[] = [];
    for await (const chunk of guestListCsvChunks(list, { bom: true })) chunks.push(chunk);
    return { list, csv: chunks.join("") };
  };

  it("gives the same CSV, places in line and status counts as the whole list", async () => {
    const { runtime: r, eventId } = await start();
    const names = ["Ana", "Bob", "=Carla", "Dan", "Eve", "Frank", "Gina"];
    await r.queue.send(names.map((n) => register(eventId, `${n.replace("=", "")}@example.org`, n)));
    await r.idle();
    const bob = (await r.store.listGuests(eventId)).find((g) => g.name === "Bob")!;
    const dan = (await r.store.listGuests(eventId)).find((g) => g.name === "Dan")!;
    await r.queue.send([cancel(eventId, bob.guestId), cancel(eventId, dan.guestId)]);
    await r.idle();

    const whole = guestListCsv(guestListRows(await r.store.listGuests(eventId)), { bom: true });
    for (const pageSize of [1, 2, 3, 1_000]) {
      const { csv } = await pagedCsv(r, eventId, pageSize);
      expect(csv).toBe(whole);
    }
    const { list } = await pagedCsv(r, eventId, 2);
    const guests = await r.store.listGuests(eventId);
    const counts: Record<string, number> = {};
    for (const g of guests) counts[g.status] = (counts[g.status] ?? 0) + 1;
    expect(list.statusCounts).toEqual(counts);
    expect(whole).toContain("'=Carla");
  });

  it("gives the header alone for an event nobody registered for", async () => {
    const { runtime: r, eventId } = await start();
    const { csv } = await pagedCsv(r, eventId, 10);
    expect(csv).toBe(guestListCsv([], { bom: true }));
    expect(csv.split("\n")[0]).toContain("name,email,status");
  });
});
