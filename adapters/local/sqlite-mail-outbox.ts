import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import { erasedAddress } from "../../core/guest-erasure.ts";
import type {
  DeliveryProblem,
  Mailer,
  MailState,
  OutboxReader,
  OutgoingEmail,
  StoredEmail,
} from "../../core/mail-ports.ts";
import { type Clock, systemClock } from "../../core/ports.ts";
import { prepared, transaction } from "./sqlite-database.ts";

type Row = Record<string, SQLInputValue>;

export interface SqliteMailOutboxOptions {
  clock?: Clock;
  /**
   * Whether a mail server will deliver what is queued (RSVP_SMTP_URL is set). Without one, emails are kept
   * as `outbox` for reading only; configuring a server later does not send that backlog.
   */
  deliver?: boolean;
}

const columns = "key, email, created_at, state, attempts, last_error, sent_at";

/**
 * The embedded mailer: a `mail` table in the runtime's database, one row per idempotency key. `send` inserts
 * or, for a key seen before, does nothing and answers false, so a change delivered twice queues one email.
 * A delivery loop (SMTP) takes `pending` rows and marks them sent or failed; the outbox page and `rsvp outbox`
 * read the same rows.
 */
export class SqliteMailOutbox implements Mailer, OutboxReader {
  readonly #db: DatabaseSync;
  readonly #clock: Clock;
  readonly #initialState: MailState;
  readonly #listeners = new Set<() => void>();

  constructor(db: DatabaseSync, options: SqliteMailOutboxOptions = {}) {
    this.#db = db;
    this.#clock = options.clock ?? systemClock;
    this.#initialState = options.deliver ? "pending" : "outbox";
  }

  /**
   * Queues an email; false when one with its key was queued before. Sends made in the same turn of the event
   * loop share one transaction (a group commit, as the command queue does): the messenger sends a page of
   * changes' emails at once, and one commit per email would cost more than rendering them.
   */
  send(email: OutgoingEmail): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ email, resolve, reject });
      if (this.#pending.length === 1) setImmediate(() => this.#flush());
    });
  }

  #pending: { email: OutgoingEmail; resolve: (queued: boolean) => void; reject: (error: unknown) => void }[] =
    [];

  #flush(): void {
    const group = this.#pending;
    this.#pending = [];
    let queued: boolean[];
    try {
      queued = transaction(this.#db, () => group.map((p) => this.#insert(p.email)));
    } catch {
      // Whatever failed the group, give each email its own transaction and its own answer.
      queued = [];
      for (const p of group) {
        try {
          queued.push(transaction(this.#db, () => this.#insert(p.email)));
        } catch (error) {
          queued.push(false);
          p.reject(error);
        }
      }
    }
    group.forEach((p, i) => {
      p.resolve(queued[i] ?? false);
    });
    if (this.#initialState === "pending" && queued.some(Boolean))
      for (const listener of this.#listeners) listener();
  }

  #insert(email: OutgoingEmail): boolean {
    const inserted = prepared(
      this.#db,
      `INSERT INTO mail (key, event_id, guest_id, created_at, email, state)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
    ).run(
      email.key,
      email.eventId,
      email.guestId,
      this.#clock.now().toISOString(),
      JSON.stringify(email),
      this.#initialState,
    );
    return inserted.changes > 0;
  }

  /**
   * A guest's data was erased: their emails that wait for delivery are given up, and every email of theirs keeps
   * only its key (so nothing is queued again), event and subject placeholder: no address, text or links.
   */
  async forgetGuest(eventId: string, guestId: string): Promise<void> {
    transaction(this.#db, () => {
      prepared(
        this.#db,
        `UPDATE mail SET state = 'failed', next_attempt_at = NULL, last_error = 'guest data erased before delivery'
           WHERE event_id = ? AND guest_id = ? AND state = 'pending'`,
      ).run(eventId, guestId);
      prepared(
        this.#db,
        `UPDATE mail SET email = json_set(email, '$.to', ?, '$.subject', '(erased)', '$.text', '', '$.html', '',
             '$.links', json('{}'), '$.attachments', json('[]'), '$.headers', json('{}'))
           WHERE event_id = ? AND guest_id = ?`,
      ).run(erasedAddress(guestId), eventId, guestId);
    });
  }

  /** Calls `listener` whenever an email is queued for delivery (the delivery loop wakes on it). */
  onQueued(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async list(query: { eventId?: string; limit?: number } = {}): Promise<StoredEmail[]> {
    const limit = query.limit ?? 200;
    const rows = (
      query.eventId === undefined
        ? prepared(this.#db, `SELECT ${columns} FROM mail ORDER BY rowid DESC LIMIT ?`).all(limit)
        : prepared(
            this.#db,
            `SELECT ${columns} FROM mail WHERE event_id = ? ORDER BY rowid DESC LIMIT ?`,
          ).all(query.eventId, limit)
    ) as Row[];
    return rows.map(stored);
  }

  /** The event's emails delivery gave up on (refused for good, or too many attempts): the host page lists them. */
  async problems(eventId: string, limit = 50): Promise<DeliveryProblem[]> {
    const rows = prepared(
      this.#db,
      `SELECT ${columns} FROM mail WHERE event_id = ? AND state = 'failed' ORDER BY rowid DESC LIMIT ?`,
    ).all(eventId, limit) as Row[];
    return rows
      .map(stored)
      .map((m) => ({ email: m.to, kind: "failed", at: m.createdAt, detail: m.lastError }));
  }

  async get(key: string): Promise<StoredEmail | null> {
    const row = prepared(this.#db, `SELECT ${columns} FROM mail WHERE key = ?`).get(key) as Row | undefined;
    return row ? stored(row) : null;
  }

  /** Emails waiting for delivery whose next attempt is due by `now`, oldest first. */
  pending(now: Date = this.#clock.now(), limit = 50): StoredEmail[] {
    const rows = prepared(
      this.#db,
      `SELECT ${columns} FROM mail WHERE state = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
         ORDER BY rowid LIMIT ?`,
    ).all(now.toISOString(), limit) as Row[];
    return rows.map(stored);
  }

  /** When the earliest pending email is due (null: none pending), so a delivery loop knows how long to sleep. */
  nextDue(): Date | null {
    const row = prepared(
      this.#db,
      "SELECT MIN(COALESCE(next_attempt_at, created_at)) AS due FROM mail WHERE state = 'pending'",
    ).get() as Row;
    return row.due === null ? null : new Date(String(row.due));
  }

  markSent(key: string, at: Date = this.#clock.now()): void {
    prepared(
      this.#db,
      `UPDATE mail SET state = 'sent', attempts = attempts + 1, sent_at = ?, next_attempt_at = NULL, last_error = NULL
         WHERE key = ?`,
    ).run(at.toISOString(), key);
  }

  /** Records a failed attempt: retried from `retryAt`, or given up on (`failed`) when that is null. */
  markFailed(key: string, error: string, retryAt: Date | null): void {
    prepared(
      this.#db,
      "UPDATE mail SET state = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE key = ?",
    ).run(retryAt ? "pending" : "failed", error.slice(0, 2_000), retryAt?.toISOString() ?? null, key);
  }
}

function stored(row: Row): StoredEmail {
  // Written by `send` from a rendered email; not parsed again.
  const email = JSON.parse(String(row.email)) as OutgoingEmail;
  return {
    ...email,
    createdAt: String(row.created_at),
    state: String(row.state) as MailState,
    attempts: Number(row.attempts),
    lastError: row.last_error === null ? null : String(row.last_error),
    sentAt: row.sent_at === null ? null : String(row.sent_at),
  };
}
