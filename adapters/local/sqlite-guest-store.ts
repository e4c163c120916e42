import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import type { ChangeRecord } from "../../contracts/change.ts";
import type { Command } from "../../contracts/command.ts";
import { type EventChange, EventRecord } from "../../contracts/event.ts";
import { GuestRecord } from "../../contracts/guest.ts";
import { CommandResult } from "../../contracts/outcome.ts";
import type {
  GuestListPages,
  GuestListSearchRequest,
  GuestListWindowRequest,
} from "../../core/guest-list-reads.ts";
import { headLength, keysOf } from "../../core/keeper-reads.ts";
import type {
  BatchDecision,
  CommitResult,
  EventDirectory,
  GuestStore,
  HostLinkStore,
  KeeperView,
  SyncGuestStore,
} from "../../core/ports.ts";
import { prepared, transaction } from "./sqlite-database.ts";
import { rosterMarks, rosterWindow, statusCounts } from "./sqlite-guest-roster.ts";

type Row = Record<string, SQLInputValue>;

/**
 * The guest store on SQLite. The counters live in columns so the cap check runs inside the UPDATE that takes
 * the seats; each committed change is also appended to the outbox in the same transaction (the change feed).
 *
 * The `*Sync` methods run inside a caller's transaction (the embedded keeper commits a whole batch through
 * `applyCommandsSync` of core/keeper.ts and acknowledges its queue messages atomically); the async port methods
 * wrap each call in its own transaction. The store only loads and commits; the keeper decides.
 */
export class SqliteGuestStore implements GuestStore, SyncGuestStore, EventDirectory, HostLinkStore {
  readonly maxBatch = 500;
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  // ——— port (async) ———

