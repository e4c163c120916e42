import type { DatabaseSync } from "node:sqlite";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { Logger } from "pino";
import type { SqliteCommandQueue } from "../../adapters/local/sqlite-command-queue.ts";
import { transaction } from "../../adapters/local/sqlite-database.ts";
import type { SqliteGuestStore } from "../../adapters/local/sqlite-guest-store.ts";
import { applyCommandsSync } from "../../core/keeper.ts";
import type { Clock, QueuedCommand } from "../../core/ports.ts";
import { Signal } from "./signal.ts";

export interface KeeperLoopOptions {
  db: DatabaseSync;
  queue: SqliteCommandQueue;
  store: SqliteGuestStore;
  clock: Clock;
  logger: Logger;
  /** Commands of one event applied in one transaction. */
  batchSize?: number;
  /** Failed attempts before a command is set aside as a dead letter. */
  maxAttempts?: number;
  /**
   * How long an idle loop sleeps before looking at the queue again although nobody woke it: commands can
   * also arrive from another process on the same data dir (`rsvp dlq replay`), which cannot wake this one.
   */
  idlePollMs?: number;
  /** Told after each committed batch (the change feed wakes on it). */
  onCommitted?: () => void;
}

/**
 * The embedded keeper: the single consumer of the command queue, so it is the lock. It takes the oldest
 * event's commands in order, applies them through the keeper and acknowledges them in ONE transaction, so a
 * crash either applied and removed a batch or did neither.
 */
export class KeeperLoop {
  readonly #o: Required<Omit<KeeperLoopOptions, "onCommitted">> & Pick<KeeperLoopOptions, "onCommitted">;
  readonly #wake = new Signal();
  #running = false;
  #done: Promise<void> | null = null;
  #unsubscribe: (() => void) | null = null;

  constructor(options: KeeperLoopOptions) {
    this.#o = { batchSize: 200, maxAttempts: 5, idlePollMs: 1_000, ...options };
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#unsubscribe = this.#o.queue.onEnqueued(() => this.#wake.fire());
    this.#done = this.#run();
  }

  /** Commands may have been queued through another connection: look now. */
  poke(): void {
    this.#wake.fire();
  }

  /** Stops after the batch in hand; what is still queued stays queued for the next start. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#unsubscribe?.();
    this.#wake.fire();
    await this.#done;
  }

  /** Resolves when the queue is empty (used by drain on shutdown and by tests). */
  async idle(): Promise<void> {
    while (this.#o.queue.depth() > 0) await this.#processed.wait();
  }

  readonly #processed = new Signal();

  async #run(): Promise<void> {
    while (this.#running) {
      const worked = this.processOnce();
      this.#processed.fire();
      if (worked) await yieldToEventLoop();
      else await this.#wake.wait(this.#o.idlePollMs);
    }
  }

  /** Applies one batch; false when the queue was empty. */
  processOnce(): boolean {
    const { queue, db } = this.#o;
    const batch = queue.nextGroupBatch(this.#o.batchSize);
    if (!batch) return false;
    if (batch.unreadable.length > 0) {
      transaction(db, () => {
        for (const u of batch.unreadable)
          queue.failSync(u.receipt, `unreadable command: ${u.error}`, 1, this.#o.clock.now());
      });
      this.#o.logger.error(
        { group: batch.groupId, count: batch.unreadable.length },
        "unreadable commands set aside",
      );
      return true;
    }
    try {
      this.#apply(batch.groupId, batch.messages);
    } catch (error) {
      // One bad command must not hold back the rest: retry one by one, so only the culprit is counted.
      this.#o.logger.warn(
        { err: error, group: batch.groupId },
        "batch failed; retrying its commands one at a time",
      );
      for (const m of batch.messages) {
        try {
          this.#apply(batch.groupId, [m]);
        } catch (single) {
          const dead = transaction(db, () =>
            queue.failSync(m.receipt, String(single), this.#o.maxAttempts, this.#o.clock.now()),
          );
          this.#o.logger.error({ err: single, commandId: m.command.commandId, dead }, "command failed");
          break; // FIFO: later commands of this event wait until this one succeeds or is set aside
        }
      }
    }
    this.#o.onCommitted?.();
    return true;
  }

  #apply(groupId: string, messages: readonly QueuedCommand[]) {
    const { db, queue, store, clock } = this.#o;
    const results = transaction(db, () => {
      const r = applyCommandsSync(
        store,
        groupId,
        messages.map((m) => m.command),
        clock.now(),
      );
      queue.ackSync(messages.map((m) => m.receipt));
      return r;
    });
    this.#o.logger.debug({ group: groupId, applied: results.length }, "batch committed");
  }
}
