import type { DatabaseSync } from "node:sqlite";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { Logger } from "pino";
import type { SqliteCommandQueue } from "../../adapters/local/sqlite-command-queue.ts";
import { storageFault, transaction } from "../../adapters/local/sqlite-database.ts";
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
  /** Commands of one event applied in one transaction, at most. */
  batchSize?: number;
  /**
   * While this says so (no requests arriving: an import or a replay from another process, a backlog after a
   * restart), batches may hold up to `size` commands instead: fewer, bigger transactions write each index page
   * they touch once for more rows. Under a rush the request thread's queue writes wait for the keeper's
   * write lock, so there `batchSize` holds.
   */
  backlogBatch?: { size: number; when: () => boolean };
  /**
   * After a batch that did not fill `batchSize`, how long the loop waits before taking the next one, so that
   * commands arriving meanwhile share one transaction (one event-row write, one commit) instead of each
   * taking a turn; 0: take the next at once. Under a rush this trades a few ms of each registration's
   * processing for far fewer, bigger commits, which leaves more of the machine to the requests.
   */
  lingerMs?: number;
  /** Failed attempts before a command is set aside as a dead letter. */
  maxAttempts?: number;
  /**
   * How long an idle loop sleeps before looking at the queue again although nobody woke it: commands can
   * also arrive from another process on the same data dir (`rsvp dlq replay`), which cannot wake this one.
   */
  idlePollMs?: number;
  /** Told after each committed batch (the change feed wakes on it). */
  onCommitted?: () => void;
  /**
   * How long the loop waits before trying again after the storage failed (the disk full, an I/O error): the
   * first wait, doubled after each further failure up to `maxMs`.
   */
  faultBackoff?: { firstMs: number; maxMs: number };
}

/** Why the loop is not applying commands right now, and since when (null while it works). */
export interface LoopFault {
  reason: string;
  since: string;
}

/**
 * The embedded keeper: the single consumer of the command queue, so it is the lock. It takes the oldest
 * event's commands in order, applies them through the keeper and acknowledges them in ONE transaction, so a
 * crash either applied and removed a batch or did neither.
 */
export class KeeperLoop {
  readonly #o: Required<Omit<KeeperLoopOptions, "onCommitted" | "backlogBatch">> &
    Pick<KeeperLoopOptions, "onCommitted" | "backlogBatch">;
  readonly #wake = new Signal();
  readonly #stopped = new Signal();
  #fault: LoopFault | null = null;
  #failures = 0;
  #running = false;
  #busy = false;
  #done: Promise<void> | null = null;
  #unsubscribe: (() => void) | null = null;

  constructor(options: KeeperLoopOptions) {
    this.#o = {
      batchSize: 1_000,
      lingerMs: 0,
      maxAttempts: 5,
      idlePollMs: 1_000,
      faultBackoff: { firstMs: 500, maxMs: 30_000 },
      ...options,
    };
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
    this.#stopped.fire();
    await this.#done;
  }

  /** Whether the loop is working through commands (its last look at the queue found some). */
  busy(): boolean {
    return this.#busy;
  }

  /** Why commands are not being applied right now (the storage failed), or null while the loop works. */
  fault(): LoopFault | null {
    return this.#fault;
  }

  /** Resolves when the queue is empty (used by drain on shutdown and by tests). */
  async idle(): Promise<void> {
    while (this.#o.queue.depth() > 0) await this.#processed.wait();
  }

  readonly #processed = new Signal();

  async #run(): Promise<void> {
    while (this.#running) {
      let taken: number;
      try {
        taken = this.#takeBatch();
      } catch (error) {
        // The storage failed (the disk is full, an I/O error): no command is to blame, and none is counted.
        // The loop stays alive and tries again after a growing pause; `fault()` says why meanwhile (the
        // health check reports it), and the commands wait in the queue, in order.
        this.#failures += 1;
        this.#busy = false; // nothing to give way to while paused
        const reason = storageFault(error) ?? String(error);
        this.#fault ??= { reason, since: this.#o.clock.now().toISOString() };
        this.#fault.reason = reason;
        const { firstMs, maxMs } = this.#o.faultBackoff;
        const pauseMs = Math.min(maxMs, firstMs * 2 ** Math.min(this.#failures - 1, 16));
        this.#o.logger.error(
          { err: error, failures: this.#failures, retryInMs: pauseMs },
          `the keeper cannot apply commands (${reason}); trying again`,
        );
        this.#processed.fire();
        await this.#stopped.wait(pauseMs);
        continue;
      }
      if (this.#fault) {
        this.#o.logger.info({ down: this.#fault }, "the keeper applies commands again");
        this.#fault = null;
      }
      this.#failures = 0;
      this.#processed.fire();
      this.#busy = taken > 0;
      if (taken >= this.#o.batchSize || (taken > 0 && this.#o.lingerMs === 0)) await yieldToEventLoop();
      else if (taken > 0) await this.#stopped.wait(this.#o.lingerMs);
      else await this.#wake.wait(this.#o.idlePollMs);
    }
  }

  /**
   * Applies one batch; false when the queue was empty. Throws when the storage failed (see `storageFault`):
   * then nothing was applied and nothing counted against a command.
   */
  processOnce(): boolean {
    return this.#takeBatch() > 0;
  }

  /** `processOnce`, telling how many queued messages it took (0: the queue was empty). */
  #takeBatch(): number {
    const { queue, db } = this.#o;
    const backlog = this.#o.backlogBatch;
    const batch = queue.nextGroupBatch(backlog?.when() ? backlog.size : this.#o.batchSize);
    if (!batch) return 0;
    const taken = batch.messages.length + batch.unreadable.length;
    if (batch.unreadable.length > 0) {
      transaction(db, () => {
        for (const u of batch.unreadable)
          queue.failSync(u.receipt, `unreadable command: ${u.error}`, 1, this.#o.clock.now());
      });
      this.#o.logger.error(
        { group: batch.groupId, count: batch.unreadable.length },
        "unreadable commands set aside",
      );
      return taken;
    }
    try {
      this.#apply(batch.groupId, batch.messages);
    } catch (error) {
      if (storageFault(error)) throw error;
      // One bad command must not hold back the rest: retry one by one, so only the culprit is counted.
      this.#o.logger.warn(
        { err: error, group: batch.groupId },
        "batch failed; retrying its commands one at a time",
      );
      for (const m of batch.messages) {
        try {
          this.#apply(batch.groupId, [m]);
        } catch (single) {
          if (storageFault(single)) throw single;
          const dead = transaction(db, () =>
            queue.failSync(m.receipt, String(single), this.#o.maxAttempts, this.#o.clock.now()),
          );
          this.#o.logger.error({ err: single, commandId: m.command.commandId, dead }, "command failed");
          break; // FIFO: later commands of this event wait until this one succeeds or is set aside
        }
      }
    }
    this.#o.onCommitted?.();
    return taken;
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
