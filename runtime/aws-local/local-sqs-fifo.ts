/**
 * An in-process stand-in for the SQS FIFO command queue, answering the real `SQSClient` (see sdk-stand-in.ts),
 * so the real `SqsCommandQueue` sends to it unchanged, and delivering to the keeper as Lambda's event source
 * mapping does: batches of up to 10 SQS-shaped records, with the handler's partial batch response.
 *
 * What it keeps of SQS FIFO, as the stateful stack configures the queue:
 * - order per message group: messages leave a group in the order they were accepted, and a message that failed
 *   stays at the head of its group (nothing of that group is delivered ahead of it);
 * - deduplication by MessageDeduplicationId (or, content-based, the SHA-256 of the body) per message group,
 *   for 5 minutes by the injected clock: a repeat within the window is answered as sent and dropped;
 * - a message delivered `maxReceiveCount` times without success goes to the dead-letter list;
 * - the request limits (10 entries, distinct entry ids, 256 KiB of bodies, the characters SQS allows), answered
 *   with SQS's own errors.
 * What it leaves out: visibility timeouts (a failed message is due again at once, so its retries happen within
 * the same `deliver` calls rather than minutes apart), delivery delays, and concurrent batches (one batch at a
 * time, which FIFO order per group allows).
 */
import { createHash, randomUUID } from "node:crypto";
import {
  BatchEntryIdsNotDistinct,
  BatchRequestTooLong,
  EmptyBatchRequest,
  InvalidBatchEntryId,
  InvalidMessageContents,
  QueueDoesNotExist,
  type SendMessageBatchRequest,
  type SendMessageBatchResultEntry,
  type SendMessageRequest,
  SQSClient,
  SQSServiceException,
  TooManyEntriesInBatchRequest,
} from "@aws-sdk/client-sqs";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { Clock } from "../../core/ports.ts";
import { answered, offlineClientConfig, standIn, unsupported } from "./sdk-stand-in.ts";

/** How long SQS remembers a deduplication id. */
export const sqsDeduplicationWindowMs = 5 * 60_000;
/** The most SQS takes in one message, and in one batch of bodies. */
const maxBytes = 262_144;
const maxBatchEntries = 10;
const entryIdRule = /^[A-Za-z0-9_-]{1,80}$/;
/** The characters SQS allows in a message body: #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000+. */
const allowedBody = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

/** A message the queue holds. */
interface Message {
  messageId: string;
  body: string;
  groupId: string;
  deduplicationId: string;
  sequenceNumber: string;
  sentAt: number;
  /** Deliveries so far (SQS's ApproximateReceiveCount). */
  receives: number;
  firstReceivedAt: number | null;
}

/** A message set aside after `maxReceiveCount` deliveries without success. */
export interface DeadLetter {
  messageId: string;
  groupId: string;
  body: string;
  receives: number;
  /** Why its last delivery failed, as far as the handler said (a failed item carries no reason). */
  lastError: string;
}

/** The keeper as Lambda invokes it for an SQS event source. */
export type SqsBatchHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;

export interface LocalSqsFifoOptions {
  clock: Clock;
  /** The queue's name (a FIFO queue's ends in `.fifo`). */
  queueName?: string;
  region?: string;
  account?: string;
  /** Deliveries before a message goes to the dead-letter list (the stack's redrive policy: 5). */
  maxReceiveCount?: number;
  /** Records per keeper invocation (the stack's event source: 10). */
  batchSize?: number;
}

const md5 = (text: string) => createHash("md5").update(text).digest("hex");
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

const sqsError = (name: string, message: string) =>
  new SQSServiceException({ name, $fault: "client", message, ...answered(400) });

/** The SQS FIFO command queue in-process. `client` is the SQSClient every adapter is given. */
export class LocalSqsFifo {
  readonly url: string;
  readonly arn: string;
  readonly region: string;
  /** SQS requests by command name (SendMessageBatch, SendMessage). */
  readonly calls = new Map<string, number>();
  readonly client: SQSClient;
  readonly deadLetters: DeadLetter[] = [];
  readonly #clock: Clock;
  readonly #maxReceiveCount: number;
  readonly #batchSize: number;
  #messages: Message[] = [];
  /** `group \n deduplication id` → when it was first accepted (ms). */
  readonly #seen = new Map<string, number>();
  #sequence = 10_000_000_000_000_000_000n;

