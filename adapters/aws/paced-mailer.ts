/**
 * A mailer paced to the SES account's sending rate. The messenger hands over a host message's or thank-you's
 * emails all at once; SES refuses what goes beyond the account's rate per second (14 by default, 1 in the
 * sandbox) with TooManyRequestsException, and a refused email used to fail its stream batch. Here sends go one
 * at a time, each in the next free slot of the rate (one every 1000/rate ms), and a send SES
 * still throttles (another function sending at the same time) waits and tries again, with a growing backoff,
 * for as long as SES asks, up to `maxWaitMs`; only then does it throw (the claim was released, so the stream's
 * retry sends it).
 */
import type { Mailer, OutgoingEmail } from "../../core/mail-ports.ts";

export interface PacedMailerOptions {
  /** Emails per second this function may send (the account's rate, shared by the functions sending at once). */
  ratePerSecond: number;
  /** Now, in ms (the clock of the rest of the runtime). */
  now: () => number;
  /** Resolves at (or after) the instant `at` (ms): a timer in Lambda, a clock move in a test. */
  sleepUntil: (at: number) => Promise<void>;
  /** How long one email may wait for SES in all before its send throws (default 40 s, inside the timeout). */
  maxWaitMs?: number;
}

/** What SES answers when the account's sending rate (or a quota per second) is exceeded. */
export function isThrottled(error: unknown): boolean {
  const name = error instanceof Error ? error.name : "";
  return /TooManyRequests|Throttl|LimitExceeded/.test(name);
}

/** The Mailer port in front of another, paced to a sending rate and riding out throttling. */
export class PacedMailer implements Mailer {
  readonly #inner: Mailer;
  readonly #interval: number;
  readonly #now: () => number;
  readonly #sleepUntil: (at: number) => Promise<void>;
  readonly #maxWaitMs: number;
  /** The first instant the next send may start at. */
  #next = 0;
  /** The send in hand: sends go one after another, each in its slot. */
  #tail: Promise<unknown> = Promise.resolve();

  constructor(inner: Mailer, options: PacedMailerOptions) {
    if (!(options.ratePerSecond > 0)) throw new RangeError("the sending rate must be positive");
    this.#inner = inner;
    // Whole milliseconds, rounded up: n slots never fit n + 1 sends into one second.
    this.#interval = Math.ceil(1000 / options.ratePerSecond);
    this.#now = options.now;
    this.#sleepUntil = options.sleepUntil;
    this.#maxWaitMs = options.maxWaitMs ?? 40_000;
  }

  /**
   * Sends in the order asked, one at a time (an SES call takes tens of milliseconds, well inside a slot at an
   * account's rate), so a slot is taken only once the send before it is done.
   */
  send(email: OutgoingEmail): Promise<boolean> {
    return this.pace(() => this.#inner.send(email));
  }

  /**
   * Runs `task` (one SES send) in the next free slot of the rate, one at a time, and again after a backoff
   * while SES throttles it, up to `maxWaitMs`; then its throttling error is thrown (the send job's consumer
   * puts the job back to wait instead: runtime/aws/handlers/sqs-send-handler.ts).
   */
  pace<T>(task: () => Promise<T>): Promise<T> {
    const done = this.#tail.then(() => this.#paced(task));
    this.#tail = done.catch(() => {});
    return done;
  }

  async #paced<T>(task: () => Promise<T>): Promise<T> {
    const started = this.#now();
    for (let attempt = 0; ; attempt += 1) {
      // A throttled send backs off 0.25, 0.5, 1, 2 s, … (at most 4 s) before it takes its next slot.
      const backoff = attempt === 0 ? 0 : Math.min(4000, 250 * 2 ** (attempt - 1));
      const slot = Math.max(this.#now() + backoff, this.#next);
      this.#next = slot + this.#interval;
      await this.#sleepUntil(slot);
      try {
        return await task();
      } catch (error) {
        if (!isThrottled(error) || this.#now() - started > this.#maxWaitMs) throw error;
      }
    }
  }
}

/** `sleepUntil` on the real clock. */
export const sleepUntil = (at: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
