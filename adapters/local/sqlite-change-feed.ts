import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import type { ChangeRecord } from "../../contracts/change.ts";
import { prepared } from "./sqlite-database.ts";

type Row = Record<string, SQLInputValue>;

/** A page of changes after a consumer's checkpoint. */
export interface ChangePage {
  changes: ChangeRecord[];
  /** The outbox sequence of the last change in the page: checkpoint it once the page is handled. */
  lastSeq: number;
}

/**
 * The transactional outbox read as a change feed: the guest store appends every committed change in the
 * same transaction; each consumer reads in order after its checkpoint and checkpoints after handling,
 * so delivery is at-least-once and ordered.
 */
export class SqliteChangeFeed {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  read(consumer: string, limit: number): ChangePage | null {
    const after = this.checkpoint(consumer);
    const rows = prepared(this.#db, "SELECT seq, change FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?").all(
      after,
      limit,
    ) as Row[];
    if (rows.length === 0) return null;
    return {
      // Written by the guest store in the keeper's transaction from validated records; not parsed again.
      changes: rows.map((r) => JSON.parse(String(r.change)) as ChangeRecord),
      lastSeq: Number(rows[rows.length - 1]!.seq),
    };
  }

  checkpoint(consumer: string): number {
    return this.#stored(consumer) ?? 0;
  }

  /** The consumer's checkpoint, null when it has none (it never ran on this database). */
  #stored(consumer: string): number | null {
    const row = prepared(this.#db, "SELECT seq FROM checkpoints WHERE consumer = ?").get(consumer) as
      | Row
      | undefined;
    return row ? Number(row.seq) : null;
  }

  commit(consumer: string, seq: number): void {
    prepared(
      this.#db,
      "INSERT INTO checkpoints (consumer, seq) VALUES (?, ?) ON CONFLICT (consumer) DO UPDATE SET seq = excluded.seq",
    ).run(consumer, seq);
  }

  /**
   * Starts a consumer that has no checkpoint yet at the newest change, so that it sees only what comes after:
   * a handler added to an existing data dir must not act on its history (send a year of emails at once).
   * A consumer with a checkpoint keeps it.
   */
  startAtHead(consumer: string): void {
    prepared(
      this.#db,
      `INSERT INTO checkpoints (consumer, seq) SELECT ?, COALESCE(MAX(seq), 0) FROM outbox
         WHERE true ON CONFLICT (consumer) DO NOTHING`,
    ).run(consumer);
  }

  /**
   * Changes a consumer has not handled yet, of one event or of all; null when the consumer has no checkpoint
   * (it never ran on this database). For `rsvp outbox`, which tells what a stopped server has left to do.
   */
  backlog(consumer: string, eventId?: string): number | null {
    const after = this.#stored(consumer);
    if (after === null) return null;
    if (eventId === undefined) return this.#countAfter(after);
    const row = prepared(
      this.#db,
      "SELECT COUNT(*) AS n FROM outbox WHERE seq > ? AND json_extract(change, '$.new.eventId') = ?",
    ).get(after, eventId) as Row;
    return Number(row.n);
  }

  /** Changes not yet handled by a consumer. */
  lag(consumer: string): number {
    return this.#countAfter(this.checkpoint(consumer));
  }

  /**
   * Whether a consumer has changes left to handle: `lag(consumer) > 0` without counting them (a count runs
   * through every change after the checkpoint, and drains ask after each page).
   */
  behind(consumer: string): boolean {
    return (
      prepared(this.#db, "SELECT 1 FROM outbox WHERE seq > ? LIMIT 1").get(this.checkpoint(consumer)) !==
      undefined
    );
  }

  #countAfter(seq: number): number {
    const row = prepared(this.#db, "SELECT COUNT(*) AS n FROM outbox WHERE seq > ?").get(seq) as Row;
    return Number(row.n);
  }
}
