/**
 * The command queue's dead letters on SQS FIFO (`rsvp dlq list --aws`, `rsvp dlq replay --aws`): commands the
 * keeper failed on `maxReceiveCount` times, which SQS moved to the FIFO dead-letter queue.
 *
 * Listing receives the messages with a visibility timeout, so one listing does not see a message twice, and
 * deletes nothing; once listed they are made visible again at once, so a replay right after finds them.
 *
 * Replaying receives a batch, sends its commands to the command queue in ONE SendMessageBatch (same body, the
 * message's own group, the command's own deduplication id) and deletes from the dead-letter queue only the
 * messages SQS took; a message it refused stays, and is made visible again for the next try. Repeated until
 * the dead-letter queue has nothing more to give or the limit is reached. Replaying is harmless: the keeper
 * records every command it applied (a `CMD#` item) and acknowledges a command it sees again without a change.
 *
 * Why not StartMessageMoveTask, which SQS offers for FIFO dead-letter queues too: a move task moves every
 * message, asynchronously, with no choice of which (`--id`), no count (`--limit`) and no word on each message;
 * it would also move messages that are not commands at all back into the keeper, to fail five more times.
 * Receive-and-resend picks messages, skips the unreadable ones, reports each message's fate before the CLI
 * exits, and needs only the queue permissions the CLI's operator has anyway.
 *
 * A FIFO queue hands out a message group's next message only once the ones before it are deleted or visible
 * again, so a listing shows at most 10 messages per event (the first receive's), and a message held back
 * (not selected, unreadable, refused) holds back the rest of its event for this run.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  type MessageSystemAttributeName,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SendMessageBatchCommandOutput,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { Command } from "../../contracts/command.ts";
import type { DeadLetter, DeadLetterListing, DeadLetters, ReplayReport } from "../../core/ports.ts";
import { deduplicationId, readCommandMessage } from "./command-message.ts";

export interface SqsDeadLettersOptions {
  client: SQSClient;
  /** The FIFO dead-letter queue the command queue's redrive policy names. */
  deadLetterQueueUrl: string;
  /** The FIFO command queue replayed commands go back to. */
  commandQueueUrl: string;
  /** Long-poll wait of each receive, in seconds (default 1): the last, empty receive waits this long. */
  waitSeconds?: number;
}

/** SQS's cap on messages per receive and entries per batch request. */
const batchLimit = 10;
/** Long enough for one listing or one replay round; a CLI that dies mid-way lets go of them after this. */
const listVisibilitySeconds = 60;
const replayVisibilitySeconds = 120;

const deadLetterAttributes: MessageSystemAttributeName[] = [
  "MessageGroupId",
  "MessageDeduplicationId",
  "ApproximateReceiveCount",
  "SentTimestamp",
];

/** A dead letter as listed: the message id names it for `--id`; attempts is SQS's receive count (the keeper's plus earlier listings). */
function asLetter(message: Message): DeadLetter {
  const attributes = message.Attributes ?? {};
  let command: unknown = message.Body ?? "";
  try {
    command = JSON.parse(message.Body ?? "");
  } catch {
    // kept as text
  }
  const sent = Number(attributes.SentTimestamp);
  return {
    id: message.MessageId ?? "",
    eventId: attributes.MessageGroupId ?? "",
    command,
    attempts: Number(attributes.ApproximateReceiveCount ?? 0),
    sentAt: Number.isFinite(sent) && sent > 0 ? new Date(sent).toISOString() : null,
    failedAt: null,
    lastError: null,
  };
}

/** The dead letters of the SQS FIFO command queue: listing and replaying (see the top of this file). */
export class SqsDeadLetters implements DeadLetters {
  readonly #client: SQSClient;
  readonly #dlq: string;
  readonly #queue: string;
  readonly #wait: number;

  constructor(options: SqsDeadLettersOptions) {
    this.#client = options.client;
    this.#dlq = options.deadLetterQueueUrl;
    this.#queue = options.commandQueueUrl;
    this.#wait = options.waitSeconds ?? 1;
  }

