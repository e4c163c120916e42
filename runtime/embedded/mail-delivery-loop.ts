import type { Logger } from "pino";
import { type MailTransport, PermanentMailError } from "../../adapters/local/smtp-delivery.ts";
import type { SqliteMailOutbox } from "../../adapters/local/sqlite-mail-outbox.ts";
import { mayStillSend } from "../../core/mail-recipient.ts";
import { type Clock, type GuestReader, systemClock } from "../../core/ports.ts";
import { Signal } from "./signal.ts";

export interface MailDeliveryLoopOptions {
  outbox: SqliteMailOutbox;
  transport: MailTransport;
  /** The guests' rows, read before each send: nothing goes to a guest whose data was erased since it was queued. */
  guests: Pick<GuestReader, "getGuest">;
  logger: Logger;
  clock?: Clock;
  /** Attempts before an email is given up on (`failed`). */
  maxAttempts?: number;
  /** How long to wait before the next attempt after `attempts` failed ones, in ms. */
  backoffMs?: (attempts: number) => number;
  /** The longest an idle loop sleeps before looking again (a retry may fall due meanwhile). */
  idlePollMs?: number;
  batchSize?: number;
}

/** 30 s, 1 min, 2 min, … doubling, at most an hour: eight attempts span about an hour and a half. */
const defaultMailBackoff = (attempts: number) => Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));

/**
 * Delivers queued emails through a transport (SMTP) and records each outcome in the outbox: sent, retried
 * later with backoff, or failed for good (a permanent refusal, or too many attempts). Emails are queued in the
 * change handler's turn and delivered here, so a slow mail server never holds the change feed up.
 */
export class MailDeliveryLoop {
  readonly #o: Required<Omit<MailDeliveryLoopOptions, "clock">> & { clock: Clock };
  readonly #wake = new Signal();
  readonly #passed = new Signal();
  #running = false;
  #stopping = false;
  #done: Promise<void> | null = null;
  #unsubscribe: (() => void) | null = null;

  constructor(options: MailDeliveryLoopOptions) {
    this.#o = {
      clock: systemClock,
      maxAttempts: 8,
      backoffMs: defaultMailBackoff,
      idlePollMs: 1_000,
      batchSize: 50,
      ...options,
    };
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#stopping = false;
    this.#unsubscribe = this.#o.outbox.onQueued(() => this.#wake.fire());
    this.#done = this.#run();
  }

  /** Stops after the email in hand; what is still pending is delivered after the next start. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#stopping = true;
    this.#unsubscribe?.();
    this.#wake.fire();
    await this.#done;
    this.#o.transport.close();
  }

  /** There may be new mail: look now. */
  poke(): void {
    this.#wake.fire();
  }

  /** Resolves once no pending email is due (each was sent, failed or is waiting for a later retry). */
  async idle(): Promise<void> {
    while (this.#running && this.#o.outbox.pending(this.#o.clock.now(), 1).length > 0) {
      this.#wake.fire();
      await this.#passed.wait();
    }
  }

  async #run(): Promise<void> {
    while (this.#running) {
      let delivered = 0;
      try {
        delivered = await this.deliverDue();
      } catch (error) {
        // The outbox itself failed (the database): try again after a pause rather than spin.
        this.#o.logger.error({ err: error }, "mail delivery pass failed");
      }
      this.#passed.fire();
      if (delivered === 0) await this.#wake.wait(this.#o.idlePollMs);
    }
  }

  /** One pass: tries every email due now (up to a batch); returns how many it tried. */
  async deliverDue(): Promise<number> {
    const { outbox, transport, guests, clock, logger } = this.#o;
    const due = outbox.pending(clock.now(), this.#o.batchSize);
    for (const email of due) {
      if (this.#stopping) break;
      // Asked per email, not per pass: the erase may commit while this pass sends the emails before it.
      if (!(await mayStillSend(email, (eventId, guestId) => guests.getGuest(eventId, guestId)))) {
        // Gives up what is still queued for them and blanks what is kept (as the messenger's erase does).
        if (email.guestId !== null) await outbox.forgetGuest(email.eventId, email.guestId);
        logger.info({ key: email.key }, "email not sent: its guest's data was erased");
        continue;
      }
      try {
        await transport.deliver(email);
        outbox.markSent(email.key, clock.now());
        logger.debug({ key: email.key }, "email sent");
      } catch (error) {
        const attempts = email.attempts + 1;
        const permanent = error instanceof PermanentMailError;
        const giveUp = permanent || attempts >= this.#o.maxAttempts;
        const retryAt = giveUp ? null : new Date(clock.now().getTime() + this.#o.backoffMs(attempts));
        outbox.markFailed(email.key, String((error as Error).message ?? error), retryAt);
        logger[giveUp ? "error" : "warn"](
          { err: error, key: email.key, attempts, retryAt: retryAt?.toISOString() ?? null },
          giveUp ? "email not delivered; given up" : "email not delivered; will retry",
        );
      }
    }
    return due.length;
  }
}
