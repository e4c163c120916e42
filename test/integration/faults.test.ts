import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { openDatabase, storageFault, transaction } from "../../adapters/local/sqlite-database.ts";
import { systemClock } from "../../core/ports.ts";
import { KeeperLoop } from "../../runtime/embedded/keeper-loop.ts";
import { hostedEvent, register } from "../helpers/factories.ts";
import { scratchDataDir } from "../helpers/scratch-data-dir.ts";
import { webAppOver } from "../helpers/web-app.ts";

/**
 * Issue 13 §3: a full disk killed the background for good ("cannot rollback - no transaction is active")
 * while the web kept answering 202 and /healthz said ok. The disk is simulated full with `max_page_count`:
 * the database may not grow, so a write that needs a new page fails with SQLITE_FULL, as on a full disk.
 */

const data = scratchDataDir("faults");

/** Fills every page the database has and forbids it to grow: the next write needing a page is SQLITE_FULL. */
function fillTheDisk(db: DatabaseSync): void {
  db.exec("CREATE TABLE IF NOT EXISTS filler (x BLOB) STRICT");
  const pages = (db.prepare("PRAGMA page_count").get() as { page_count: number }).page_count;
  db.exec(`PRAGMA max_page_count = ${pages}`);
  const insert = db.prepare("INSERT INTO filler VALUES (?)");
  for (const size of [2_000, 200, 20]) {
    try {
      for (;;) insert.run(randomBytes(size));
    } catch (error) {
      expect(storageFault(error)).toMatch(/^SQLITE_FULL/);
    }
  }
}

/** Lets the database grow again, as freeing space on the disk would. */
const freeTheDisk = (db: DatabaseSync) => db.exec("PRAGMA max_page_count = 1073741823");

/** A logger whose lines a test can wait for. */
function listeningLogger() {
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const logger = pino(
    { level: "info" },
    {
      write(line: string) {
        for (const w of waiters.filter((w) => w.pattern.test(line))) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      },
    },
  );
  const logged = (pattern: RegExp) => new Promise<string>((resolve) => waiters.push({ pattern, resolve }));
  return { logger, logged };
}

describe("a full disk", () => {
  it("a transaction that fails with SQLITE_FULL reports SQLITE_FULL, not 'cannot rollback - no transaction is active'", () => {
    const db = openDatabase(join(data.dir(), "rsvp.db"));
    try {
      fillTheDisk(db);
      let thrown: unknown = null;
      try {
        transaction(db, () => {
          for (let i = 0; i < 100; i++) db.prepare("INSERT INTO filler VALUES (?)").run(randomBytes(4_000));
        });
      } catch (error) {
        thrown = error;
      }
      expect(storageFault(thrown)).toBe("SQLITE_FULL: database or disk is full");
      expect(db.isTransaction).toBe(false);
      // The connection works on: reads, and writes once there is room.
      freeTheDisk(db);
      transaction(db, () => db.prepare("INSERT INTO filler VALUES (?)").run(randomBytes(10)));
    } finally {
      db.close();
    }
  });

  it("pauses the keeper without losing, repeating or setting aside a command, says why, and it resumes by itself once there is room", async () => {
    const { db, store, queue } = data.open();
    const { event } = hostedEvent({ capacity: 100 });
    await store.createEvent(event);
    const commands = Array.from({ length: 30 }, (_, i) => register(event.eventId, `guest${i}@example.org`));
    await queue.send(commands);
    fillTheDisk(db);

    const { logger, logged } = listeningLogger();
    const keeper = new KeeperLoop({
      db,
      queue,
      store,
      clock: systemClock,
      logger,
      faultBackoff: { firstMs: 5, maxMs: 20 },
    });
    const down = logged(/cannot apply commands/);
    keeper.start();
    try {
      expect(await down).toContain("SQLITE_FULL");
      expect(keeper.fault()).toMatchObject({ reason: "SQLITE_FULL: database or disk is full" });
      expect(queue.depth()).toBeGreaterThan(0);
      expect(queue.listDeadLetters()).toEqual([]);

      freeTheDisk(db);
      await keeper.idle();
      expect(keeper.fault()).toBeNull();
      expect(queue.listDeadLetters()).toEqual([]);
      const guests = await store.listGuests(event.eventId);
      expect(guests).toHaveLength(30);
      expect(new Set(guests.map((g) => g.emailKey)).size).toBe(30);
      expect((await store.getEvent(event.eventId))?.confirmed).toBe(30);
    } finally {
      await keeper.stop();
    }
  });

  it("the web answers 503 with Retry-After when the queue cannot take a registration, /healthz says why, and all it accepted is applied once there is room", async () => {
    const runtime = await data.start({
      http: false,
      logger: pino({ level: "silent" }),
      faultBackoff: { firstMs: 5, maxMs: 20 },
    });
    const { event } = hostedEvent({ capacity: 1_000 });
    await runtime.store.createEvent(event);
    const app = webAppOver(runtime, { health: () => runtime.health() });
    expect((await app.request("/healthz")).status).toBe(200);
    fillTheDisk(runtime.db);

    let accepted = 0;
    let refused: Response | null = null;
    for (let i = 0; i < 2_000 && !refused; i++) {
      const res = await app.request(`/e/${event.eventId}/rsvp`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ name: "Guest", email: `guest${i}@example.org` }),
      });
      if (res.status === 202) accepted += 1;
      else refused = res;
    }
    expect(refused?.status).toBe(503);
    expect(refused?.headers.get("retry-after")).toBe("60");
    expect(await refused?.json()).toEqual({ error: expect.stringContaining("was not recorded") });

    // The queue is full because the keeper cannot write either: /healthz says so.
    expect(runtime.queue.depth()).toBeGreaterThan(0);
    const health = await app.request("/healthz");
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ ok: false, reason: expect.stringContaining("SQLITE_FULL") });

    freeTheDisk(runtime.db);
    await runtime.idle();
    expect((await app.request("/healthz")).status).toBe(200);
    expect(await runtime.store.listGuests(event.eventId)).toHaveLength(accepted);
    expect(runtime.queue.listDeadLetters()).toEqual([]);
  });
});