  /** Lists up to `limit` dead letters (all it can see by default); deletes nothing. */
  async list(options: { limit?: number } = {}): Promise<DeadLetterListing> {
    const counts = await this.#client.send(
      new GetQueueAttributesCommand({ QueueUrl: this.#dlq, AttributeNames: ["ApproximateNumberOfMessages"] }),
    );
    const approximateTotal = Number(counts.Attributes?.ApproximateNumberOfMessages ?? 0);
    // By message id, the latest receipt: a message received again (its visibility ran out) is the same letter.
    const seen = new Map<string, Message>();
    try {
      for (;;) {
        const room = options.limit === undefined ? batchLimit : options.limit - seen.size;
        if (room <= 0) break;
        const fresh = (await this.#receive(Math.min(batchLimit, room), listVisibilitySeconds)).filter(
          (m) => !seen.has(m.MessageId ?? ""),
        );
        if (fresh.length === 0) break;
        for (const m of fresh) seen.set(m.MessageId ?? "", m);
      }
    } finally {
      await this.#release([...seen.values()]);
    }
    return { letters: [...seen.values()].map(asLetter), approximateTotal };
  }

  /**
   * Replays dead letters onto the command queue: all, those named by `ids`, or at most `limit`. Throws only
   * when SQS cannot be reached; what it did until then stays done, what it held goes back to the queue.
   */
  async replay(options: { ids?: readonly string[]; limit?: number } = {}): Promise<ReplayReport> {
    const wanted = options.ids ? new Set(options.ids) : null;
    const report: ReplayReport = {
      replayed: [],
      unknown: [],
      unreadable: [],
      failed: [],
      notDeleted: [],
      missing: [],
    };
    const seen = new Set<string>();
    /** Received but staying in the dead-letter queue: made visible again when the run ends. */
    const held: Message[] = [];
    /** Messages this run tried to send (an unreadable one is skipped, not counted). */
    const tried = () => report.replayed.length + report.failed.length + report.notDeleted.length;
    try {
      for (;;) {
        const room = options.limit === undefined ? batchLimit : options.limit - tried();
        if (room <= 0) break;
        if (wanted && [...wanted].every((id) => seen.has(id))) break;
        const fresh = (
          await this.#receive(wanted ? batchLimit : Math.min(batchLimit, room), replayVisibilitySeconds)
        ).filter((m) => !seen.has(m.MessageId ?? ""));
        if (fresh.length === 0) break;
        const toSend: { message: Message; command: Command }[] = [];
        for (const message of fresh) {
          const id = message.MessageId ?? "";
          seen.add(id);
          if ((wanted && !wanted.has(id)) || tried() + toSend.length >= (options.limit ?? Infinity)) {
            held.push(message);
            continue;
          }
          const read = readCommandMessage(message.Body ?? "", message.Attributes?.MessageGroupId);
          if ("reason" in read) {
            report.unreadable.push({ id, reason: read.reason });
            held.push(message);
          } else toSend.push({ message, command: read.command });
        }
        if (toSend.length > 0) await this.#resend(toSend, report, held);
      }
    } finally {
      await this.#release(held);
    }
    if (wanted) report.missing = [...wanted].filter((id) => !seen.has(id));
    return report;
  }

  /** One round: send, then delete exactly what SQS took. */
  async #resend(
    batch: { message: Message; command: Command }[],
    report: ReplayReport,
    held: Message[],
  ): Promise<void> {
    let sent: SendMessageBatchCommandOutput;
    try {
      sent = await this.#client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.#queue,
          Entries: batch.map(({ message, command }, i) => ({
            Id: String(i),
            // The body as it was: the command exactly as its producer sent it.
            MessageBody: message.Body ?? "",
            // The message's own group (its command's event, as readCommandMessage checked): the keeper
            // applies an event's commands in order.
            MessageGroupId: command.eventId,
            // The command's own identity: SQS drops it if the same command is still in its dedup window.
            MessageDeduplicationId: deduplicationId(command),
          })),
        }),
      );
    } catch (error) {
      // Nothing is known to have been sent: the whole batch stays in the dead-letter queue.
      held.push(...batch.map((b) => b.message));
      throw error;
    }
    const failed = new Map((sent.Failed ?? []).map((f) => [f.Id ?? "", f]));
    const taken = batch.filter((_, i) => !failed.has(String(i)));
    batch.forEach(({ message }, i) => {
      const failure = failed.get(String(i));
      if (!failure) return;
      report.failed.push({
        id: message.MessageId ?? "",
        code: failure.Code ?? "unknown",
        message: failure.Message ?? "",
      });
      held.push(message);
    });
    if (taken.length === 0) return;
    const deleted = await this.#client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: this.#dlq,
        Entries: taken.map(({ message }, i) => ({ Id: String(i), ReceiptHandle: message.ReceiptHandle })),
      }),
    );
    const notDeleted = new Map((deleted.Failed ?? []).map((f) => [f.Id ?? "", f]));
    taken.forEach(({ message }, i) => {
      const failure = notDeleted.get(String(i));
      if (failure)
        report.notDeleted.push({
          id: message.MessageId ?? "",
          code: failure.Code ?? "unknown",
          message: failure.Message ?? "",
        });
      else report.replayed.push(message.MessageId ?? "");
    });
  }

  async #receive(max: number, visibilitySeconds: number): Promise<Message[]> {
    const out = await this.#client.send(
      new ReceiveMessageCommand({
        QueueUrl: this.#dlq,
        MaxNumberOfMessages: max,
        VisibilityTimeout: visibilitySeconds,
        WaitTimeSeconds: this.#wait,
        MessageSystemAttributeNames: deadLetterAttributes,
      }),
    );
    return out.Messages ?? [];
  }

  /**
   * Makes held messages visible again at once (instead of after the visibility timeout), so the next
   * listing or replay sees them. Best effort: what fails here comes back when its timeout runs out.
   */
  async #release(messages: readonly Message[]): Promise<void> {
    await releaseMessages(this.#client, this.#dlq, messages);
  }
}

/**
 * Makes received messages visible again at once (instead of after their visibility timeout), so the next
 * listing or replay sees them. Best effort: what fails here comes back when its timeout runs out.
 */
export async function releaseMessages(
  client: SQSClient,
  queueUrl: string,
  messages: readonly Message[],
): Promise<void> {
  for (let at = 0; at < messages.length; at += batchLimit) {
    const chunk = messages.slice(at, at + batchLimit);
    try {
      await client.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: chunk.map((m, i) => ({
            Id: String(i),
            ReceiptHandle: m.ReceiptHandle,
            VisibilityTimeout: 0,
          })),
        }),
      );
    } catch {
      // They reappear when their visibility timeout ends.
    }
  }
}
