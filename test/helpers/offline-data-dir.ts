/**
 * A data dir's tables read and written the way the runtime does, with none running: for tests that drive the
 * CLI or the web app over a data dir and need the keeper's work done, or want to see what was queued.
 */
import type { DatabaseSync } from "node:sqlite";
import type { SqliteCommandQueue } from "../../adapters/local/sqlite-command-queue.ts";
import { transaction } from "../../adapters/local/sqlite-database.ts";
import { Command } from "../../contracts/command.ts";
import { applyCommandsSync } from "../../core/keeper.ts";
import { openStores } from "../../runtime/embedded/embedded-runtime.ts";

/** Applies commands to one event in the data dir as the keeper does, in one transaction, without its change feed. */
export function applyOffline(dataDir: string, eventId: string, commands: readonly Command[], at: Date): void {
  const { db, store } = openStores(dataDir);
  try {
    transaction(db, () => applyCommandsSync(store, eventId, commands, at));
  } finally {
    db.close();
  }
}

/** What is waiting in the queue, oldest first (read straight from the table: the port has no such read). */
export function queuedCommands(db: DatabaseSync): Command[] {
  const rows = db.prepare("SELECT body FROM queue ORDER BY id").all() as { body: string }[];
  return rows.map((r) => Command.parse(JSON.parse(r.body)));
}

/** What is waiting in the data dir's queue, oldest first. */
export function queuedIn(dataDir: string): Command[] {
  const { db } = openStores(dataDir);
  try {
    return queuedCommands(db);
  } finally {
    db.close();
  }
}

/**
 * Sets one event's commands aside as dead letters, as the queue does after their last failed attempt, in one
 * transaction: a keeper running on the same data dir never sees them queued.
 */
export function setAside(
  stores: { db: DatabaseSync; queue: SqliteCommandQueue },
  commands: readonly Command[],
  reason = "simulated outage",
): void {
  const ids = new Set(commands.map((c) => c.commandId));
  transaction(stores.db, () => {
    stores.queue.sendSync(commands);
    for (const m of stores.queue.nextGroupBatch(100)?.messages ?? [])
      if (ids.has(m.command.commandId)) stores.queue.failSync(m.receipt, reason, 1);
  });
}
