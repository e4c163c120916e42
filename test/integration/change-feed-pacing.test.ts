import pino from "pino";
import { describe, expect, it } from "vitest";
import { SqliteChangeFeed } from "../../adapters/local/sqlite-change-feed.ts";
import { openDatabase } from "../../adapters/local/sqlite-database.ts";
import { SqliteGuestStore } from "../../adapters/local/sqlite-guest-store.ts";
import type { ChangeRecord } from "../../contracts/change.ts";
import { ChangeFeedLoop } from "../../runtime/embedded/change-feed-loop.ts";
import { newEvent } from "../helpers/factories.ts";

const silent = pino({ level: "silent" });

describe("the change feed under load (rsvp start during a rush)", () => {
  it("delivers small pages while requests arrive, then everything, in order, once they stop", async () => {
    const db = openDatabase(":memory:");
    const store = new SqliteGuestStore(db);
    const created: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      const event = newEvent();
      created.push(event.eventId);
      await store.createEvent(event);
    }
    let loaded = true;
    const pages: (readonly ChangeRecord[])[] = [];
    let firstPage: () => void = () => {};
    const gotFirstPage = new Promise<void>((resolve) => {
      firstPage = resolve;
    });
    const loop = new ChangeFeedLoop(
      new SqliteChangeFeed(db),
      [
        {
          name: "recorder",
          handle: async (changes) => {
            pages.push(changes);
            firstPage();
          },
        },
      ],
      silent,
      500,
      // After its first page, the feed owes a rest far longer than this test: it waits for the load to end.
      { underLoad: () => loaded, pageSize: 5, restRatio: 1e9 },
    );
    loop.start();
    try {
      await gotFirstPage;
      expect(pages[0]).toHaveLength(5);

      loaded = false;
      await loop.idle();
      const delivered = pages.flat().map((c) => (c.new as { eventId: string }).eventId);
      expect(delivered).toEqual(created);
    } finally {
      await loop.stop();
      db.close();
    }
  });

  it("sizes each page by the time the handler took a change, so slow emails never hold the keeper's thread long", async () => {
    const db = openDatabase(":memory:");
    const store = new SqliteGuestStore(db);
    const created: string[] = [];
    for (let i = 0; i < 40; i += 1) {
      const event = newEvent();
      created.push(event.eventId);
      await store.createEvent(event);
    }
    // The handler's clock: every change it handles takes 10 ms of it (a confirmation email with a QR code).
    let now = 0;
    const pages: (readonly ChangeRecord[])[] = [];
    const loop = new ChangeFeedLoop(
      new SqliteChangeFeed(db),
      [
        {
          name: "slow mailer",
          handle: async (changes) => {
            now += 10 * changes.length;
            pages.push(changes);
          },
        },
      ],
      silent,
      500,
      { underLoad: () => false, pageSize: 50, restRatio: 9, pageMs: 50, now: () => now },
    );
    loop.start();
    try {
      await loop.idle();
      // A first page of 10 (its time per change unknown yet), then pages of 50 ms: 5 changes each.
      expect(pages.map((p) => p.length)).toEqual([10, 5, 5, 5, 5, 5, 5]);
      const delivered = pages.flat().map((c) => (c.new as { eventId: string }).eventId);
      expect(delivered).toEqual(created);
    } finally {
      await loop.stop();
      db.close();
    }
  });
});
