/**
 * The send queue's dead letters (`rsvp dlq list --sends --aws`, `rsvp dlq replay --sends --aws`): send jobs
 * (contracts/send-job.ts) the Send function failed on `maxReceiveCount` times (an email SES refused, a body that
 * never parses), which SQS moved to the standard `SendDeadLetters` queue.
 *
 * Listing receives the jobs with a visibility timeout and makes them visible again at once, deleting nothing.
 * It shows what the job is for (the email's kind, event and guest) with the address's local part hidden, as the
 * logs show it; never the email's body. SQS's redrive keeps no error with the message: the Send function's log
 * says why a job failed.
 *
 * Replaying sends each chosen job to the send queue (its body as it was) and deletes it from the dead letters
 * only once SQS took it; a body that is no send job stays. Harmless to repeat: the Send function claims each
 * email's key before sending, so a job whose email went out after all (or was replayed twice) sends nothing.
 */
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { parseSendJob } from "../../contracts/send-job.ts";
import type { DeadLetter, DeadLetterListing, DeadLetters, ReplayReport } from "../../core/ports.ts";
import { releaseMessages } from "./sqs-dead-letters.ts";

export interface SqsSendDeadLettersOptions {
  client: SQSClient;
  /** The standard queue the send queue's redrive policy names. */
  deadLetterQueueUrl: string;
  /** The send queue replayed jobs go back to. */
  sendQueueUrl: string;
  /** Long-poll wait of each receive, in seconds (default 1). */
  waitSeconds?: number;
}

/** An address with its local part hidden, as the logs write it (runtime/logger.ts): the domain is kept. */
export function hiddenAddress(address: string): string {
  const at = address.lastIndexOf("@");
  return at < 0 ? "[email]" : `[email]${address.slice(at)}`;
}

/** A dead-lettered job as listed: what it is for, never its content. */
function asLetter(message: Message): DeadLetter {
  const sent = Number(message.Attributes?.SentTimestamp);
  const base = {
    id: message.MessageId ?? "",
    attempts: Number(message.Attributes?.ApproximateReceiveCount ?? 0),
    sentAt: Number.isFinite(sent) && sent > 0 ? new Date(sent).toISOString() : null,
    failedAt: null,
  };
  const read = parseSendJob(message.Body ?? "");
  if (!read.ok)
    return { ...base, eventId: "", command: "not a send job", lastError: read.error.split("\n")[0] ?? null };
  const { email, attempt } = read.job;
  return {
    ...base,
    eventId: email.eventId,
    command: {
      type: email.headers["X-Rsvp-Kind"] ?? "email",
      guestId: email.guestId,
      to: hiddenAddress(email.to),
      key: email.key,
      putBack: attempt,
    },
    lastError: null,
  };
}

/** The dead letters of the send queue: listing and replaying (see the top of this file). */
export class SqsSendDeadLetters implements DeadLetters {
  readonly #o: Required<SqsSendDeadLettersOptions>;

  constructor(options: SqsSendDeadLettersOptions) {
    this.#o = { waitSeconds: 1, ...options };
  }

  async list(options: { limit?: number } = {}): Promise<DeadLetterListing> {
    const counts = await this.#o.client.send(
      new GetQueueAttributesCommand({
        QueueUrl: this.#o.deadLetterQueueUrl,
        AttributeNames: ["ApproximateNumberOfMessages"],
      }),
    );
    const seen = await this.#receiveAll(options.limit, 60);
    await releaseMessages(this.#o.client, this.#o.deadLetterQueueUrl, [...seen.values()]);
    return {
      letters: [...seen.values()].map(asLetter),
      approximateTotal: Number(counts.Attributes?.ApproximateNumberOfMessages ?? 0),
    };
  }

  /**
   * Puts dead-lettered jobs back on the send queue: all, those named by `ids`, or at most `limit`. A job is
   * deleted from the dead letters only once the send queue took it.
   */
  async replay(options: { ids?: readonly string[]; limit?: number } = {}): Promise<ReplayReport> {
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
        const read = parseSendJob(message.Body ?? "");
        if (!read.ok) {
          report.unreadable.push({ id, reason: read.error.split("\n")[0] ?? "not a send job" });
          held.push(message);
          continue;
        }
        try {
          await this.#o.client.send(
            new SendMessageCommand({ QueueUrl: this.#o.sendQueueUrl, MessageBody: message.Body }),
          );
        } catch (error) {
          const e = error as Error;
          report.failed.push({ id, code: e.name, message: e.message });
          held.push(message);
          continue;
        }
        await this.#delete(message, report);
      }
    } finally {
      await releaseMessages(this.#o.client, this.#o.deadLetterQueueUrl, held);
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
          QueueUrl: this.#o.deadLetterQueueUrl,
          MaxNumberOfMessages: room,
          VisibilityTimeout: visibility,
          WaitTimeSeconds: this.#o.waitSeconds,
          MessageSystemAttributeNames: ["ApproximateReceiveCount", "SentTimestamp"],
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
        QueueUrl: this.#o.deadLetterQueueUrl,
        Entries: [{ Id: "0", ReceiptHandle: message.ReceiptHandle }],
      }),
    );
    const failure = out.Failed?.[0];
    if (failure)
      report.notDeleted.push({ id, code: failure.Code ?? "unknown", message: failure.Message ?? "" });
    else report.replayed.push(id);
  }
}
