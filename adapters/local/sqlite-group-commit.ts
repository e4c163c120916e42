import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import type { Command } from "../../contracts/command.ts";
import { FileSyncer } from "./file-syncer.ts";
import { busyTimeoutMs, durableTransaction, prepared, storageFault, transaction } from "./sqlite-database.ts";

type Row = Record<string, SQLInputValue>;

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

/** What a group commit writes with and whom it tells: the queue's enqueue and its listeners. */
export interface GroupCommitTarget {
  /** Enqueues inside the group's transaction. */
  write(commands: readonly Command[]): void;
  /** Tells the listeners once a group is durable. */
  notify(): void;
}

/**
 * The queue's sends made durable in groups: sends made in the same turn of the event loop share one
 * transaction, and in WAL mode the log's sync runs off the request thread (see `#flush`).
 */
export class GroupCommit {
  readonly #db: DatabaseSync;
  readonly #target: GroupCommitTarget;

  /** The write-ahead log of a file database in WAL mode (what a commit appends to); null: in memory. */
  readonly #walPath: string | null;
  readonly #wal: FileSyncer | null;

  constructor(db: DatabaseSync, target: GroupCommitTarget) {
    this.#db = db;
    this.#target = target;
    const file = db.location();
    const mode = (db.prepare("PRAGMA journal_mode").get() as Row | undefined)?.journal_mode;
    this.#walPath = file && mode === "wal" ? `${file}-wal` : null;
    this.#wal = this.#walPath === null ? null : new FileSyncer(this.#walPath);
  }

  /** While a group is being committed without its sync: listeners hear of it once it is synced. */
  get holdingNotify(): boolean {
    return this.#holdNotify;
  }

  #holdNotify = false;

  /** Resolves once the commands are durable, committed with the other sends of this turn of the event loop. */
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
      for (const p of group) this.#target.write(p.commands);
      this.#db.exec("COMMIT");
      committed.push(...group);
    } catch {
      if (this.#db.isTransaction) this.#db.exec("ROLLBACK");
      // Whatever failed the group, give each send its own transaction and its own answer.
      for (const p of group) {
        try {
          transaction(this.#db, () => this.#target.write(p.commands));
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
          this.#target.notify();
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
        for (const p of group) this.#target.write(p.commands);
      });
      for (const p of group) p.resolve();
    } catch {
      // Whatever failed the group, give each send its own transaction and its own answer.
      for (const p of group) {
        try {
          durableTransaction(this.#db, () => this.#target.write(p.commands));
          p.resolve();
        } catch (error) {
          p.reject(error);
        }
      }
    }
  }
}
