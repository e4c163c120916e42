import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import type { DeadLetter, DeadLetterListing, DeadLetters, ReplayReport } from "../../core/ports.ts";
import type { SqliteCommandQueue } from "./sqlite-command-queue.ts";
import { prepared, transaction } from "./sqlite-database.ts";

type Row = Record<string, SQLInputValue>;

/** A row of the queue table (what a message set aside carries into the dead letters). */
export interface QueueRow {
  id: number;
  group_id: string;
  dedup_id: string;
  body: string;
  attempts: number;
  last_error: string | null;
}

/**
 * The embedded queue's dead letters as the operator's port: a table of their own beside the queue, so listing is
 * exact and a replay of ids that name no dead letter replays nothing.
 */
export class SqliteDeadLetters implements DeadLetters {
  readonly #queue: SqliteCommandQueue;

  constructor(queue: SqliteCommandQueue) {
    this.#queue = queue;
  }

  async list(options: { limit?: number } = {}): Promise<DeadLetterListing> {
    const all = this.#queue.listDeadLetters();
    return { letters: all.slice(0, options.limit), approximateTotal: all.length };
  }

  async replay(options: { ids?: readonly string[]; limit?: number } = {}): Promise<ReplayReport> {
    const letters = this.#queue.listDeadLetters();
    const known = new Set(letters.map((d) => d.id));
    const unknown = (options.ids ?? []).filter((id) => !known.has(id));
    const report: ReplayReport = {
      replayed: [],
      unknown,
      unreadable: [],
      failed: [],
      notDeleted: [],
      missing: [],
    };
    if (unknown.length > 0) return report;
    const chosen = letters
      .filter((d) => !options.ids || options.ids.includes(d.id))
      .slice(0, options.limit)
      .map((d) => d.id);
    this.#queue.replayDeadLetters(chosen);
    report.replayed = chosen;
    return report;
  }
}

/** Moves a queued message to the dead letters, with the error of its last attempt (in the caller's transaction). */
export function setAsideSync(db: DatabaseSync, row: QueueRow, error: string, at: Date): void {
  prepared(
    db,
    "INSERT INTO dead_letters (group_id, dedup_id, body, attempts, last_error, failed_at) VALUES (?, ?, ?, ?, ?, ?)",
  ).run(row.group_id, row.dedup_id, row.body, row.attempts, error, at.toISOString());
  prepared(db, "DELETE FROM queue WHERE id = ?").run(row.id);
}

/** Every dead letter, oldest first. */
export function listDeadLetters(db: DatabaseSync): DeadLetter[] {
  const rows = prepared(db, "SELECT * FROM dead_letters ORDER BY id").all() as Row[];
  return rows.map(deadLetterOf);
}

/** The newest dead letter of one command, or null. */
export function findDeadLetter(db: DatabaseSync, eventId: string, commandId: string): DeadLetter | null {
  // Dead letters keep the queue's deduplication id, which names the event and the command.
  const row = prepared(db, "SELECT * FROM dead_letters WHERE dedup_id = ? ORDER BY id DESC LIMIT 1").get(
    `${eventId}:${commandId}`,
  ) as Row | undefined;
  return row ? deadLetterOf(row) : null;
}

/**
 * Puts dead letters (all, or those of `ids`) back at the tail of their group's queue with fresh attempts, in
 * one transaction; returns how many. The caller tells the queue's listeners.
 */
export function requeueDeadLetters(db: DatabaseSync, ids?: readonly string[]): number {
  return transaction(db, () => {
    const rows = (
      prepared(db, "SELECT * FROM dead_letters ORDER BY id").all() as unknown as QueueRow[]
    ).filter((r) => !ids || ids.includes(String(r.id)));
    for (const r of rows) {
      prepared(
        db,
        "INSERT INTO queue (group_id, dedup_id, body, enqueued_at) VALUES (?, ?, ?, ?) ON CONFLICT (dedup_id) DO NOTHING",
      ).run(r.group_id, r.dedup_id, r.body, new Date().toISOString());
      prepared(db, "DELETE FROM dead_letters WHERE id = ?").run(r.id);
    }
    return rows.length;
  });
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

/** A message body as JSON, or as the text it is when it does not parse (a dead letter keeps it as it came). */
export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
