import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import { Command } from "../../contracts/command.ts";
import type { CommandQueue, DeadLetter, DeadLetterLookup, QueuedCommand } from "../../core/ports.ts";
import { FileSyncer } from "./file-syncer.ts";
import { busyTimeoutMs, durableTransaction, prepared, storageFault, transaction } from "./sqlite-database.ts";

type Row = Record<string, SQLInputValue>;
interface QueueRow {
  id: number;
  group_id: string;
  dedup_id: string;
  body: string;
  attempts: number;
  last_error: string | null;
}

/** A batch of one group's oldest messages, in order. */
export interface GroupBatch {
  groupId: string;
  messages: QueuedCommand[];
  /** Messages whose body no longer parses as a command: they go straight to the dead letters. */
  unreadable: { receipt: string; error: string }[];
}

/** A send waiting for its group commit. */
interface Pending {
  commands: readonly Command[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** SQLite's "database is locked" (another connection holds the write lock). */
const isBusy = (error: unknown): boolean => storageFault(error)?.startsWith("SQLITE_BUSY:") ?? false;

/**
 * How long a group commit waits, in turns of 1 ms, for the write lock another connection holds (the
 * keeper's batch) before it blocks in SQLite's busy handler as every other write does.
 */
const lockPatienceMs = 1_000;

/** WAL syncs in flight at most: libuv's pool has 4 threads, and the file system calls of the rest need one. */
const maxSyncsInFlight = 3;

/**
 * The embedded command queue: FIFO per event (the message group), deduplicated by command id while a message
 * is queued, with attempts and dead letters after too many failures (kept, listable, replayable).
 */
export class SqliteCommandQueue implements CommandQueue, DeadLetterLookup {
  readonly #db: DatabaseSync;
  readonly #listeners = new Set<() => void>();

  /** The write-ahead log of a file database in WAL mode (what a commit appends to); null: in memory. */
  readonly #walPath: string | null;
  readonly #wal: FileSyncer | null;

  constructor(db: DatabaseSync) {
    this.#db = db;
    const file = db.location();
    const mode = (db.prepare("PRAGMA journal_mode").get() as Row | undefined)?.journal_mode;
    this.#walPath = file && mode === "wal" ? `${file}-wal` : null;
    this.#wal = this.#walPath === null ? null : new FileSyncer(this.#walPath);
  }

  /** Called after commands become durable, so a consumer can wake without polling. */
  onEnqueued(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Resolves once the commands are durable. Sends made in the same turn of the event loop share one
   * transaction (a group commit): under a rush that is one fsync for many requests instead of one each.
   */
  send(commands: readonly Command[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ commands, resolve, reject });
      if (this.#pending.length === 1) setImmediate(() => this.#flush());
    });
  }

  #pending: Pending[] = [];

  /** When the pending group first found the write lock taken (performance.now()), or null. */
  #lockedSince: number | null = null;

  #flush(): void {
    if (this.#walPath === null) {
      const group = this.#pending;
      this.#pending = [];
      this.#flushSynchronously(group);
      return;
    }
    // The keeper (another connection) may hold the write lock for its batch. SQLite's busy handler would then
    // sleep on this, the request thread: no request parsed, no 202 sent, until the batch commits. Instead the
    // group waits in turns of 1 ms while requests keep joining it, and only blocks after `lockPatienceMs`.
    const began = this.#tryBegin();
    if (!began && this.#lockedSince !== null) {
      setTimeout(() => this.#flush(), 1);
      return;
    }
    const group = this.#pending;
    this.#pending = [];
    // Committed now, durable once the log is synced. FULL would sync the log inside COMMIT, blocking this (the
    // request) thread for the disk's flush; the same fdatasync of the same file runs on libuv's pool instead,
    // and nobody is told (no 202, no keeper poke) before it returned. The frames are durable either in the log
    // or, if a checkpoint took them meanwhile, in the database file, which the checkpoint synced (WAL mode
    // with synchronous = NORMAL syncs both around every checkpoint).
    this.#holdNotify = true;
    const committed: Pending[] = [];
    try {
      if (!began) this.#db.exec("BEGIN IMMEDIATE");
      for (const p of group) this.sendSync(p.commands);
      this.#db.exec("COMMIT");
      committed.push(...group);
    } catch {
      if (this.#db.isTransaction) this.#db.exec("ROLLBACK");
      // Whatever failed the group, give each send its own transaction and its own answer.
      for (const p of group) {
        try {
          transaction(this.#db, () => this.sendSync(p.commands));
          committed.push(p);
        } catch (error) {
          p.reject(error);
        }
      }
    } finally {
      this.#holdNotify = false;
    }
    if (committed.length === 0) return;
    this.#unsynced.push(...committed);
    this.#syncUnsynced();
  }

  /**
   * BEGIN IMMEDIATE without waiting: true when this connection now holds the write lock. False with
   * `#lockedSince` set while another connection holds it (within `lockPatienceMs`); false with it cleared
   * when the patience is spent (the caller then waits for the lock as usual) or the failure was not the lock.
   */
  #tryBegin(): boolean {
    // The connection's own wait (5 s, or longer where a caller set it: the CLI beside a busy server) comes back after.
    const wait = Number(
      (prepared(this.#db, "PRAGMA busy_timeout").get() as Row | undefined)?.timeout ?? busyTimeoutMs,
    );
    this.#db.exec("PRAGMA busy_timeout = 0");
    try {
      this.#db.exec("BEGIN IMMEDIATE");
      this.#lockedSince = null;
      return true;
    } catch (error) {
      const now = performance.now();
      this.#lockedSince = isBusy(error) ? (this.#lockedSince ?? now) : null;
      if (this.#lockedSince !== null && now - this.#lockedSince >= lockPatienceMs) this.#lockedSince = null;
      return false;
    } finally {
      this.#db.exec(`PRAGMA busy_timeout = ${wait}`);
    }
  }

  /** Committed groups whose WAL sync has not started yet (the syncs in flight were at their maximum). */
  #unsynced: Pending[] = [];
  #syncsInFlight = 0;

  #syncUnsynced(): void {
    if (this.#unsynced.length === 0 || this.#syncsInFlight >= maxSyncsInFlight || !this.#wal) return;
    const sends = this.#unsynced;
    this.#unsynced = [];
    this.#syncsInFlight += 1;
    this.#wal
      .sync()
      .then(
        () => {
          for (const p of sends) p.resolve();
          this.notify();
        },
        (error: unknown) => {
          for (const p of sends) p.reject(error);
        },
      )
      .finally(() => {
        this.#syncsInFlight -= 1;
        this.#syncUnsynced();
      });
  }

  /** A database without a log file (in memory): each group made durable inside its commit (FULL). */
  #flushSynchronously(group: Pending[]): void {
    try {
      durableTransaction(this.#db, () => {
        for (const p of group) this.sendSync(p.commands);
      });
      for (const p of group) p.resolve();
    } catch {
      // Whatever failed the group, give each send its own transaction and its own answer.
      for (const p of group) {
        try {
          durableTransaction(this.#db, () => this.sendSync(p.commands));
          p.resolve();
        } catch (error) {
          p.reject(error);
        }
      }
    }
  }

  /** While a group is being committed without its sync: listeners hear of it once it is synced. */
  #holdNotify = false;

  /**
   * Enqueue inside the caller's transaction; listeners are told after the caller commits (see `notify`), once
   * for all the sends of one turn of the event loop: a group commit of many sends wakes the keeper (in a
   * thread: posts to it) once, not once per send.
   */
  sendSync(commands: readonly Command[], at = new Date()): number {
    const insert = prepared(
      this.#db,
      "INSERT INTO queue (group_id, dedup_id, body, enqueued_at) VALUES (?, ?, ?, ?) ON CONFLICT (dedup_id) DO NOTHING",
    );
    const enqueuedAt = at.toISOString();
    let added = 0;
    for (const c of commands) {
      added += Number(
        insert.run(c.eventId, `${c.eventId}:${c.commandId}`, JSON.stringify(c), enqueuedAt).changes,
      );
    }
    if (!this.#notifying && !this.#holdNotify) {
      this.#notifying = true;
      queueMicrotask(() => {
        this.#notifying = false;
        this.notify();
      });
    }
    return added;
  }

  #notifying = false;

  notify(): void {
    for (const listener of this.#listeners) listener();
  }

  /** The oldest message's group and up to `limit` of that group's messages, oldest first. */
  nextGroupBatch(limit: number): GroupBatch | null {
    const head = prepared(this.#db, "SELECT group_id FROM queue ORDER BY id LIMIT 1").get() as
      | Row
      | undefined;
    if (!head) return null;
    const groupId = String(head.group_id);
    const rows = prepared(
      this.#db,
      "SELECT id, body, attempts FROM queue WHERE group_id = ? ORDER BY id LIMIT ?",
    ).all(groupId, limit) as Row[];
    const messages: QueuedCommand[] = [];
    const unreadable: GroupBatch["unreadable"] = [];
    for (const row of rows) {
      const parsed = Command.safeParse(safeJson(String(row.body)));
      if (parsed.success)
        messages.push({ receipt: String(row.id), command: parsed.data, attempts: Number(row.attempts) });
      else unreadable.push({ receipt: String(row.id), error: parsed.error.message });
    }
    return { groupId, messages, unreadable };
  }

  ackSync(receipts: readonly string[]): void {
    if (receipts.length === 1) {
      prepared(this.#db, "DELETE FROM queue WHERE id = ?").run(Number(receipts[0]));
      return;
    }
    // One statement for a whole batch (up to 10,000 while no requests arrive), not one call per message.
    prepared(this.#db, "DELETE FROM queue WHERE id IN (SELECT value FROM json_each(?))").run(
      JSON.stringify(receipts.map(Number)),
    );
  }

  /** Counts a failed attempt; at `maxAttempts` the message moves to the dead letters. Returns true if it did. */
  failSync(receipt: string, error: string, maxAttempts: number, at = new Date()): boolean {
    const id = Number(receipt);
    prepared(this.#db, "UPDATE queue SET attempts = attempts + 1, last_error = ? WHERE id = ?").run(
      error,
      id,
    );
    const row = prepared(this.#db, "SELECT * FROM queue WHERE id = ?").get(id) as QueueRow | undefined;
    if (!row || Number(row.attempts) < maxAttempts) return false;
    prepared(
      this.#db,
      "INSERT INTO dead_letters (group_id, dedup_id, body, attempts, last_error, failed_at) VALUES (?, ?, ?, ?, ?, ?)",
    ).run(row.group_id, row.dedup_id, row.body, row.attempts, error, at.toISOString());
    prepared(this.#db, "DELETE FROM queue WHERE id = ?").run(id);
    return true;
  }

  /** Commands waiting in the queue: all, or one event's (its group). */
  depth(groupId?: string): number {
    const row =
      groupId === undefined
        ? prepared(this.#db, "SELECT COUNT(*) AS n FROM queue").get()
        : prepared(this.#db, "SELECT COUNT(*) AS n FROM queue WHERE group_id = ?").get(groupId);
    return Number((row as Row).n);
  }

  listDeadLetters(): DeadLetter[] {
    const rows = prepared(this.#db, "SELECT * FROM dead_letters ORDER BY id").all() as Row[];
    return rows.map(deadLetterOf);
  }

  async findDeadLetter(eventId: string, commandId: string): Promise<DeadLetter | null> {
    // Dead letters keep the queue's deduplication id, which names the event and the command.
    const row = prepared(
      this.#db,
      "SELECT * FROM dead_letters WHERE dedup_id = ? ORDER BY id DESC LIMIT 1",
    ).get(`${eventId}:${commandId}`) as Row | undefined;
    return row ? deadLetterOf(row) : null;
  }

  /**
   * Puts dead letters back at the tail of their group's queue with fresh attempts. Harmless to repeat:
   * the keeper recognises commands it already applied.
   */
  replayDeadLetters(ids?: readonly string[]): number {
    const replayed = transaction(this.#db, () => {
      const rows = (
        prepared(this.#db, "SELECT * FROM dead_letters ORDER BY id").all() as unknown as QueueRow[]
      ).filter((r) => !ids || ids.includes(String(r.id)));
      for (const r of rows) {
        prepared(
          this.#db,
          "INSERT INTO queue (group_id, dedup_id, body, enqueued_at) VALUES (?, ?, ?, ?) ON CONFLICT (dedup_id) DO NOTHING",
        ).run(r.group_id, r.dedup_id, r.body, new Date().toISOString());
        prepared(this.#db, "DELETE FROM dead_letters WHERE id = ?").run(r.id);
      }
      return rows.length;
    });
    this.notify();
    return replayed;
  }
}

function deadLetterOf(r: Row): DeadLetter {
  return {
    id: String(r.id),
    eventId: String(r.group_id),
    command: safeJson(String(r.body)),
    attempts: Number(r.attempts),
    sentAt: null,
    failedAt: String(r.failed_at),
    lastError: String(r.last_error),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
