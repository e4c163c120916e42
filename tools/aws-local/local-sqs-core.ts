/**
 * What the in-process SQS queues share, FIFO (local-sqs-fifo-queue.ts, answered through local-sqs-fifo.ts) and
 * standard (local-sqs-standard.ts): a queue's messages under visibility timeouts and receive counts on the
 * injected clock, delivered to a handler as Lambda's event source mapping does (a batch of SQS-shaped records,
 * the partial batch response, a failed message hidden until its timeout runs out and set aside after
 * `maxReceiveCount` receives), and the dead-letter queue an operator lists and replays (ReceiveMessage,
 * DeleteMessageBatch and ChangeMessageVisibilityBatch by receipt handle, GetQueueAttributes), with SQS's request
 * limits and errors. What a FIFO queue does differently (order and holds per message group, deduplication, no
 * delays) and a standard one (delays, no order, an extra at-least-once delivery on request) stays in their files,
 * given to the core as the batch to deliver and as hooks.
 */
import { createHash } from "node:crypto";
import {
  BatchEntryIdsNotDistinct,
  type ChangeMessageVisibilityBatchRequest,
  type DeleteMessageBatchRequest,
  EmptyBatchRequest,
  type GetQueueAttributesRequest,
  InvalidBatchEntryId,
  type ReceiveMessageRequest,
  SQSServiceException,
  type Message as SqsMessage,
  TooManyEntriesInBatchRequest,
} from "@aws-sdk/client-sqs";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { Clock } from "../../core/ports.ts";
import { answered, unsupported } from "./sdk-stand-in.ts";

/** The most SQS takes in one message, and in one batch of bodies. */
export const maxBytes = 262_144;
export const maxBatchEntries = 10;
const entryIdRule = /^[A-Za-z0-9_-]{1,80}$/;
/** SQS's default visibility timeout, for a receive that names none (the dead-letter queues set no other). */
const defaultVisibilitySeconds = 30;

export const md5 = (text: string) => createHash("md5").update(text).digest("hex");

export const sqsError = (name: string, message: string) =>
  new SQSServiceException({ name, $fault: "client", message, ...answered(400) });

/** A batch entry SQS refused, as the batch's answer lists it. */
export type EntryFailure = { Id: string; SenderFault: boolean; Code: string; Message: string };
/** Why SQS refuses one entry or message. */
export type Refusal = { Code: string; Message: string };

/** The attributes a request names (every one for `All`). */
export const picked = (attributes: Record<string, string>, names: readonly string[]) =>
  Object.fromEntries(Object.entries(attributes).filter(([n]) => names.includes(n) || names.includes("All")));

/** The limits every batch request has in common (entries, distinct and valid ids); returns its entries. */
export function checkBatch<E extends { Id?: string }>(entries: E[] | undefined): E[] {
  if (!entries || entries.length === 0)
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
  return entries;
}

/** `ApproximateNumberOfMessages` and `…NotVisible`, as asked for by name (or `All`). */
export function queueAttributes(input: GetQueueAttributesRequest, visible: number, inFlight: number): object {
  const all: Record<string, string> = {
    ApproximateNumberOfMessages: String(visible),
    ApproximateNumberOfMessagesNotVisible: String(inFlight),
  };
  const names = input.AttributeNames ?? [];
  const unknown = names.find((n) => n !== "All" && !(n in all));
  if (unknown !== undefined) return unsupported("SQS", `GetQueueAttributes of ${unknown}`);
  return { Attributes: picked(all, names) };
}

/** The URLs and ARN of a queue named `name` in the stand-ins' account. */
export function queueAddress(name: string, region: string, account: string) {
  return {
    url: `http://sqs.${region}.localhost/${account}/${name}`,
    arn: `arn:aws:sqs:${region}:${account}:${name}`,
  };
}

/** What every queued message has. */
export interface CoreMessage {
  messageId: string;
  body: string;
  sentAt: number;
  /** Deliveries so far (SQS's ApproximateReceiveCount). */
  receives: number;
  firstReceivedAt: number | null;
  /** Until when (ms, by the clock) it is out of sight: delayed, or in flight (0: visible). */
  hiddenUntil: number;
}

/** A message as Lambda's SQS event source hands it over; `attributes` adds the queue type's own. */
export function sqsRecord(
  m: CoreMessage,
  queue: { arn: string; region: string },
  receiptHandle: string,
  attributes: Record<string, string> = {},
): SQSRecord {
  return {
    messageId: m.messageId,
    receiptHandle,
    body: m.body,
    attributes: {
      ApproximateReceiveCount: String(m.receives),
      SentTimestamp: String(m.sentAt),
      SenderId: "LOCAL",
      ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt ?? m.sentAt),
      ...attributes,
    } as SQSRecord["attributes"],
    messageAttributes: {},
    md5OfBody: md5(m.body),
    eventSource: "aws:sqs",
    eventSourceARN: queue.arn,
    awsRegion: queue.region,
  };
}

