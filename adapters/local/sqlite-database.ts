import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";

const schema = `
CREATE TABLE IF NOT EXISTS events (
  event_id TEXT PRIMARY KEY,
  host_token_hash TEXT NOT NULL UNIQUE,
  capacity INTEGER NOT NULL,
  confirmed INTEGER NOT NULL,
  offered INTEGER NOT NULL,
  waitlisted INTEGER NOT NULL,
  next_waitlist_seq INTEGER NOT NULL,
  version INTEGER NOT NULL,
  record TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS guests (
  event_id TEXT NOT NULL,
  guest_id TEXT NOT NULL,
  email_key TEXT NOT NULL,
  status TEXT NOT NULL,
  waitlist_seq INTEGER,
  version INTEGER NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (event_id, guest_id),
  UNIQUE (event_id, email_key)
) STRICT;
CREATE INDEX IF NOT EXISTS guests_waitlist ON guests (event_id, status, waitlist_seq, guest_id);
-- The guest list's registration order (the host's page, a page at a time: sqlite-guest-roster.ts). On the
-- record's own createdAt, so rows written before it read in order with nothing to migrate.
CREATE INDEX IF NOT EXISTS guests_roster ON guests (event_id, json_extract(record, '$.createdAt'), guest_id);

CREATE TABLE IF NOT EXISTS command_results (
  event_id TEXT NOT NULL,
  command_id TEXT NOT NULL,
  result TEXT NOT NULL,
  PRIMARY KEY (event_id, command_id)
) STRICT;

CREATE TABLE IF NOT EXISTS queue (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  group_id TEXT NOT NULL,
  dedup_id TEXT NOT NULL UNIQUE,
  body TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  enqueued_at TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS queue_group ON queue (group_id, id);

CREATE TABLE IF NOT EXISTS dead_letters (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  group_id TEXT NOT NULL,
  dedup_id TEXT NOT NULL,
  body TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  last_error TEXT NOT NULL,
  failed_at TEXT NOT NULL
) STRICT;
-- A registration's status page asks whether its command was set aside.
CREATE INDEX IF NOT EXISTS dead_letters_dedup ON dead_letters (dedup_id);

CREATE TABLE IF NOT EXISTS outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  change TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS checkpoints (
  consumer TEXT PRIMARY KEY,
  seq INTEGER NOT NULL
) STRICT;

-- Entries are listed in insertion order (rowid), which is the order the change feed delivered them.
CREATE TABLE IF NOT EXISTS audit (
  audit_key TEXT NOT NULL UNIQUE,
  event_id TEXT NOT NULL,
  at TEXT NOT NULL,
  entry TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS audit_event ON audit (event_id);

-- Every email the messenger queued, once per idempotency key; listed newest first by rowid.
CREATE TABLE IF NOT EXISTS mail (
  key TEXT NOT NULL UNIQUE,
  event_id TEXT NOT NULL,
  guest_id TEXT,
  created_at TEXT NOT NULL,
  email TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_error TEXT,
  sent_at TEXT
) STRICT;
CREATE INDEX IF NOT EXISTS mail_event ON mail (event_id);
CREATE INDEX IF NOT EXISTS mail_due ON mail (state, next_attempt_at);

-- Named one-off timers; the loop moves due ones into the queue and deletes them in one transaction.
CREATE TABLE IF NOT EXISTS timers (
  name TEXT PRIMARY KEY,
  event_id TEXT NOT NULL,
  due_at TEXT NOT NULL,
  command TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS timers_due ON timers (due_at);
`;

/** How long a write waits for another connection's write lock before it fails with SQLITE_BUSY. */
export const busyTimeoutMs = 5_000;

/** Opens (creating if needed) the embedded database: WAL, foreign-key-free, one schema. */
export function openDatabase(path: string): DatabaseSync {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  // First, so that even switching to WAL waits for another process that is opening the file right now.
  db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
  db.exec("PRAGMA journal_mode = WAL");
  // NORMAL is durable across process crashes in WAL mode (only an OS crash or power loss can lose the last
  // commits); the queue's writes, which a 202 stands for, are made with FULL (see `durableTransaction`).
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec(schema);
  return db;
}

/**
 * Runs `fn` in one write transaction. Synchronous on purpose: node:sqlite is synchronous, and keeping the
 * whole transaction in one turn of the event loop means no other request's statement can slip into it.
 */
export function transaction<T>(db: DatabaseSync, fn: () => T): T {
  db.exec("BEGIN IMMEDIATE");
  try {
    const result = fn();
    db.exec("COMMIT");
    return result;
  } catch (error) {
    // Some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM, …) make SQLite roll the transaction back itself:
    // a ROLLBACK then fails with "no transaction is active" and would hide the error that matters.
    if (db.isTransaction) db.exec("ROLLBACK");
    throw error;
  }
}

/**
 * `transaction`, made durable before it returns even against power loss: `synchronous = FULL` (an fsync of
 * the WAL at the commit) for this transaction only; the connection goes back to NORMAL after it. For the
 * queue's writes, which a 202 promises are kept.
 */
export function durableTransaction<T>(db: DatabaseSync, fn: () => T): T {
  db.exec("PRAGMA synchronous = FULL");
  try {
    return transaction(db, fn);
  } finally {
    db.exec("PRAGMA synchronous = NORMAL");
  }
}

/** SQLite's primary result codes for a storage that cannot take writes now (its names, for messages). */
const storageFaults: Record<number, string> = {
  5: "SQLITE_BUSY",
  7: "SQLITE_NOMEM",
  8: "SQLITE_READONLY",
  10: "SQLITE_IOERR",
  11: "SQLITE_CORRUPT",
  13: "SQLITE_FULL",
  14: "SQLITE_CANTOPEN",
  26: "SQLITE_NOTADB",
};

/**
 * When `error` is SQLite saying the storage itself failed (the disk is full, an I/O error, a corrupt file,
 * another writer holding the lock too long), its name and SQLite's words, e.g. "SQLITE_FULL: database or
 * disk is full"; null for anything else (a constraint, a bug). Such a fault is nobody's command's fault: it
 * is retried later, never counted against a command.
 */
export function storageFault(error: unknown): string | null {
  const e = error as { code?: unknown; errcode?: unknown; errstr?: unknown; message?: unknown };
  if (e?.code !== "ERR_SQLITE_ERROR" || typeof e.errcode !== "number") return null;
  const name = storageFaults[e.errcode & 0xff];
  if (!name) return null;
  return `${name}: ${typeof e.errstr === "string" ? e.errstr : String(e.message)}`;
}

const statementCache = new WeakMap<DatabaseSync, Map<string, StatementSync>>();

/**
 * A prepared statement for `sql` on this connection, compiled once and reused: compiling SQL on every call
 * was a large share of each request's time under a rush.
 */
export function prepared(db: DatabaseSync, sql: string): StatementSync {
  let cache = statementCache.get(db);
  if (!cache) {
    cache = new Map();
    statementCache.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}
