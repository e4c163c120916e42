import { checkDatabase, DatabaseCorruptError } from "../adapters/local/data-dir.ts";
import { SqliteDeadLetters } from "../adapters/local/sqlite-dead-letters.ts";
import type { SqliteGuestStore } from "../adapters/local/sqlite-guest-store.ts";
import type { EventRecord } from "../contracts/event.ts";
import type { AuditLog, CommandQueue, DeadLetters } from "../core/ports.ts";
import { databasePath, type Stores } from "../runtime/embedded/stores.ts";
import { auditHandler } from "../streams/audit-handler.ts";
import { handlerNames } from "../streams/change-handlers.ts";
import { requireEvent, withStores } from "./data-dir.ts";
import type { Deployment } from "./deployment.ts";
import { CliError } from "./errors.ts";
import { offlineBaseUrl } from "./options.ts";

/**
 * Audits the changes the change feed holds that the audit handler has not seen yet: a server that is not
 * running (or crashed) leaves them there, and the trail must be whole before anyone reads it.
 */
export async function deliverPendingAudit(stores: Stores): Promise<number> {
  const handle = auditHandler(stores.audit);
  let delivered = 0;
  for (;;) {
    const page = stores.feed.read(handlerNames.audit, 500);
    if (!page) return delivered;
    await handle(page.changes);
    // A server on the same data dir may have moved the checkpoint further meanwhile: never move it back.
    if (stores.feed.checkpoint(handlerNames.audit) < page.lastSeq)
      stores.feed.commit(handlerNames.audit, page.lastSeq);
    delivered += page.changes.length;
  }
}

/**
 * `rsvp import` queues a file on the data dir's queue in transactions of this many rows: most files in one
 * (one durable write, all rows or none), a 100,000-row file in four. A running `rsvp start` writes the same
 * file, and each transaction holds the write lock while it lasts: the server's request thread waits for it
 * (at load 14, 100,000 rows took 4-5 s to insert, as long as its busy timeout). In chunks of 500 the importer
 * waited for the lock 200 times, against a keeper that holds it almost all the time while it works through
 * the rows already queued, and under load gave up with "database is locked".
 */
export const embeddedImportChunkSize = 25_000;

/**
 * How long the CLI's writes to a data dir wait for the write lock (see `queueingConnection`): a running keeper
 * applying a backlog holds it batch after batch, and lets another process in for sure only once it is idle.
 */
export const cliLockWaitMs = 60_000;

/**
 * The CLI's connection prepared for queueing: it waits up to `cliLockWaitMs` for the write lock, instead of the
 * server's 5 s, so a command queued beside a busy server waits for it rather than failing.
 */
export function queueingConnection(stores: Pick<Stores, "db">): void {
  stores.db.exec(`PRAGMA busy_timeout = ${cliLockWaitMs}`);
}

/** The embedded runtime's data dir as a deployment: its SQLite stores, on one connection. */
export class EmbeddedDeployment implements Deployment {
  readonly stores: Stores;
  readonly where: string;
  readonly queueing = {
    chunkSize: embeddedImportChunkSize,
    appliedBy: "a running rsvp applies them within a second, otherwise the next `rsvp start` does",
  };

  constructor(stores: Stores, dataDir: string) {
    this.stores = stores;
    this.where = dataDir;
  }

  async guestStore(): Promise<SqliteGuestStore> {
    return this.stores.store;
  }

  async auditLog(): Promise<AuditLog> {
    await deliverPendingAudit(this.stores);
    return this.stores.audit;
  }

  async commandQueue(): Promise<CommandQueue> {
    queueingConnection(this.stores);
    return this.stores.queue;
  }

  async deadLetters(): Promise<DeadLetters> {
    return new SqliteDeadLetters(this.stores.queue);
  }

  requireEvent(eventId: string): Promise<EventRecord> {
    return requireEvent(this.stores, eventId, this.where);
  }

  async linkBase(options: { baseUrl?: string }): Promise<string | null> {
    return offlineBaseUrl(options.baseUrl);
  }

  checkStorage(): void {
    try {
      checkDatabase(this.stores.db, databasePath(this.where));
    } catch (error) {
      if (error instanceof DatabaseCorruptError) throw new CliError(error.message, 3);
      throw error;
    }
  }
}

/**
 * Opens a data dir's stores for one command and closes them after. Safe while `rsvp start` runs on the same dir:
 * SQLite in WAL mode lets readers in beside the server, and writers wait on the busy timeout. Without `create`,
 * a data dir without rsvp's database is refused, so a typo in --data conjures no empty one.
 */
export async function withEmbedded<T>(
  dataDir: string,
  fn: (deployment: EmbeddedDeployment) => Promise<T>,
  { create = false }: { create?: boolean } = {},
): Promise<T> {
  return withStores(dataDir, (stores) => fn(new EmbeddedDeployment(stores, dataDir)), { create });
}
