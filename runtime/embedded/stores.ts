import { join } from "node:path";
import { SqliteAuditLog } from "../../adapters/local/sqlite-audit-log.ts";
import { SqliteChangeFeed } from "../../adapters/local/sqlite-change-feed.ts";
import { SqliteCommandQueue } from "../../adapters/local/sqlite-command-queue.ts";
import { openDatabase } from "../../adapters/local/sqlite-database.ts";
import { SqliteGuestStore } from "../../adapters/local/sqlite-guest-store.ts";
import { SqliteTimers } from "../../adapters/local/sqlite-timers.ts";

/** The path of the database in a data dir. */
export const databasePath = (dataDir: string) => join(dataDir, "rsvp.db");

/** Opens the data dir's stores on one connection, without starting any loop (also for CLI reads and writes). */
export function openStores(dataDir: string) {
  const db = openDatabase(databasePath(dataDir));
  return {
    db,
    store: new SqliteGuestStore(db),
    queue: new SqliteCommandQueue(db),
    audit: new SqliteAuditLog(db),
    feed: new SqliteChangeFeed(db),
    timers: new SqliteTimers(db),
  };
}

export type Stores = ReturnType<typeof openStores>;
