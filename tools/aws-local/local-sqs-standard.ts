/**
 * An in-process stand-in for a standard SQS queue (the mail path's send jobs), answering through the command
 * queue's SQSClient (LocalSqsFifo routes requests for this queue's URL here) and delivering to a handler as
 * Lambda's event source mapping does: batches of up to 10 SQS-shaped records, the handler's partial batch
 * response, and several batches at once (the event source's maximum concurrency).
 *
 * What it keeps of a standard queue, as the stateful stack configures it:
 * - delivery delays (DelaySeconds, 0 to 900 per message) and visibility timeouts, on the injected clock: a
 *   delivered message is hidden for the visibility timeout, and a failed one shows again only after that;
 * - no order and no deduplication: a message sent twice is delivered twice, and `duplicate` can make the queue
 *   deliver a message once more, as a standard queue's at-least-once delivery sometimes does;
 * - `maxReceiveCount` deliveries without success send a message to the dead letters (`deadLetters`), a
 *   standard queue of its own at `deadLetterUrl` (routed like this one) that `rsvp dlq … --sends --aws` receives
 *   from, deletes from and makes visible again; a message keeps its id and receive count there, as on SQS;
 * - the request limits of SendMessage(Batch): 10 entries, distinct ids, 256 KiB of bodies, non-empty bodies.
 * Time passes only by the clock: `deliver` answers 0 while every waiting message is hidden or delayed, and
 * `nextVisibleAt` says when one shows.
 */
import { createHash, randomUUID } from "node:crypto";
import type {
  ChangeMessageVisibilityBatchRequest,
  DeleteMessageBatchRequest,
  GetQueueAttributesRequest,
  ReceiveMessageRequest,
  SendMessageBatchRequest,
  SendMessageBatchResultEntry,
  SendMessageRequest,
  Message as SqsMessage,
} from "@aws-sdk/client-sqs";
import { SQSServiceException } from "@aws-sdk/client-sqs";
import type { Context, SQSRecord } from "aws-lambda";
import type { Clock } from "../../core/ports.ts";
import type { SqsBatchHandler } from "./local-sqs-fifo.ts";
import { answered, unsupported } from "./sdk-stand-in.ts";

const maxBytes = 262_144;
const md5 = (text: string) => createHash("md5").update(text).digest("hex");
const sqsError = (name: string, message: string) =>
  new SQSServiceException({ name, $fault: "client", message, ...answered(400) });

interface Message {
  messageId: string;
  body: string;
  sentAt: number;
  receives: number;
  firstReceivedAt: number | null;
  /** Until when (ms, by the clock) it is out of sight: delayed, or in flight (0: visible). */
  hiddenUntil: number;
  /** The receipt handle of its latest delivery. */
  receipt: string | null;
}

/** A message set aside after `maxReceiveCount` deliveries without success. */
export interface StandardDeadLetter {
  messageId: string;
  body: string;
  receives: number;
  /** When it was first sent to the send queue (ms). */
  sentAt: number;
  /** The receipt handle of its latest receive from the dead letters. */
  receipt: string | null;
  /** Until when (ms) a receive holds it out of sight (0: visible). */
  hiddenUntil: number;
}

export interface LocalSqsStandardOptions {
  clock: Clock;
  queueName: string;
  region?: string;
  account?: string;
  /** Deliveries before a message goes to the dead letters (the stack's redrive policy). */
  maxReceiveCount?: number;
  /** Records per invocation (the stack's event source). */
  batchSize?: number;
  /** Seconds a delivered message stays hidden (the stack's: 6 × the Send function's timeout). */
  visibilityTimeoutSeconds?: number;
  /** The dead-letter queue's name (default: the queue's, with `-dead-letters`). */
  deadLetterQueueName?: string;
}

/** A standard SQS queue in-process. */
export class LocalSqsStandard {
  readonly url: string;
  readonly arn: string;
  readonly region: string;
  /** The dead-letter queue's URL: requests naming it go to `handleDeadLetters`. */
  readonly deadLetterUrl: string;
  deadLetters: StandardDeadLetter[] = [];
  /** Messages delivered so far (each delivery of each message). */
  deliveries = 0;
  /** Picks messages the queue delivers once more, beside the first delivery (at-least-once); each once. */
  duplicate: (body: string) => boolean = () => false;
  readonly #clock: Clock;
  readonly #maxReceiveCount: number;
  readonly #batchSize: number;
  readonly #visibilityMs: number;
  #messages: Message[] = [];
  readonly #duplicated = new Set<string>();

