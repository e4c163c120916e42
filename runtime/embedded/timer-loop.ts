import type { Logger } from "pino";
import type { SqliteCommandQueue } from "../../adapters/local/sqlite-command-queue.ts";
import type { SqliteTimers } from "../../adapters/local/sqlite-timers.ts";
import type { Clock } from "../../core/ports.ts";
import { Signal } from "./signal.ts";

/**
 * The embedded timer loop: fires due timers into the command queue. It looks once a second (timers are
 * minutes to days apart, and a second's delay is invisible to a guest); `fireDue` is also called directly
 * when a test moves its fake clock.
 */
export class TimerLoop {
  readonly #timers: SqliteTimers;
  readonly #queue: SqliteCommandQueue;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #pollMs: number;
  readonly #wake = new Signal();
  #running = false;
  #done: Promise<void> | null = null;

  constructor(o: {
    timers: SqliteTimers;
    queue: SqliteCommandQueue;
    clock: Clock;
    logger: Logger;
    pollMs?: number;
  }) {
    this.#timers = o.timers;
    this.#queue = o.queue;
    this.#clock = o.clock;
    this.#logger = o.logger;
    this.#pollMs = o.pollMs ?? 1_000;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#done = this.#run();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#wake.fire();
    await this.#done;
  }

  /** Fires everything due by the clock's now; returns how many fired. */
  fireDue(): number {
    let fired = 0;
    for (let n = this.#timers.fireDue(this.#queue, this.#clock.now()); n > 0; ) {
      fired += n;
      n = this.#timers.fireDue(this.#queue, this.#clock.now());
    }
    if (fired > 0) this.#logger.debug({ fired }, "timers fired");
    return fired;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      try {
        this.fireDue();
      } catch (error) {
        this.#logger.error({ err: error }, "firing timers failed; trying again shortly");
      }
      await this.#wake.wait(this.#pollMs);
    }
  }
}
