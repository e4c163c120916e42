import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import { AuditEntry } from "../../contracts/audit.ts";
import type { AuditLog } from "../../core/ports.ts";
import { prepared, transaction } from "./sqlite-database.ts";

type Row = Record<string, SQLInputValue>;

/** The audit trail on SQLite; an entry whose key is already there is ignored, so redelivery is harmless. */
export class SqliteAuditLog implements AuditLog {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  async append(entries: readonly AuditEntry[]): Promise<void> {
    transaction(this.#db, () => {
      const insert = prepared(
        this.#db,
        "INSERT INTO audit (audit_key, event_id, at, entry) VALUES (?, ?, ?, ?) ON CONFLICT (audit_key) DO NOTHING",
      );
      for (const e of entries) insert.run(e.auditKey, e.eventId, e.at, JSON.stringify(e));
    });
  }

  async forgetGuest(eventId: string, guestId: string, actor: string): Promise<void> {
    // The event's entries by its index, then the guest's by the entry's own field.
    prepared(
      this.#db,
      `UPDATE audit SET entry = json_set(entry, '$.actor', ?)
         WHERE event_id = ? AND json_extract(entry, '$.guestId') = ? AND json_extract(entry, '$.actor') != ?`,
    ).run(actor, eventId, guestId, actor);
  }

  async list(eventId: string): Promise<AuditEntry[]> {
    const rows = prepared(this.#db, "SELECT entry FROM audit WHERE event_id = ? ORDER BY rowid").all(
      eventId,
    ) as Row[];
    return rows.map((r) => AuditEntry.parse(JSON.parse(String(r.entry))));
  }
}