  constructor(options: LocalSqsStandardOptions) {
    if (options.queueName.endsWith(".fifo")) throw new RangeError("a standard queue's name has no .fifo");
    this.region = options.region ?? "local";
    const account = options.account ?? "000000000000";
    this.url = `http://sqs.${this.region}.localhost/${account}/${options.queueName}`;
    this.arn = `arn:aws:sqs:${this.region}:${account}:${options.queueName}`;
    const deadLetterName = options.deadLetterQueueName ?? `${options.queueName}-dead-letters`;
    if (deadLetterName.endsWith(".fifo") || deadLetterName === options.queueName)
      throw new RangeError(
        `a standard queue's dead-letter queue is another standard queue, not ${deadLetterName}`,
      );
    this.deadLetterUrl = `http://sqs.${this.region}.localhost/${account}/${deadLetterName}`;
    this.#clock = options.clock;
    this.#maxReceiveCount = options.maxReceiveCount ?? 5;
    this.#batchSize = options.batchSize ?? 10;
    this.#visibilityMs = (options.visibilityTimeoutSeconds ?? 180) * 1000;
  }

  /** Answers an SQS request for this queue (LocalSqsFifo's client routes them here by URL). */
  handle = async (command: string, input: unknown): Promise<object> => {
    if (command === "SendMessageCommand") return this.#sendOne(input as SendMessageRequest);
    if (command === "SendMessageBatchCommand") return this.#sendBatch(input as SendMessageBatchRequest);
    if (command === "GetQueueAttributesCommand") {
      const visible = this.visibleDepth();
      const names: string[] = (input as GetQueueAttributesRequest).AttributeNames ?? [];
      const all: Record<string, string> = {
        ApproximateNumberOfMessages: String(visible),
        ApproximateNumberOfMessagesNotVisible: String(this.#messages.length - visible),
      };
      return {
        Attributes: Object.fromEntries(
          Object.entries(all).filter(([n]) => names.includes(n) || names.includes("All")),
        ),
      };
    }
    return unsupported("SQS", `${command} on a standard queue`);
  };

  /** Answers an SQS request for the dead-letter queue (what `rsvp dlq … --sends --aws` asks of it). */
  handleDeadLetters = async (command: string, input: unknown): Promise<object> => {
    const now = this.#clock.now().getTime();
    switch (command) {
      case "ReceiveMessageCommand":
        return this.#receiveDeadLetters(input as ReceiveMessageRequest, now);
      case "DeleteMessageBatchCommand":
        return this.#byReceipt((input as DeleteMessageBatchRequest).Entries, (letter) => {
          if (!letter)
            return { Code: "ReceiptHandleIsInvalid", Message: "no message has this receipt handle" };
          this.deadLetters = this.deadLetters.filter((d) => d !== letter);
          return null;
        });
      case "ChangeMessageVisibilityBatchCommand":
        return this.#byReceipt((input as ChangeMessageVisibilityBatchRequest).Entries, (letter, entry) => {
          if (!letter || letter.hiddenUntil <= now)
            return { Code: "MessageNotInflight", Message: "the message is not in flight" };
          letter.hiddenUntil = now + (entry.VisibilityTimeout ?? 0) * 1000;
          return null;
        });
      case "SendMessageCommand": {
        // As a test (or an operator) could put a message there by hand.
        const request = input as SendMessageRequest;
        const refusal = this.#refusal(request.MessageBody, request.DelaySeconds);
        if (refusal) throw sqsError(refusal.Code, refusal.Message);
        const body = request.MessageBody ?? "";
        const messageId = randomUUID();
        this.deadLetters.push({ messageId, body, receives: 0, sentAt: now, receipt: null, hiddenUntil: 0 });
        return { MessageId: messageId, MD5OfMessageBody: md5(body) };
      }
      case "GetQueueAttributesCommand": {
        const visible = this.deadLetters.filter((d) => d.hiddenUntil <= now).length;
        const names: string[] = (input as GetQueueAttributesRequest).AttributeNames ?? [];
        const all: Record<string, string> = {
          ApproximateNumberOfMessages: String(visible),
          ApproximateNumberOfMessagesNotVisible: String(this.deadLetters.length - visible),
        };
        return {
          Attributes: Object.fromEntries(
            Object.entries(all).filter(([n]) => names.includes(n) || names.includes("All")),
          ),
        };
      }
      default:
        return unsupported("SQS", `${command} on the send queue's dead letters`);
    }
  };

  /** Receives visible dead letters (no order promised, as a standard queue), hiding each for the timeout. */
  #receiveDeadLetters(input: ReceiveMessageRequest, now: number): { Messages: SqsMessage[] } {
    const max = input.MaxNumberOfMessages ?? 1;
    if (!Number.isInteger(max) || max < 1 || max > 10)
      throw sqsError("InvalidParameterValue", `MaxNumberOfMessages must be 1 to 10, not ${max}`);
    const hideFor = (input.VisibilityTimeout ?? 30) * 1000;
    const names = input.MessageSystemAttributeNames ?? [];
    const Messages: SqsMessage[] = [];
    for (const d of this.deadLetters) {
      if (Messages.length >= max) break;
      if (d.hiddenUntil > now) continue;
      d.receives += 1;
      d.receipt = `${d.messageId}/dead/${d.receives}`;
      d.hiddenUntil = now + hideFor;
      const attributes: Record<string, string> = {
        ApproximateReceiveCount: String(d.receives),
        SentTimestamp: String(d.sentAt),
      };
      Messages.push({
        MessageId: d.messageId,
        ReceiptHandle: d.receipt,
        Body: d.body,
        MD5OfBody: md5(d.body),
        Attributes: Object.fromEntries(
          Object.entries(attributes).filter(([n]) => names.includes(n as never) || names.includes("All")),
        ),
      });
    }
    return { Messages };
  }

  /** A batch request on dead letters by receipt handle: each entry succeeds unless `act` says why not. */
  #byReceipt<E extends { Id?: string; ReceiptHandle?: string }>(
    entries: E[] | undefined,
    act: (letter: StandardDeadLetter | undefined, entry: E) => { Code: string; Message: string } | null,
  ): object {
    const list = entries ?? [];
    if (list.length === 0) throw sqsError("EmptyBatchRequest", "the batch has no entries");
    if (list.length > 10) throw sqsError("TooManyEntriesInBatchRequest", "a batch holds at most 10 entries");
    const Successful: { Id: string }[] = [];
    const Failed: { Id: string; SenderFault: boolean; Code: string; Message: string }[] = [];
    for (const entry of list) {
      const letter = this.deadLetters.find((d) => d.receipt !== null && d.receipt === entry.ReceiptHandle);
      const failure = act(letter, entry);
      if (failure) Failed.push({ Id: entry.Id ?? "", SenderFault: true, ...failure });
      else Successful.push({ Id: entry.Id ?? "" });
    }
    return { Successful, Failed };
  }

  /** Messages waiting, hidden and delayed ones included (dead letters not counted). */
  depth(): number {
    return this.#messages.length;
  }

  /** Messages a receive could hand out right now. */
  visibleDepth(): number {
    const now = this.#clock.now().getTime();
    return this.#messages.filter((m) => m.hiddenUntil <= now).length;
  }

  /** When the earliest hidden or delayed message shows (null: none waits). */
  nextVisibleAt(): Date | null {
    const now = this.#clock.now().getTime();
    const hidden = this.#messages.filter((m) => m.hiddenUntil > now).map((m) => m.hiddenUntil);
    return hidden.length > 0 ? new Date(Math.min(...hidden)) : null;
  }

  /**
   * Delivers the next batch to `handler`: up to `batchSize` visible messages, each hidden for the visibility
   * timeout. Succeeded messages are deleted; failed ones (or all, when the handler throws) show again after
   * the timeout, or go to the dead letters after `maxReceiveCount` deliveries. Returns how many were delivered.
   * Calls may overlap (concurrent invocations): each takes messages no other delivery holds.
   */
  async deliver(handler: SqsBatchHandler, context: Context): Promise<number> {
    const now = this.#clock.now().getTime();
    const batch = this.#messages.filter((m) => m.hiddenUntil <= now).slice(0, this.#batchSize);
    if (batch.length === 0) return 0;
    for (const m of batch) {
      m.receives += 1;
      m.firstReceivedAt ??= now;
      m.hiddenUntil = now + this.#visibilityMs;
      m.receipt = `${m.messageId}/${m.receives}`;
      if (!this.#duplicated.has(m.messageId) && this.duplicate(m.body)) {
        // The copy a standard queue may hand out beside the first: its own message from here on.
        this.#duplicated.add(m.messageId);
        const copy = this.#accept(m.body, 0);
        this.#duplicated.add(copy.MessageId);
      }
    }
    this.deliveries += batch.length;
    let failed: Set<string>;
    try {
      const response = await handler({ Records: batch.map((m) => this.#record(m)) }, context);
      failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch {
      failed = new Set(batch.map((m) => m.messageId));
    }
    const gone = new Set<string>();
    for (const m of batch) {
      if (!failed.has(m.messageId)) gone.add(m.messageId);
      else if (m.receives >= this.#maxReceiveCount) {
        gone.add(m.messageId);
        this.deadLetters.push({
          messageId: m.messageId,
          body: m.body,
          receives: m.receives,
          sentAt: m.sentAt,
          receipt: null,
          hiddenUntil: 0,
        });
      }
    }
    this.#messages = this.#messages.filter((m) => !gone.has(m.messageId));
    return batch.length;
  }

  #refusal(body: string | undefined, delay: number | undefined): { Code: string; Message: string } | null {
    if (!body) return { Code: "MissingParameter", Message: "the message body is empty" };
    if (Buffer.byteLength(body, "utf8") > maxBytes)
      return { Code: "InvalidParameterValue", Message: `the message is over ${maxBytes} bytes` };
    if (delay !== undefined && (!Number.isInteger(delay) || delay < 0 || delay > 900))
      return { Code: "InvalidParameterValue", Message: `DelaySeconds must be 0 to 900, not ${delay}` };
    return null;
  }

  #sendOne(input: SendMessageRequest): object {
    const refusal = this.#refusal(input.MessageBody, input.DelaySeconds);
    if (refusal) throw sqsError(refusal.Code, refusal.Message);
    return this.#accept(input.MessageBody ?? "", input.DelaySeconds ?? 0);
  }

  #sendBatch(input: SendMessageBatchRequest): object {
    const entries = input.Entries ?? [];
    if (entries.length === 0) throw sqsError("EmptyBatchRequest", "the batch has no entries");
    if (entries.length > 10)
      throw sqsError("TooManyEntriesInBatchRequest", "a batch holds at most 10 entries");
    if (new Set(entries.map((e) => e.Id)).size !== entries.length)
      throw sqsError("BatchEntryIdsNotDistinct", "two entries share an Id");
    const bytes = entries.reduce((sum, e) => sum + Buffer.byteLength(e.MessageBody ?? "", "utf8"), 0);
    if (bytes > maxBytes) throw sqsError("BatchRequestTooLong", `the batch's bodies are ${bytes} bytes`);
    const Successful: SendMessageBatchResultEntry[] = [];
    const Failed: { Id: string; SenderFault: boolean; Code: string; Message: string }[] = [];
    for (const e of entries) {
      const refusal = this.#refusal(e.MessageBody, e.DelaySeconds);
      if (refusal) Failed.push({ Id: e.Id ?? "", SenderFault: true, ...refusal });
      else Successful.push({ Id: e.Id, ...this.#accept(e.MessageBody ?? "", e.DelaySeconds ?? 0) });
    }
    return { Successful, Failed };
  }

  #accept(body: string, delaySeconds: number): { MessageId: string; MD5OfMessageBody: string } {
    const now = this.#clock.now().getTime();
    const messageId = randomUUID();
    this.#messages.push({
      messageId,
      body,
      sentAt: now,
      receives: 0,
      firstReceivedAt: null,
      hiddenUntil: delaySeconds > 0 ? now + delaySeconds * 1000 : 0,
      receipt: null,
    });
    return { MessageId: messageId, MD5OfMessageBody: md5(body) };
  }

  #record(m: Message): SQSRecord {
    return {
      messageId: m.messageId,
      receiptHandle: m.receipt ?? "",
      body: m.body,
      attributes: {
        ApproximateReceiveCount: String(m.receives),
        SentTimestamp: String(m.sentAt),
        SenderId: "LOCAL",
        ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt ?? m.sentAt),
      },
      messageAttributes: {},
      md5OfBody: md5(m.body),
      eventSource: "aws:sqs",
      eventSourceARN: this.arn,
      awsRegion: this.region,
    };
  }
}