/** A consumer as Lambda invokes it for an SQS event source. */
export type SqsBatchHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;

export interface QueueCoreOptions<M extends CoreMessage> {
  clock: Clock;
  /** Deliveries before a message goes to the dead letters (the stack's redrive policy). */
  maxReceiveCount: number;
  /** How long a delivered message stays hidden, in ms. */
  visibilityMs: number;
  /** A message as its delivery hands it over. */
  record: (m: M) => SQSRecord;
  /** Sets a message aside, with why its last delivery failed. */
  bury: (m: M, reason: string) => void;
}

/** How many messages wait and show, and when the next shows: what a runtime asks of a queue between deliveries. */
export interface QueueDepths {
  depth(): number;
  visibleDepth(): number;
  nextVisibleAt(): Date | null;
}

/**
 * The readings a stand-in (LocalSqsFifo, FifoQueue, LocalSqsStandard) gives of the queue it holds, passed on
 * from `depthSource` (a QueueCore, or the FIFO queue over one), so each stand-in does not repeat them.
 */
export abstract class QueueReadings implements QueueDepths {
  /** The queue the readings are of. */
  protected abstract depthSource(): QueueDepths;

  /** Messages waiting, hidden and (on a standard queue) delayed ones included (dead letters not counted). */
  depth(): number {
    return this.depthSource().depth();
  }

  /** Messages a receive could hand out right now. */
  visibleDepth(): number {
    return this.depthSource().visibleDepth();
  }

  /** When the earliest hidden or delayed message shows (null: none waits). */
  nextVisibleAt(): Date | null {
    return this.depthSource().nextVisibleAt();
  }
}

/** A queue's messages: how many wait and show, and the delivery of a batch, settled by the handler's answer. */
export class QueueCore<M extends CoreMessage> implements QueueDepths {
  messages: M[] = [];
  readonly #o: QueueCoreOptions<M>;

  constructor(options: QueueCoreOptions<M>) {
    this.#o = options;
  }

  /** Messages waiting, hidden and delayed ones included (dead letters not counted). */
  depth(): number {
    return this.messages.length;
  }

  /** Messages a receive could hand out right now. */
  visibleDepth(): number {
    const now = this.#o.clock.now().getTime();
    return this.messages.filter((m) => m.hiddenUntil <= now).length;
  }

  /** When the earliest hidden or delayed message shows (null: none waits). */
  nextVisibleAt(): Date | null {
    const now = this.#o.clock.now().getTime();
    const hidden = this.messages.filter((m) => m.hiddenUntil > now).map((m) => m.hiddenUntil);
    return hidden.length > 0 ? new Date(Math.min(...hidden)) : null;
  }

