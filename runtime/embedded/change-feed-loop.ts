import { setTimeout as delay, setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { Logger } from "pino";
import type { SqliteChangeFeed } from "../../adapters/local/sqlite-change-feed.ts";
import type { ChangeHandler } from "../../core/ports.ts";
import { Signal } from "./signal.ts";

export interface NamedHandler {
  /** The checkpoint name: renaming a handler makes it start again from the first change. */
  name: string;
  handle: ChangeHandler;
}

/**
 * Delivers the outbox to stream handlers, each in order from its own checkpoint, at least once: a handler
 * that fails is retried with backoff from the same change, so every handler must be idempotent.
 */
export class ChangeFeedLoop {
  readonly #feed: SqliteChangeFeed;
  readonly #handlers: readonly NamedHandler[];
  readonly #logger: Logger;
  readonly #pageSize: number;
  readonly #yieldTo: (() => boolean) | undefined;
  readonly #wake = new Signal();
  readonly #caughtUp = new Signal();
  #running = false;
  #done: Promise<void> | null = null;
  #fault: { reason: string; since: string } | null = null;

  /**
   * `yieldTo`: while it says true (the keeper is working through a backlog), each page waits its turn, for
   * at most `maxYieldMs` in a row: deciding seats comes before the emails about them, and a rush's emails
   * may wait a moment, never for good.
   */
  constructor(
    feed: SqliteChangeFeed,
    handlers: readonly NamedHandler[],
    logger: Logger,
    pageSize = 500,
    yieldTo?: () => boolean,
  ) {
    this.#feed = feed;
    this.#handlers = handlers;
    this.#logger = logger;
    this.#pageSize = pageSize;
    this.#yieldTo = yieldTo;
  }

  /** How long a page may wait for the keeper in a row before it is delivered anyway. */
  static readonly maxYieldMs = 2_000;

  async #waitForKeeper(): Promise<void> {
    if (!this.#yieldTo) return;
    const until = performance.now() + ChangeFeedLoop.maxYieldMs;
    while (this.#running && this.#yieldTo() && performance.now() < until) await delay(5);
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#done = this.#run();
  }

  /** There may be new changes: deliver them. */
  poke(): void {
    this.#wake.fire();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#wake.fire();
    await this.#done;
  }

  /** Why changes are not being delivered right now (a handler keeps failing), or null while they are. */
  fault(): { reason: string; since: string } | null {
    return this.#fault;
  }

  /** Resolves once every handler has handled every change committed so far. */
  async idle(): Promise<void> {
    while (this.#handlers.some((h) => this.#feed.lag(h.name) > 0)) {
      this.#wake.fire();
      await this.#caughtUp.wait();
    }
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (this.#running) {
      let delivered = false;
      try {
        for (const h of this.#handlers) {
          await this.#waitForKeeper();
          const page = this.#feed.read(h.name, this.#pageSize);
          if (!page) continue;
          await h.handle(page.changes);
          this.#feed.commit(h.name, page.lastSeq);
          delivered = true;
          // Let the keeper, which shares this thread, decide its next batch between two handlers' pages:
          // deciding seats comes before sending the emails about them.
          await yieldToEventLoop();
        }
        failures = 0;
        this.#fault = null;
      } catch (error) {
        failures += 1;
        // Reported after a few failures in a row: one failed send is retried at once, nothing is down.
        if (failures >= 3) this.#fault ??= { reason: String(error), since: new Date().toISOString() };
        this.#logger.error({ err: error, failures }, "change handler failed; retrying from its checkpoint");
        this.#caughtUp.fire();
        await delay(Math.min(5_000, 100 * 2 ** Math.min(failures, 6)));
        continue;
      }
      this.#caughtUp.fire();
      // The timeout picks up changes committed by another process on the same data dir (`rsvp event create`).
      if (!delivered) await this.#wake.wait(1_000);
    }
  }
}
