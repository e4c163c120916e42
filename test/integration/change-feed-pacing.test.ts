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
});
