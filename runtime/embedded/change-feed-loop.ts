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
 * How the feed gives way to the work that cannot wait: accepting requests (the request thread shares the
 * machine's cores with this one) and deciding seats (the keeper shares this thread). A rush's emails may be
 * late, never starved.
 */
export interface FeedPacing {
  /** Whether requests are arriving or the keeper is working through a backlog right now. */
  underLoad: () => boolean;
  /** Changes a page under load: small, so one page never holds the thread for long. */
  pageSize: number;
  /**
   * Under load, after each page, the feed rests this many times as long as the page took: it then uses at
   * most 1 / (1 + restRatio) of its thread while the load lasts, and all of it once the load is gone.
   */
  restRatio: number;
  /**
   * How long one page may hold the thread, under load or not: each handler's next page holds as many changes
   * as its last page's time per change says fit (at least one, at most the page size). A page of confirmation
   * emails (a QR code each, several ms) would otherwise keep the keeper, which shares this thread and learns of
   * another process's commands by looking every 100 ms, waiting for seconds. Absent: pages by size only.
   */
  pageMs?: number;
  /** The clock pages are timed by (tests step it); absent: performance.now. */
  now?: () => number;
}

/** Changes in a handler's first page under pacing, before its time per change is known. */
const firstPacedPage = 10;

/**
 * Delivers the outbox to stream handlers, each in order from its own checkpoint, at least once: a handler
 * that fails is retried with backoff from the same change, so every handler must be idempotent.
 */
export class ChangeFeedLoop {
  readonly #feed: SqliteChangeFeed;
  readonly #handlers: readonly NamedHandler[];
  readonly #logger: Logger;
  readonly #pageSize: number;
  readonly #pacing: FeedPacing | undefined;
  readonly #wake = new Signal();
  readonly #caughtUp = new Signal();
  #running = false;
  #done: Promise<void> | null = null;
  #fault: { reason: string; since: string } | null = null;
  /** performance.now() until which the feed rests while the load lasts (the pacing's share). */
  #restUntil = 0;
  /** Each handler's time per change in its last page (ms), for the pacing's page budget. */
  readonly #msPerChange = new Map<string, number>();

  /** `pacing`: give way under load (`rsvp start`); absent (tests), every page is delivered at once. */
  constructor(
    feed: SqliteChangeFeed,
    handlers: readonly NamedHandler[],
    logger: Logger,
    pageSize = 500,
    pacing?: FeedPacing,
  ) {
    this.#feed = feed;
    this.#handlers = handlers;
    this.#logger = logger;
    this.#pageSize = pageSize;
    this.#pacing = pacing;
  }

  /**
   * Rests out the pacing's share while the load lasts (checked every few ms: the rest ends as soon as the load
   * does), then says how many changes `handler`'s next page may hold.
   */
  async #pace(handler: string): Promise<number> {
    const pacing = this.#pacing;
    if (!pacing) return this.#pageSize;
    // The news of arriving requests are messages to this thread: let those that came during the last page in.
    await yieldToEventLoop();
    while (this.#running && performance.now() < this.#restUntil && pacing.underLoad())
      await delay(Math.min(10, Math.max(1, this.#restUntil - performance.now())));
    this.#paced = pacing.underLoad();
    const most = this.#paced ? pacing.pageSize : this.#pageSize;
    if (pacing.pageMs === undefined) return most;
    const msPerChange = this.#msPerChange.get(handler);
    if (msPerChange === undefined) return Math.min(most, firstPacedPage);
    return Math.max(1, Math.min(most, Math.floor(pacing.pageMs / Math.max(msPerChange, 1e-3))));
  }

  /** Whether the page in hand was taken under load. */
  #paced = false;

  /** The pacing's clock, or performance.now. */
  #now(): number {
    return this.#pacing?.now?.() ?? performance.now();
  }

  /** After `handler`'s page of `changes` that took `ms`: its time per change, and the rest owed under load. */
  #rested(handler: string, changes: number, ms: number): void {
    if (!this.#pacing) return;
    this.#msPerChange.set(handler, ms / Math.max(1, changes));
    if (this.#paced) this.#restUntil = performance.now() + ms * this.#pacing.restRatio;
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
    while (this.#handlers.some((h) => this.#feed.behind(h.name))) {
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
          const pageSize = await this.#pace(h.name);
          const started = this.#now();
          const page = this.#feed.read(h.name, pageSize);
          if (!page) continue;
          await h.handle(page.changes);
          this.#feed.commit(h.name, page.lastSeq);
          this.#rested(h.name, page.changes.length, this.#now() - started);
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