  /**
   * Delivers `batch` (visible messages the queue type chose) to `handler`: each is received (counted, hidden for
   * the visibility timeout; `onReceive` does what else the queue type does then). Succeeded messages are deleted;
   * failed ones (all, when the handler throws) stay hidden until their timeout runs out, or are set aside after
   * `maxReceiveCount` receives. Returns how many were delivered.
   */
  async deliver(
    batch: readonly M[],
    handler: SqsBatchHandler,
    context: Context,
    onReceive: (m: M, now: number) => void = () => {},
  ): Promise<number> {
    if (batch.length === 0) return 0;
    const now = this.#o.clock.now().getTime();
    for (const m of batch) {
      m.receives += 1;
      m.firstReceivedAt ??= now;
      m.hiddenUntil = now + this.#o.visibilityMs;
      onReceive(m, now);
    }
    let failed: Set<string>;
    let reason = "reported as a failed batch item";
    try {
      const response = await handler({ Records: batch.map((m) => this.#o.record(m)) }, context);
      failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (error) {
      failed = new Set(batch.map((m) => m.messageId));
      reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    const gone = new Set<string>();
    for (const m of batch) {
      if (!failed.has(m.messageId)) gone.add(m.messageId);
      else if (m.receives >= this.#o.maxReceiveCount) {
        gone.add(m.messageId);
        this.#o.bury(m, reason);
      }
    }
    this.messages = this.messages.filter((m) => !gone.has(m.messageId));
    return batch.length;
  }
}

/** What every dead letter has. */
export interface CoreDeadLetter {
  messageId: string;
  body: string;
  /** When it was first sent to the queue (ms): a redrive keeps a message's SentTimestamp. */
  sentAt: number;
  /** Receives so far: the consumer's deliveries, then each receive from the dead-letter queue. */
  receives: number;
  /** The receipt handle of its latest receive from the dead-letter queue (null: not received there yet). */
  receipt: string | null;
  /** Until when (ms, by the clock) that receive hides it (0: visible). */
  hiddenUntil: number;
}

export interface DeadLetterBoxOptions<L extends CoreDeadLetter> {
  clock: Clock;
  /** Which queue, for an unsupported request's message. */
  name: string;
  /** The letters a receive may hand out now, in order (FIFO: none of a group with one in flight). */
  receivable: (letters: readonly L[], now: number) => L[];
  /** A receive's receipt handle for a letter. */
  receiptOf: (letter: L) => string;
  /** The queue type's own system attributes of a letter (FIFO: its group and deduplication id). */
  attributesOf?: (letter: L) => Record<string, string>;
  /** A message sent straight to the dead letters (by hand, or by a consumer setting it aside). */
  sendDirect: (input: import("@aws-sdk/client-sqs").SendMessageRequest, now: number) => object;
}

/** A dead-letter queue: the letters, and what `rsvp dlq … --aws` asks of it. */
export class DeadLetterBox<L extends CoreDeadLetter> {
  letters: L[] = [];
  readonly #o: DeadLetterBoxOptions<L>;

  constructor(options: DeadLetterBoxOptions<L>) {
    this.#o = options;
  }

  /** Letters a receive holds out of sight right now (received, neither deleted nor visible again). */
  inFlight(): number {
    const now = this.#o.clock.now().getTime();
    return this.letters.filter((d) => d.hiddenUntil > now).length;
  }

  /** Answers an SQS request for the dead-letter queue. */
  handle(command: string, input: unknown): object {
    const now = this.#o.clock.now().getTime();
    switch (command) {
      case "ReceiveMessageCommand":
        return this.#receive(input as ReceiveMessageRequest, now);
      case "DeleteMessageBatchCommand":
        return this.#byReceipt((input as DeleteMessageBatchRequest).Entries, (letter) => {
          if (!letter)
            return { Code: "ReceiptHandleIsInvalid", Message: "no message has this receipt handle" };
          this.letters = this.letters.filter((d) => d !== letter);
          return null;
        });
      case "ChangeMessageVisibilityBatchCommand":
        return this.#byReceipt((input as ChangeMessageVisibilityBatchRequest).Entries, (letter, entry) => {
          if (!letter || letter.hiddenUntil <= now)
            return { Code: "MessageNotInflight", Message: "the message is not in flight" };
          letter.hiddenUntil = now + (entry.VisibilityTimeout ?? 0) * 1000;
          return null;
        });
      case "SendMessageCommand":
        return this.#o.sendDirect(input as import("@aws-sdk/client-sqs").SendMessageRequest, now);
      case "GetQueueAttributesCommand": {
        const inFlight = this.inFlight();
        return queueAttributes(input as GetQueueAttributesRequest, this.letters.length - inFlight, inFlight);
      }
      default:
        return unsupported("SQS", `${command} on ${this.#o.name}`);
    }
  }

  /** Receives the letters the queue type allows, hiding each for the visibility timeout. */
  #receive(input: ReceiveMessageRequest, now: number): { Messages: SqsMessage[] } {
    const max = input.MaxNumberOfMessages ?? 1;
    if (!Number.isInteger(max) || max < 1 || max > maxBatchEntries)
      throw sqsError(
        "InvalidParameterValue",
        `MaxNumberOfMessages must be 1 to ${maxBatchEntries}, not ${max}`,
      );
    const hideFor = (input.VisibilityTimeout ?? defaultVisibilitySeconds) * 1000;
    const names = input.MessageSystemAttributeNames ?? [];
    const Messages: SqsMessage[] = [];
    for (const d of this.#o.receivable(this.letters, now).slice(0, max)) {
      d.receives += 1;
      d.receipt = this.#o.receiptOf(d);
      d.hiddenUntil = now + hideFor;
      const attributes: Record<string, string> = {
        ...this.#o.attributesOf?.(d),
        ApproximateReceiveCount: String(d.receives),
        SentTimestamp: String(d.sentAt),
      };
      Messages.push({
        MessageId: d.messageId,
        ReceiptHandle: d.receipt,
        Body: d.body,
        MD5OfBody: md5(d.body),
        Attributes: picked(attributes, names),
      });
    }
    return { Messages };
  }

  /** A batch request by receipt handle: each entry succeeds unless `act` says why not. */
  #byReceipt<E extends { Id?: string; ReceiptHandle?: string }>(
    entries: E[] | undefined,
    act: (letter: L | undefined, entry: E) => Refusal | null,
  ): object {
    const Successful: { Id: string }[] = [];
    const Failed: EntryFailure[] = [];
    for (const entry of checkBatch(entries)) {
      const letter = this.letters.find((d) => d.receipt !== null && d.receipt === entry.ReceiptHandle);
      const failure = act(letter, entry);
      if (failure) Failed.push({ Id: entry.Id ?? "", SenderFault: true, ...failure });
      else Successful.push({ Id: entry.Id ?? "" });
    }
    return { Successful, Failed };
  }
}