  async createEvent(event: EventRecord): Promise<boolean> {
    return transaction(this.#db, () => this.createEventSync(EventRecord.parse(event)));
  }
  async getEvent(eventId: string) {
    return this.getEventSync(eventId);
  }
  async findEventByHostTokenHash(hash: string) {
    const row = prepared(this.#db, "SELECT event_id FROM events WHERE host_token_hash = ?").get(hash) as
      | Row
      | undefined;
    return row ? this.getEventSync(String(row.event_id)) : null;
  }
  async getGuest(eventId: string, guestId: string) {
    const row = prepared(this.#db, "SELECT record FROM guests WHERE event_id = ? AND guest_id = ?").get(
      eventId,
      guestId,
    ) as Row | undefined;
    return row ? GuestRecord.parse(JSON.parse(String(row.record))) : null;
  }
  async listGuests(eventId: string) {
    const rows = prepared(this.#db, "SELECT record FROM guests WHERE event_id = ? ORDER BY rowid").all(
      eventId,
    ) as Row[];
    return rows.map((r) => GuestRecord.parse(JSON.parse(String(r.record))));
  }
  async guestListPages(eventId: string, pageSize = 1_000): Promise<GuestListPages> {
    const waitlistOrder = (
      prepared(
        this.#db,
        `SELECT guest_id FROM guests WHERE event_id = ? AND status = 'waitlisted' AND waitlist_seq IS NOT NULL
           ORDER BY waitlist_seq, guest_id`,
      ).all(eventId) as Row[]
    ).map((r) => String(r.guest_id));
    const counts = statusCounts(this.#db, eventId);
    const requested =
      (counts.requested ?? 0) === 0
        ? []
        : (
            prepared(
              this.#db,
              "SELECT record FROM guests WHERE event_id = ? AND status = 'requested' ORDER BY rowid",
            ).all(eventId) as Row[]
          ).map((r) => GuestRecord.parse(JSON.parse(String(r.record))));
    const db = this.#db;
    async function* pages() {
      // Keyset pages by rowid (the order listGuests reads), each its own short read.
      let after = 0;
      for (;;) {
        const rows = prepared(
          db,
          "SELECT rowid, record FROM guests WHERE event_id = ? AND rowid > ? ORDER BY rowid LIMIT ?",
        ).all(eventId, after, pageSize) as Row[];
        if (rows.length === 0) return;
        after = Number(rows[rows.length - 1]!.rowid);
        yield rows.map((r) => GuestRecord.parse(JSON.parse(String(r.record))));
      }
    }
    return { waitlistOrder, statusCounts: counts, requested, pages: pages() };
  }
  /** A page of the list in registration order (sqlite-guest-roster.ts). */
  async guestListWindow(eventId: string, request: GuestListWindowRequest) {
    return rosterWindow(this.#db, eventId, request);
  }
  async guestListMarks(eventId: string, every: number) {
    return rosterMarks(this.#db, eventId, every);
  }
  async guestListSearch(eventId: string, request: GuestListSearchRequest) {
    return rosterWindow(this.#db, eventId, request, request.match);
  }
  async findGuestByEmail(eventId: string, emailKey: string) {
    // The UNIQUE (event_id, email_key) constraint is the index this reads.
    const row = prepared(this.#db, "SELECT record FROM guests WHERE event_id = ? AND email_key = ?").get(
      eventId,
      emailKey,
    ) as Row | undefined;
    return row ? GuestRecord.parse(JSON.parse(String(row.record))) : null;
  }
  async waitlistPosition(eventId: string, guestId: string) {
    const me = prepared(
      this.#db,
      "SELECT status, waitlist_seq FROM guests WHERE event_id = ? AND guest_id = ?",
    ).get(eventId, guestId) as Row | undefined;
    if (me?.status !== "waitlisted") return null;
    const ahead = prepared(
      this.#db,
      `SELECT COUNT(*) AS n FROM guests WHERE event_id = ? AND status = 'waitlisted'
         AND (waitlist_seq < ? OR (waitlist_seq = ? AND guest_id < ?))`,
    ).get(eventId, Number(me.waitlist_seq), Number(me.waitlist_seq), guestId) as Row;
    return Number(ahead.n) + 1;
  }
  async getCommandResult(eventId: string, commandId: string) {
    const row = prepared(
      this.#db,
      "SELECT result FROM command_results WHERE event_id = ? AND command_id = ?",
    ).get(eventId, commandId) as Row | undefined;
    return row ? CommandResult.parse(JSON.parse(String(row.result))) : null;
  }
  async loadView(eventId: string, commands: readonly Command[]) {
    return this.loadViewSync(eventId, commands);
  }
  async commit(decision: BatchDecision): Promise<CommitResult> {
    return transaction(this.#db, () => this.commitSync(decision));
  }

  // ——— the event directory and host links ———

  async listEvents(): Promise<EventRecord[]> {
    const rows = prepared(this.#db, "SELECT event_id FROM events ORDER BY rowid").all() as Row[];
    const events = rows.map((r) => this.getEventSync(String(r.event_id))).filter((e) => e !== null);
    // Oldest first by creation, as the DynamoDB store lists them (its scan has no order of its own).
    return events.sort((a, b) =>
      a.createdAt === b.createdAt
        ? Number(a.eventId > b.eventId) - Number(a.eventId < b.eventId)
        : a.createdAt < b.createdAt
          ? -1
          : 1,
    );
  }

  async replaceHostToken(eventId: string, fromHash: string, toHash: string, change: EventChange) {
    return transaction(this.#db, () => {
      const before = this.getEventSync(eventId);
      if (!before || before.hostTokenHash !== fromHash) return false;
      const after: EventRecord = {
        ...before,
        hostTokenHash: toHash,
        version: before.version + 1,
        updatedAt: change.at,
        lastChange: change,
      };
      // Conditional on the version read, like the keeper's writes: a commit in between makes this a no.
      const updated = prepared(
        this.#db,
        `UPDATE events SET host_token_hash = ?, version = version + 1, record = ?
           WHERE event_id = ? AND host_token_hash = ? AND version = ?`,
      ).run(toHash, JSON.stringify(after), eventId, fromHash, before.version);
      if (updated.changes === 0) return false;
      this.#appendChange({ entity: "event", old: before, new: after });
      return true;
    });
  }

  // ——— synchronous, inside a caller's transaction ———

  createEventSync(event: EventRecord): boolean {
    const inserted = prepared(
      this.#db,
      `INSERT INTO events (event_id, host_token_hash, capacity, confirmed, offered, waitlisted, next_waitlist_seq, version, record)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ).run(
      event.eventId,
      event.hostTokenHash,
      event.capacity,
      event.confirmed,
      event.offered,
      event.waitlisted,
      event.nextWaitlistSeq,
      event.version,
      JSON.stringify(event),
    );
    if (inserted.changes === 0) return false;
    this.#appendChange({ entity: "event", old: null, new: event });
    return true;
  }

  getEventSync(eventId: string): EventRecord | null {
    // Every write of an event row moves its version (the keeper's commit, a new host token): a copy read at
    // the stored version is the row. Reading the version alone is an index lookup; parsing the record is
    // the part the cache saves, once per registration request under a rush.
    const current = prepared(this.#db, "SELECT version FROM events WHERE event_id = ?").get(eventId) as
      | Row
      | undefined;
    if (!current) return null;
    const cached = this.#events.get(eventId);
    if (cached?.version === Number(current.version)) return cached;
    const row = prepared(this.#db, "SELECT * FROM events WHERE event_id = ?").get(eventId) as Row | undefined;
    if (!row) return null;
    // The columns are the truth for the counters: they are what the conditional update checks and moves.
    // Rows are validated when written (by the keeper or createEvent), not again on every read.
    const event = Object.freeze(
      trusted<EventRecord>({
        ...JSON.parse(String(row.record)),
        capacity: Number(row.capacity),
        confirmed: Number(row.confirmed),
        offered: Number(row.offered),
        waitlisted: Number(row.waitlisted),
        nextWaitlistSeq: Number(row.next_waitlist_seq),
        version: Number(row.version),
      }),
    );
    if (this.#events.size >= maxCachedEvents) this.#events.clear();
    this.#events.set(eventId, event);
    return event;
  }

  /** The last copy of each event read, at its version (shared and frozen: nobody changes a read record). */
  readonly #events = new Map<string, EventRecord>();

  loadViewSync(eventId: string, commands: readonly Command[]): KeeperView | null {
    const event = this.getEventSync(eventId);
    if (!event) return null;
    const { emailKeys, guestIds, waitlistHead } = keysOf(commands);
    const byEmail = prepared(this.#db, "SELECT record FROM guests WHERE event_id = ? AND email_key = ?");
    const byId = prepared(this.#db, "SELECT record FROM guests WHERE event_id = ? AND guest_id = ?");
    const guests = new Map<string, GuestRecord>();
    for (const [stmt, keys] of [
      [byEmail, emailKeys],
      [byId, guestIds],
    ] as const) {
      for (const key of keys) {
        const row = stmt.get(eventId, key) as Row | undefined;
        if (row) {
          const guest = trusted<GuestRecord>(JSON.parse(String(row.record)));
          guests.set(guest.guestId, guest);
        }
      }
    }
    const seen = prepared(this.#db, "SELECT 1 FROM command_results WHERE event_id = ? AND command_id = ?");
    const applied = new Set(commands.filter((c) => seen.get(eventId, c.commandId)).map((c) => c.commandId));
    if (!waitlistHead) return { event, guests: [...guests.values()], applied };
    const head = prepared(
      this.#db,
      `SELECT record FROM guests WHERE event_id = ? AND status = 'waitlisted'
         ORDER BY waitlist_seq, guest_id LIMIT ?`,
    ).all(eventId, headLength(event, this.maxBatch)) as Row[];
    return {
      event,
      guests: [...guests.values()],
      applied,
      waitlistHead: head.map((r) => trusted<GuestRecord>(JSON.parse(String(r.record)))),
    };
  }

  /** Commits one decision; on a conflict nothing of it is written (a savepoint is rolled back). */
  commitSync(decision: BatchDecision): CommitResult {
    const db = this.#db;
    db.exec("SAVEPOINT keeper_commit");
    try {
      const result = this.#write(decision);
      db.exec(result.ok ? "RELEASE keeper_commit" : "ROLLBACK TO keeper_commit; RELEASE keeper_commit");
      return result;
    } catch (error) {
      // After SQLITE_FULL (or an I/O error) SQLite has rolled the whole transaction back itself, savepoint
      // and all: rolling back to it would fail and hide the error that matters.
      if (db.isTransaction) db.exec("ROLLBACK TO keeper_commit; RELEASE keeper_commit");
      throw error;
    }
  }

  #write(d: BatchDecision): CommitResult {
    const db = this.#db;
    const { before, after } = d;
    if (after !== before) {
      const dc = after.confirmed - before.confirmed;
      const dOffered = after.offered - before.offered;
      // The cap check runs inside the write, on the stored counters, not on what the keeper read.
      const updated = prepared(
        db,
        `UPDATE events SET
             capacity = :capacity,
             confirmed = confirmed + :dc,
             offered = offered + :do,
             waitlisted = waitlisted + :dw,
             next_waitlist_seq = next_waitlist_seq + :dseq,
             version = version + 1,
             record = :record
           WHERE event_id = :eventId AND version = :version
             AND (:granted = 0 OR confirmed + :dc + offered + :do <= :capacity)`,
      ).run({
        capacity: after.capacity,
        dc,
        do: dOffered,
        dw: after.waitlisted - before.waitlisted,
        dseq: after.nextWaitlistSeq - before.nextWaitlistSeq,
        record: JSON.stringify(after),
        eventId: d.eventId,
        version: before.version,
        granted: d.seatsGranted,
      });
      if (updated.changes === 0) {
        const current = this.getEventSync(d.eventId);
        if (!current) return { ok: false, conflict: "event-missing" };
        // Report a lost seat race as such, whatever else changed: the keeper then waitlists on a fresh read.
        const seatsTaken = current.confirmed + dc + current.offered + dOffered > after.capacity;
        return { ok: false, conflict: d.seatsGranted > 0 && seatsTaken ? "no-seat" : "stale" };
      }
      this.#appendChange({ entity: "event", old: before, new: after });
    }
    for (const w of d.guestWrites) {
      const g = w.new;
      // Written twice, as the row's record and in the change: serialised once (a long import writes 100,000).
      const record = JSON.stringify(g);
      if (w.old === null) {
        const inserted = prepared(
          db,
          `INSERT INTO guests (event_id, guest_id, email_key, status, waitlist_seq, version, record)
             VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        ).run(g.eventId, g.guestId, g.emailKey, g.status, g.waitlistSeq, g.version, record);
        if (inserted.changes === 0) return { ok: false, conflict: "stale" };
      } else {
        const updated = prepared(
          db,
          // The address key changes only when a guest's data is erased (core/guest-erasure.ts).
          `UPDATE guests SET status = ?, waitlist_seq = ?, version = ?, record = ?, email_key = ?
             WHERE event_id = ? AND guest_id = ? AND version = ?`,
        ).run(g.status, g.waitlistSeq, g.version, record, g.emailKey, g.eventId, g.guestId, w.old.version);
        if (updated.changes === 0) return { ok: false, conflict: "stale" };
      }
      // The JSON of { entity, old, new }, as JSON.stringify would write it.
      const change = `{"entity":"guest","old":${w.old === null ? "null" : JSON.stringify(w.old)},"new":${record}}`;
      prepared(this.#db, "INSERT INTO outbox (change) VALUES (?)").run(change);
    }
    const result = prepared(
      db,
      "INSERT INTO command_results (event_id, command_id, result) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
    );
    for (const r of d.results) {
      if (result.run(d.eventId, r.commandId, JSON.stringify(r)).changes === 0)
        return { ok: false, conflict: "stale" };
    }
    return { ok: true };
  }

  #appendChange(change: ChangeRecord) {
    prepared(this.#db, "INSERT INTO outbox (change) VALUES (?)").run(JSON.stringify(change));
  }
}

/** Events whose last read copy is kept; past it the cache starts over rather than grow. */
const maxCachedEvents = 1_000;

/** A row this store wrote itself from a validated record: read back as is. */
function trusted<T>(value: unknown): T {
  return value as T;
}
