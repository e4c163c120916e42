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
 * `rsvp import` queues a whole file in one transaction on the data dir's queue (one durable write, all rows or
 * none). A running `rsvp start` writes the same file: every transaction waits for its write lock, and while the
 * keeper works through the rows already queued it holds that lock almost all the time, so an import in chunks
 * of 500 waited for it 200 times and, under load, gave up with "database is locked".
 */
export const embeddedImportChunkSize = Number.MAX_SAFE_INTEGER;

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
