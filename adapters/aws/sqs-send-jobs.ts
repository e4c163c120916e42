/**
 * The mail path's queue on a standard SQS queue: the Mailer port as the streams function sees it (an email
 * becomes a send job, contracts/send-job.ts, and the Send function sends it, paced), and the put-back of a job
 * that has to wait (SES throttled it, or another delivery holds its key), with a delivery delay.
 *
 * A standard queue, not FIFO: jobs are independent (one email each, deduplicated by its key's claim when
 * sent, not by the queue), so they may be sent in parallel and in any order, and a delay per message is
 * allowed. The emails one change batch asks for are collected for a moment and sent with SendMessageBatch, at
 * most 10 entries and 256 KiB per request; entries SQS failed on its own side are sent again, a few times.
 */
import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  SendMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { maxSendJobBytes, type SendJob, sendJobBody } from "../../contracts/send-job.ts";
import type { Mailer, OutgoingEmail } from "../../core/mail-ports.ts";

export interface SqsSendJobsOptions {
  client: SQSClient;
  /** The standard queue's URL. */
  queueUrl: string;
  /** Rounds of sending again what SQS failed on its side (default 3). */
  maxRetries?: number;
  /**
   * Bulk emails (a host message, the thank-you note, the news of a moved event) are queued to show at most this
   * many a second (delivery delays, up to SQS's 15 minutes), below the account's rate, so that the emails of a
   * guest's own action queued meanwhile find the queue short and go out within seconds. Absent: all at once.
   */
  bulkPerSecond?: number;
  /** Now, in ms (for the bulk trickle). */
  now?: () => number;
}

/** The kinds (X-Rsvp-Kind) of the emails one change sends to many guests. */
const bulkKinds = new Set(["host-message", "thank-you", "event-changed"]);

interface Pending {
  body: string;
  delaySeconds: number;
  bytes: number;
  settle: { resolve: (sent: boolean) => void; reject: (error: unknown) => void };
}

/** An email SQS would not take as a job (too large, or refused as the sender's fault). */
export class SendJobRefusedError extends Error {
  override readonly name = "SendJobRefusedError";
}

/** Send jobs on a standard SQS queue. */
export class SqsSendJobs implements Mailer {
  readonly #client: SQSClient;
  readonly #queueUrl: string;
  readonly #maxRetries: number;
  readonly #bulkPerSecond: number | null;
  readonly #now: () => number;
  /** When the last bulk job queued so far shows (ms): the next one is queued to show after it. */
  #bulkUntil = 0;
  #pending: Pending[] = [];

  constructor(options: SqsSendJobsOptions) {
    this.#client = options.client;
    this.#queueUrl = options.queueUrl;
    this.#maxRetries = options.maxRetries ?? 3;
    this.#bulkPerSecond = options.bulkPerSecond && options.bulkPerSecond > 0 ? options.bulkPerSecond : null;
    this.#now = options.now ?? Date.now;
  }

  /** The delay a job is queued with: none, or its place in the bulk trickle. */
  #delayOf(email: OutgoingEmail): number {
    const kind = email.headers["X-Rsvp-Kind"];
    if (this.#bulkPerSecond === null || kind === undefined || !bulkKinds.has(kind)) return 0;
    const now = this.#now();
    this.#bulkUntil = Math.max(now, this.#bulkUntil + 1000 / this.#bulkPerSecond);
    return Math.min(900, Math.floor((this.#bulkUntil - now) / 1000));
  }

  /**
   * Queues the email as a send job (resolves true once SQS has it). The Send function sends it at most once
   * per key, so a change delivered twice queues a job twice and sends one email.
   */
  send(email: OutgoingEmail): Promise<boolean> {
    const body = sendJobBody({ v: 1, email, attempt: 0 });
    const bytes = Buffer.byteLength(body, "utf8");
    if (bytes > maxSendJobBytes)
      return Promise.reject(
        new SendJobRefusedError(
          `email ${email.key} is ${bytes} bytes as a job; SQS takes ${maxSendJobBytes}`,
        ),
      );
    return new Promise((resolve, reject) => {
      // The emails asked for together (the messenger hands a change batch's over at once) go in one flush.
      if (this.#pending.length === 0) queueMicrotask(() => void this.#flush());
      this.#pending.push({ body, bytes, delaySeconds: this.#delayOf(email), settle: { resolve, reject } });
    });
  }

  /** Puts a job back, to show again after `delaySeconds` (at most 900, SQS's longest delay). */
  async later(job: SendJob, delaySeconds: number): Promise<void> {
    await this.#client.send(
      new SendMessageCommand({
        QueueUrl: this.#queueUrl,
        MessageBody: sendJobBody(job),
        DelaySeconds: Math.max(0, Math.min(900, Math.round(delaySeconds))),
      }),
    );
  }

  async #flush(): Promise<void> {
    const all = this.#pending;
    this.#pending = [];
    const chunks: Pending[][] = [];
    let chunk: Pending[] = [];
    let size = 0;
    for (const p of all) {
      if (chunk.length === 10 || size + p.bytes > maxSendJobBytes) {
        chunks.push(chunk);
        chunk = [];
        size = 0;
      }
      chunk.push(p);
      size += p.bytes;
    }
    if (chunk.length > 0) chunks.push(chunk);
    await Promise.all(chunks.map((c) => this.#sendChunk(c)));
  }

  async #sendChunk(chunk: Pending[]): Promise<void> {
    let left = chunk;
    for (let round = 0; left.length > 0; round += 1) {
      const entries: SendMessageBatchRequestEntry[] = left.map((p, i) => ({
        Id: `j${i}`,
        MessageBody: p.body,
        ...(p.delaySeconds > 0 ? { DelaySeconds: p.delaySeconds } : {}),
      }));
      let failed: { Id?: string; SenderFault?: boolean; Code?: string; Message?: string }[];
      try {
        const answer = await this.#client.send(
          new SendMessageBatchCommand({ QueueUrl: this.#queueUrl, Entries: entries }),
        );
        failed = answer.Failed ?? [];
      } catch (error) {
        for (const p of left) p.settle.reject(error);
        return;
      }
      const byId = new Map(failed.map((f) => [f.Id, f]));
      const again: Pending[] = [];
      left.forEach((p, i) => {
        const f = byId.get(`j${i}`);
        if (!f) p.settle.resolve(true);
        else if (!f.SenderFault && round < this.#maxRetries) again.push(p);
        else p.settle.reject(new SendJobRefusedError(`SQS refused a send job: ${f.Code}: ${f.Message}`));
      });
      left = again;
    }
  }
}
