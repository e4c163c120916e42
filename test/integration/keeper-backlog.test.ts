import pino from "pino";
import { describe, expect, it } from "vitest";
import { systemClock } from "../../core/ports.ts";
import { KeeperLoop } from "../../runtime/embedded/keeper-loop.ts";
import { hostedEvent, register } from "../helpers/factories.ts";
import { scratchDataDir } from "../helpers/scratch-data-dir.ts";

const data = scratchDataDir("keeper-backlog");

describe("the keeper's backlog batches", () => {
  it("take up to the backlog size while it says so, else the usual size; seats and line stay in list order", async () => {
    const { db, store, queue } = data.open();
    const { event } = hostedEvent({ capacity: 20 });
    await store.createEvent(event);
    const commands = Array.from({ length: 60 }, (_, i) => register(event.eventId, `guest${i}@example.org`));
    await queue.send(commands);
    let backlog = false;
    const keeper = new KeeperLoop({
      db,
      queue,
      store,
      clock: systemClock,
      logger: pino({ level: "silent" }),
      batchSize: 10,
      backlogBatch: { size: 45, when: () => backlog },
    });

    expect(keeper.processOnce()).toBe(true);
    expect(queue.depth()).toBe(50);
    backlog = true;
    expect(keeper.processOnce()).toBe(true);
    expect(queue.depth()).toBe(5);
    expect(keeper.processOnce()).toBe(true);
    expect(queue.depth()).toBe(0);

    const guests = await store.listGuests(event.eventId);
    const byEmail = new Map(guests.map((g) => [g.email, g]));
    const statuses = commands.map((c) => byEmail.get("email" in c ? c.email : "")?.status);
    expect(statuses).toEqual([...Array(20).fill("confirmed"), ...Array(40).fill("waitlisted")]);
    const line = commands.slice(20).map((c) => byEmail.get("email" in c ? c.email : "")?.waitlistSeq);
    expect(line).toEqual([...line].sort((a, b) => (a ?? 0) - (b ?? 0)));
    expect(await store.getEvent(event.eventId)).toMatchObject({ confirmed: 20, waitlisted: 40 });
  });
});
