import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import { Command } from "../../contracts/command.ts";
import type { Timer, Timers } from "../../core/ports.ts";
import type { SqliteCommandQueue } from "./sqlite-command-queue.ts";
import { prepared, transaction } from "./sqlite-database.ts";

type Row = Record<string, SQLInputValue>;

/** A booked timer as the table holds it. */
export interface BookedTimer {
  name: string;
  eventId: string;
  at: string;
  command: unknown;
}

/**
 * The embedded timers: a table of named one-off timers. Due instants are stored as ISO strings in UTC,
 * which sort as time does, so "due by now" is one indexed range scan.
 */
export class SqliteTimers implements Timers {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  async book(timers: readonly Timer[]): Promise<void> {
    transaction(this.#db, () => this.bookSync(timers));
  }

  async cancel(names: readonly string[]): Promise<void> {
    transaction(this.#db, () => {
      const del = prepared(this.#db, "DELETE FROM timers WHERE name = ?");
      for (const name of names) del.run(name);
    });
  }

  bookSync(timers: readonly Timer[]): void {
    const insert = prepared(
      this.#db,
      "INSERT INTO timers (name, event_id, due_at, command) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING",
    );
    for (const t of timers)
      insert.run(t.name, t.eventId, new Date(t.at).toISOString(), JSON.stringify(Command.parse(t.command)));
  }

  /**
   * Moves every timer due by `now` into the command queue and deletes it, in one transaction: a crash
   * either fired a timer or left it booked, never both or neither. Returns how many fired.
   */
  fireDue(queue: SqliteCommandQueue, now: Date, limit = 500): number {
    return transaction(this.#db, () => {
      const due = prepared(
        this.#db,
        "SELECT name, command FROM timers WHERE due_at <= ? ORDER BY due_at, name LIMIT ?",
      ).all(now.toISOString(), limit) as Row[];
      if (due.length === 0) return 0;
      queue.sendSync(
        due.map((row) => Command.parse(JSON.parse(String(row.command)))),
        now,
      );
      const del = prepared(this.#db, "DELETE FROM timers WHERE name = ?");
      for (const row of due) del.run(String(row.name));
      return due.length;
    });
  }

  /** When the next timer falls due, if any. */
  nextDue(): Date | null {
    const row = prepared(this.#db, "SELECT MIN(due_at) AS at FROM timers").get() as Row | undefined;
    return row?.at ? new Date(String(row.at)) : null;
  }

  /** The booked timers, earliest first (all, or one event's). */
  list(eventId?: string): BookedTimer[] {
    const rows = (
      eventId
        ? prepared(this.#db, "SELECT * FROM timers WHERE event_id = ? ORDER BY due_at, name").all(eventId)
        : prepared(this.#db, "SELECT * FROM timers ORDER BY due_at, name").all()
    ) as Row[];
    return rows.map((r) => ({
      name: String(r.name),
      eventId: String(r.event_id),
      at: String(r.due_at),
      command: JSON.parse(String(r.command)),
    }));
  }
}
