/**
 * What the standard dead-letter queues have in common (the failed-events queue and the send queue's dead
 * letters): listing receives every message with a visibility timeout and makes it visible again at once,
 * deleting nothing; replaying hands each chosen message to the queue's own `replayOne` and deletes it only when
 * that succeeded, making the rest visible again. Each queue says what a message is (`asLetter`) and how it is
 * replayed; the receiving, releasing, deleting and the report are here, once.
 */
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { DeadLetter, DeadLetterListing, ReplayReport } from "../../core/ports.ts";
import { releaseMessages } from "./sqs-dead-letters.ts";

/** Why a message was not replayed: it cannot be read at all, or the replay was refused. */
export type ReplayFailure = { reason: string } | { code: string; message: string };

export interface SqsLetterBoxOptions {
  client: SQSClient;
  /** The dead-letter queue. */
  queueUrl: string;
  /** Long-poll wait of each receive, in seconds. */
  waitSeconds: number;
}

/** One standard dead-letter queue, listed and replayed (see the top of this file). */
export class SqsLetterBox {
  readonly #o: SqsLetterBoxOptions;

  constructor(options: SqsLetterBoxOptions) {
    this.#o = options;
  }

  async list(
    limit: number | undefined,
    asLetter: (message: Message) => DeadLetter,
  ): Promise<DeadLetterListing> {
    const counts = await this.#o.client.send(
      new GetQueueAttributesCommand({
        QueueUrl: this.#o.queueUrl,
        AttributeNames: ["ApproximateNumberOfMessages"],
      }),
    );
    const seen = await this.#receiveAll(limit, 60);
    await releaseMessages(this.#o.client, this.#o.queueUrl, [...seen.values()]);
    return {
      letters: [...seen.values()].map(asLetter),
      approximateTotal: Number(counts.Attributes?.ApproximateNumberOfMessages ?? 0),
    };
  }

  /** Replays all, those named by `ids`, or at most `limit`; a message is deleted only once replayed. */
  async replay(
    options: { ids?: readonly string[]; limit?: number },
    replayOne: (message: Message) => Promise<ReplayFailure | null>,
  ): Promise<ReplayReport> {
    const report: ReplayReport = {
      replayed: [],
      unknown: [],
      unreadable: [],
      failed: [],
      notDeleted: [],
      missing: [],
    };
    const wanted = options.ids ? new Set(options.ids) : null;
    const seen = await this.#receiveAll(wanted ? undefined : options.limit, 300);
    const held: Message[] = [];
    try {
      for (const [id, message] of seen) {
        if (wanted && !wanted.has(id)) {
          held.push(message);
          continue;
        }
        const failure = await replayOne(message);
        if (failure === null) await this.#delete(message, report);
        else {
          held.push(message);
          if ("reason" in failure) report.unreadable.push({ id, reason: failure.reason });
          else report.failed.push({ id, ...failure });
        }
      }
    } finally {
      await releaseMessages(this.#o.client, this.#o.queueUrl, held);
    }
    if (wanted) report.missing = [...wanted].filter((id) => !seen.has(id));
    return report;
  }

  async #receiveAll(limit: number | undefined, visibility: number): Promise<Map<string, Message>> {
    const seen = new Map<string, Message>();
    for (;;) {
      const room = Math.min(10, (limit ?? Infinity) - seen.size);
      if (room <= 0) break;
      const out = await this.#o.client.send(
        new ReceiveMessageCommand({
          QueueUrl: this.#o.queueUrl,
          MaxNumberOfMessages: room,
          VisibilityTimeout: visibility,
          WaitTimeSeconds: this.#o.waitSeconds,
          MessageSystemAttributeNames: ["ApproximateReceiveCount", "SentTimestamp"],
          MessageAttributeNames: ["All"],
        }),
      );
      const fresh = (out.Messages ?? []).filter((m) => !seen.has(m.MessageId ?? ""));
      if (fresh.length === 0) break;
      for (const m of fresh) seen.set(m.MessageId ?? "", m);
    }
    return seen;
  }

  async #delete(message: Message, report: ReplayReport): Promise<void> {
    const id = message.MessageId ?? "";
    const out = await this.#o.client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: this.#o.queueUrl,
        Entries: [{ Id: "0", ReceiptHandle: message.ReceiptHandle }],
      }),
    );
    const failure = out.Failed?.[0];
    if (failure)
      report.notDeleted.push({ id, code: failure.Code ?? "unknown", message: failure.Message ?? "" });
    else report.replayed.push(id);
  }
}