  constructor(options: LocalSqsFifoOptions) {
    const name = options.queueName ?? "rsvp-commands.fifo";
    if (!name.endsWith(".fifo")) throw new RangeError(`a FIFO queue's name ends in .fifo, not ${name}`);
    this.region = options.region ?? "local";
    const account = options.account ?? "000000000000";
    this.url = `http://sqs.${this.region}.localhost/${account}/${name}`;
    this.arn = `arn:aws:sqs:${this.region}:${account}:${name}`;
    this.#clock = options.clock;
    this.#maxReceiveCount = options.maxReceiveCount ?? 5;
    this.#batchSize = options.batchSize ?? maxBatchEntries;
    this.client = standIn(
      new SQSClient(offlineClientConfig),
      "Sqs",
      async (command, input) => {
        if (command === "SendMessageBatchCommand") return this.#sendBatch(input as SendMessageBatchRequest);
        if (command === "SendMessageCommand") return this.#sendOne(input as SendMessageRequest);
        return unsupported("SQS", command);
      },
      this.calls,
    );
  }

  /** Messages waiting (dead letters not counted). */
  depth(): number {
    return this.#messages.length;
  }

  /**
   * Delivers the next batch (up to `batchSize` messages in queue order) to `handler` as Lambda would, and
   * settles it by the partial batch response: succeeded messages are deleted, failed ones stay where they
   * are for the next delivery (or go to the dead letters after `maxReceiveCount`). A handler that throws
   * fails the whole batch. Returns how many messages were delivered (0: the queue is empty).
   */
  async deliver(handler: SqsBatchHandler, context: Context): Promise<number> {
    const batch = this.#messages.slice(0, this.#batchSize);
    if (batch.length === 0) return 0;
    const now = this.#clock.now().getTime();
    for (const m of batch) {
      m.receives += 1;
      m.firstReceivedAt ??= now;
    }
    let failed: Set<string>;
    let reason = "reported as a failed batch item";
    try {
      const response = await handler({ Records: batch.map((m) => this.#record(m)) }, context);
      failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (error) {
      failed = new Set(batch.map((m) => m.messageId));
      reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    const done = new Set(batch.filter((m) => !failed.has(m.messageId)).map((m) => m.messageId));
    const dead = batch.filter((m) => failed.has(m.messageId) && m.receives >= this.#maxReceiveCount);
    for (const m of dead)
      this.deadLetters.push({
        messageId: m.messageId,
        groupId: m.groupId,
        body: m.body,
        receives: m.receives,
        lastError: reason,
      });
    const gone = new Set([...done, ...dead.map((m) => m.messageId)]);
    this.#messages = this.#messages.filter((m) => !gone.has(m.messageId));
    return batch.length;
  }

  #sendBatch(input: SendMessageBatchRequest): object {
    this.#checkQueue(input.QueueUrl);
    const entries = input.Entries ?? [];
    if (entries.length === 0)
      throw new EmptyBatchRequest({ message: "the batch has no entries", ...answered() });
    if (entries.length > maxBatchEntries)
      throw new TooManyEntriesInBatchRequest({
        message: `a batch holds at most ${maxBatchEntries} entries, not ${entries.length}`,
        ...answered(),
      });
    const ids = entries.map((e) => e.Id ?? "");
    if (new Set(ids).size !== ids.length)
      throw new BatchEntryIdsNotDistinct({ message: "two entries share an Id", ...answered() });
    const badId = ids.find((id) => !entryIdRule.test(id));
    if (badId !== undefined)
      throw new InvalidBatchEntryId({
        message: `entry id ${JSON.stringify(badId)} is not valid`,
        ...answered(),
      });
    const bytes = entries.reduce((sum, e) => sum + Buffer.byteLength(e.MessageBody ?? "", "utf8"), 0);
    if (bytes > maxBytes)
      throw new BatchRequestTooLong({
        message: `the batch's bodies are ${bytes} bytes; at most ${maxBytes}`,
        ...answered(),
      });
    const Successful: SendMessageBatchResultEntry[] = [];
    const Failed: { Id: string; SenderFault: boolean; Code: string; Message: string }[] = [];
    for (const e of entries) {
      const refusal = this.#refusal(e);
      if (refusal) Failed.push({ Id: e.Id ?? "", SenderFault: true, ...refusal });
      else Successful.push({ Id: e.Id, ...this.#accept(e) });
    }
    return { Successful, Failed };
  }

  #sendOne(input: SendMessageRequest): object {
    this.#checkQueue(input.QueueUrl);
    const refusal = this.#refusal(input);
    if (refusal) {
      if (refusal.Code === "InvalidMessageContents")
        throw new InvalidMessageContents({ message: refusal.Message, ...answered() });
      throw sqsError(refusal.Code, refusal.Message);
    }
    return this.#accept(input);
  }

  #checkQueue(url: string | undefined): void {
    if (url !== this.url)
      throw new QueueDoesNotExist({
        message: `no queue at ${url}; the in-process queue is ${this.url}`,
        ...answered(),
      });
  }

  /** Why SQS would refuse one message, or null. */
  #refusal(m: {
    MessageBody?: string;
    MessageGroupId?: string;
    DelaySeconds?: number;
  }): { Code: string; Message: string } | null {
    const body = m.MessageBody ?? "";
    if (body.length === 0) return { Code: "MissingParameter", Message: "the message body is empty" };
    if (Buffer.byteLength(body, "utf8") > maxBytes)
      return { Code: "InvalidParameterValue", Message: `the message is over ${maxBytes} bytes` };
    if (!allowedBody.test(body))
      return { Code: "InvalidMessageContents", Message: "the body holds characters SQS does not allow" };
    if (!m.MessageGroupId)
      return { Code: "MissingParameter", Message: "a FIFO queue needs a MessageGroupId on every message" };
    if (m.DelaySeconds)
      return { Code: "InvalidParameterValue", Message: "a FIFO queue takes no per-message delay" };
    return null;
  }

  /** Takes a valid message unless its deduplication id was seen within the window; answers as SQS does. */
  #accept(m: { MessageBody?: string; MessageGroupId?: string; MessageDeduplicationId?: string }): {
    MessageId: string;
    MD5OfMessageBody: string;
    SequenceNumber: string;
  } {
    const body = m.MessageBody ?? "";
    const groupId = m.MessageGroupId ?? "";
    // The queue has content-based deduplication on (Scheduler cannot send a deduplication id).
    const deduplicationId = m.MessageDeduplicationId ?? sha256(body);
    const now = this.#clock.now().getTime();
    const key = `${groupId}\n${deduplicationId}`;
    const seenAt = this.#seen.get(key);
    this.#sequence += 1n;
    const answer = {
      MessageId: randomUUID(),
      MD5OfMessageBody: md5(body),
      SequenceNumber: String(this.#sequence),
    };
    // A repeat within the window is answered like a send and dropped: that is the whole point of the id.
    if (seenAt !== undefined && now - seenAt < sqsDeduplicationWindowMs) return answer;
    if (this.#seen.size >= 10_000) this.#forgetExpired(now);
    this.#seen.set(key, now);
    this.#messages.push({
      messageId: answer.MessageId,
      body,
      groupId,
      deduplicationId,
      sequenceNumber: answer.SequenceNumber,
      sentAt: now,
      receives: 0,
      firstReceivedAt: null,
    });
    return answer;
  }

  #forgetExpired(now: number): void {
    for (const [key, at] of this.#seen) if (now - at >= sqsDeduplicationWindowMs) this.#seen.delete(key);
  }

  /** A message as Lambda's SQS event source hands it over. */
  #record(m: Message): SQSRecord {
    return {
      messageId: m.messageId,
      receiptHandle: `${m.messageId}/${m.receives}`,
      body: m.body,
      attributes: {
        ApproximateReceiveCount: String(m.receives),
        SentTimestamp: String(m.sentAt),
        SenderId: "LOCAL",
        ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt ?? m.sentAt),
        SequenceNumber: m.sequenceNumber,
        MessageGroupId: m.groupId,
        MessageDeduplicationId: m.deduplicationId,
      },
      messageAttributes: {},
      md5OfBody: md5(m.body),
      eventSource: "aws:sqs",
      eventSourceARN: this.arn,
      awsRegion: this.region,
    };
  }
}
