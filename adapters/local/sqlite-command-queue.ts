import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import { Command } from "../../contracts/command.ts";
import type { CommandQueue, DeadLetter, DeadLetterLookup, QueuedCommand } from "../../core/ports.ts";
import { prepared } from "./sqlite-database.ts";
import {
  findDeadLetter,
  listDeadLetters,
  type QueueRow,
  requeueDeadLetters,
  safeJson,
  setAsideSync,
} from "./sqlite-dead-letters.ts";
import { GroupCommit } from "./sqlite-group-commit.ts";

type Row = Record<string, SQLInputValue>;

/** A batch of one group's oldest messages, in order. */
export interface GroupBatch {
  groupId: string;
  messages: QueuedCommand[];
  /** Messages whose body no longer parses as a command: they go straight to the dead letters. */
  unreadable: { receipt: string; error: string }[];
}

/**
 * The embedded command queue: FIFO per event (the message group), deduplicated by command id while a message
 * is queued, with attempts and dead letters after too many failures (kept, listable, replayable).
 */
export class SqliteCommandQueue implements CommandQueue, DeadLetterLookup {
  readonly #db: DatabaseSync;
  readonly #listeners = new Set<() => void>();
  readonly #commit: GroupCommit;

  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#commit = new GroupCommit(db, {
      write: (commands) => this.sendSync(commands),
      notify: () => this.notify(),
    });
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
    return this.#commit.send(commands);
  }

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
    if (!this.#notifying && !this.#commit.holdingNotify) {
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
    setAsideSync(this.#db, row, error, at);
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
    return listDeadLetters(this.#db);
  }

  async findDeadLetter(eventId: string, commandId: string): Promise<DeadLetter | null> {
    return findDeadLetter(this.#db, eventId, commandId);
  }

  /**
   * Puts dead letters back at the tail of their group's queue with fresh attempts. Harmless to repeat:
   * the keeper recognises commands it already applied.
   */
  replayDeadLetters(ids?: readonly string[]): number {
    const replayed = requeueDeadLetters(this.#db, ids);
    this.notify();
    return replayed;
  }
}
