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
 * - visibility timeouts on the injected clock: a delivered message is hidden for the queue's visibility timeout
 *   (the stack's 180 s) and, when the handler reports it failed, comes back only after that, unless the handler
 *   changed it by ChangeMessageVisibility(Batch) with its receipt handle; a group with a message in flight or
 *   hidden hands out nothing more, and one delivery hands over several messages of one group, in order;
 * - a message delivered `maxReceiveCount` times without success goes to the FIFO dead-letter queue, which
 *   answers what `rsvp dlq --aws` asks of it (adapters/aws/sqs-dead-letters.ts): ReceiveMessage (a group with a
 *   message in flight hands out nothing more; visibility timeouts run on the injected clock),
 *   DeleteMessageBatch and ChangeMessageVisibilityBatch by receipt handle, GetQueueAttributes, and SendMessage
 *   (the keeper sets a message it can never apply aside itself, with a `reason` attribute);
 * - the request limits (10 entries, distinct entry ids, 256 KiB of bodies, the characters SQS allows), answered
 *   with SQS's own errors.
 * What it leaves out: delivery delays, long polling (an empty receive answers at once), and concurrent batches
 * (one batch at a time, which FIFO order per group allows). Time passes only by the clock: `deliver` answers 0
 * while every waiting message is hidden, and `nextVisibleAt` says when one shows again. Visibility, receive
 * counts, dead letters and the request limits are the queue core's (local-sqs-core.ts); what is here is what a
 * FIFO queue does differently (groups, deduplication, no delays).
 */
import { createHash, randomUUID } from "node:crypto";
import {
  BatchRequestTooLong,
  type ChangeMessageVisibilityBatchRequest,
  type ChangeMessageVisibilityRequest as ChangeVisibility,
  type GetQueueAttributesRequest,
  InvalidMessageContents,
  QueueDoesNotExist,
  type SendMessageBatchRequest,
  type SendMessageBatchResultEntry,
  type SendMessageRequest,
  SQSClient,
} from "@aws-sdk/client-sqs";
import type { Context } from "aws-lambda";
import type { Clock } from "../../core/ports.ts";
import {
  type CoreDeadLetter,
  type CoreMessage,
  checkBatch,
  DeadLetterBox,
  type EntryFailure,
  maxBytes,
  md5,
  QueueCore,
  queueAddress,
  queueAttributes,
  type Refusal,
  type SqsBatchHandler,
  sqsError,
  sqsRecord,
} from "./local-sqs-core.ts";
import { answered, offlineClientConfig, standIn, unsupported } from "./sdk-stand-in.ts";

export type { SqsBatchHandler } from "./local-sqs-core.ts";

/** How long SQS remembers a deduplication id. */
export const sqsDeduplicationWindowMs = 5 * 60_000;
/** The characters SQS allows in a message body: #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000+. */
const allowedBody = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

/** A message the queue holds. */
interface Message extends CoreMessage {
  groupId: string;
  deduplicationId: string;
  sequenceNumber: string;
}

/** A message set aside after `maxReceiveCount` deliveries without success, as the dead-letter queue holds it. */
export interface DeadLetter extends CoreDeadLetter {
  groupId: string;
  deduplicationId: string;
  /** Why its last delivery failed, as far as the handler said (a failed item carries no reason). */
  lastError: string;
}

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
  /** The dead-letter queue's name (a FIFO queue's dead-letter queue is a FIFO queue too). */
  deadLetterQueueName?: string;
  /** How long a delivered message stays hidden (the stack's: 6 × the keeper's 30 s timeout = 180 s). */
  visibilityTimeoutSeconds?: number;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const receiptOf = (m: { messageId: string; receives: number }) => `${m.messageId}/${m.receives}`;

/** The SQS FIFO command queue in-process. `client` is the SQSClient every adapter is given. */
export class LocalSqsFifo {
  readonly url: string;
  readonly arn: string;
  readonly deadLetterUrl: string;
  readonly region: string;
  /** SQS requests by command name (SendMessageBatch, SendMessage). */
  readonly calls = new Map<string, number>();
  readonly client: SQSClient;
  /**
   * Picks message bodies SQS is to refuse for a reason the stand-in does not model (a test's fault): each such
   * SendMessageBatch entry fails as the sender's fault (InvalidParameterValue), which no retry mends.
   */
  refuse: (body: string) => boolean = () => false;
  readonly #clock: Clock;
  readonly #batchSize: number;
  readonly #queue: QueueCore<Message>;
  readonly #box: DeadLetterBox<DeadLetter>;
  /** `group \n deduplication id` → when it was first accepted (ms). */
  readonly #seen = new Map<string, number>();
  #sequence = 10_000_000_000_000_000_000n;
  /** Other queues this client answers for, by URL (the mail path's standard queue: local-sqs-standard.ts). */
  readonly #routes = new Map<string, (command: string, input: unknown) => Promise<object>>();

  constructor(options: LocalSqsFifoOptions) {
    const name = options.queueName ?? "rsvp-commands.fifo";
    if (!name.endsWith(".fifo")) throw new RangeError(`a FIFO queue's name ends in .fifo, not ${name}`);
    this.region = options.region ?? "local";
    const account = options.account ?? "000000000000";
    ({ url: this.url, arn: this.arn } = queueAddress(name, this.region, account));
    const deadLetterName = options.deadLetterQueueName ?? "rsvp-command-dead-letters.fifo";
    if (!deadLetterName.endsWith(".fifo") || deadLetterName === name)
      throw new RangeError(`a FIFO queue's dead-letter queue is another FIFO queue, not ${deadLetterName}`);
    this.deadLetterUrl = queueAddress(deadLetterName, this.region, account).url;
    this.#clock = options.clock;
    this.#batchSize = options.batchSize ?? 10;
    this.#queue = new QueueCore<Message>({
      clock: options.clock,
      maxReceiveCount: options.maxReceiveCount ?? 5,
      visibilityMs: (options.visibilityTimeoutSeconds ?? 180) * 1000,
      record: (m) =>
        sqsRecord(m, this, receiptOf(m), {
          SequenceNumber: m.sequenceNumber,
          MessageGroupId: m.groupId,
          MessageDeduplicationId: m.deduplicationId,
        }),
      bury: (m, reason) => this.#bury(m, reason),
    });
    this.#box = new DeadLetterBox<DeadLetter>({
      clock: options.clock,
      name: "the dead-letter queue",
      // FIFO: a group with a letter in flight hands out nothing more, so a group's letters come in order.
      receivable: (letters, now) => {
        const held = new Set(letters.filter((d) => d.hiddenUntil > now).map((d) => d.groupId));
        return letters.filter((d) => !held.has(d.groupId));
      },
      receiptOf,
      attributesOf: (d) => ({ MessageGroupId: d.groupId, MessageDeduplicationId: d.deduplicationId }),
      sendDirect: (input, now) => this.#sendDeadLetter(input, now),
    });
    this.client = standIn(
      new SQSClient(offlineClientConfig),
      "Sqs",
      async (command, input) => {
        const url = (input as { QueueUrl?: string }).QueueUrl;
        const routed = url === undefined ? undefined : this.#routes.get(url);
        if (routed) return routed(command, input);
        if (url === this.deadLetterUrl) return this.#box.handle(command, input);
        this.#checkQueue(url);
        if (command === "SendMessageBatchCommand") return this.#sendBatch(input as SendMessageBatchRequest);
        if (command === "SendMessageCommand") return this.#sendOne(input as SendMessageRequest);
        if (command === "GetQueueAttributesCommand") {
          const visible = this.visibleDepth();
          return queueAttributes(input as GetQueueAttributesRequest, visible, this.depth() - visible);
        }
        if (command === "ChangeMessageVisibilityCommand") return this.#changeOne(input as ChangeVisibility);
        if (command === "ChangeMessageVisibilityBatchCommand")
          return this.#changeBatch(input as ChangeMessageVisibilityBatchRequest);
        return unsupported("SQS", command);
      },
      this.calls,
    );
  }

  /** The dead-letter queue, oldest first. */
  get deadLetters(): DeadLetter[] {
    return this.#box.letters;
  }
  set deadLetters(letters: DeadLetter[]) {
    this.#box.letters = letters;
  }

  /** Makes `client` answer for another in-process queue too: requests naming `url` go to `handle`. */
  route(url: string, handle: (command: string, input: unknown) => Promise<object>): void {
    this.#routes.set(url, handle);
  }

  /** Messages waiting, hidden ones included (dead letters not counted). */
  depth(): number {
    return this.#queue.depth();
  }

  /** Messages a receive could hand out right now. */
  visibleDepth(): number {
    return this.#queue.visibleDepth();
  }

  /** When the earliest hidden message shows again (null: none is hidden). */
  nextVisibleAt(): Date | null {
    return this.#queue.nextVisibleAt();
  }

  /** Dead letters a receive holds out of sight right now (received, neither deleted nor visible again). */
  deadLettersInFlight(): number {
    return this.#box.inFlight();
  }

  /**
   * Delivers the next batch to `handler` as Lambda's event source would: up to `batchSize` visible messages in
   * queue order, skipping every group that has a message hidden (in flight, or failed and not yet visible
   * again), so a group's messages come in order, several per batch. Each is hidden for the visibility timeout.
   * The partial batch response settles it (local-sqs-core.ts): succeeded messages are deleted; failed ones stay
   * hidden until their visibility timeout (or what the handler changed it to) runs out, or go to the dead
   * letters after `maxReceiveCount` deliveries. A handler that throws fails the whole batch. Returns how many
   * messages were delivered (0: nothing is visible now).
   */
  async deliver(handler: SqsBatchHandler, context: Context): Promise<number> {
    const now = this.#clock.now().getTime();
    const messages = this.#queue.messages;
    const held = new Set(messages.filter((m) => m.hiddenUntil > now).map((m) => m.groupId));
    const batch: Message[] = [];
    for (const m of messages) {
      if (batch.length >= this.#batchSize) break;
      if (!held.has(m.groupId)) batch.push(m);
    }
    return this.#queue.deliver(batch, handler, context);
  }

  /** Moves a message to the dead-letter queue, as the redrive policy (or the keeper itself) does. */
  #bury(
    m: Pick<Message, "messageId" | "groupId" | "body" | "deduplicationId" | "sentAt" | "receives">,
    why: string,
  ) {
    this.#box.letters.push({
      messageId: m.messageId,
      groupId: m.groupId,
      body: m.body,
      deduplicationId: m.deduplicationId,
      sentAt: m.sentAt,
      receives: m.receives,
      lastError: why,
      receipt: null,
      hiddenUntil: 0,
    });
  }

  /** The message a receipt handle names while that delivery is in flight, or why none is. */
  #inFlight(receipt: string | undefined): Message | Refusal {
    const m = this.#queue.messages.find((x) => receiptOf(x) === receipt);
    if (!m) return { Code: "ReceiptHandleIsInvalid", Message: "no message has this receipt handle" };
    if (m.hiddenUntil <= this.#clock.now().getTime())
      return { Code: "MessageNotInflight", Message: "the message is not in flight" };
    return m;
  }

  /** Hides an in-flight message for `seconds` from now (0: visible at once), as SQS allows up to 12 hours. */
  #changeVisibility(receipt: string | undefined, seconds: number | undefined) {
    if (seconds === undefined || !Number.isInteger(seconds) || seconds < 0 || seconds > 43_200)
      return {
        Code: "InvalidParameterValue",
        Message: `VisibilityTimeout must be 0 to 43200, not ${seconds}`,
      };
    const m = this.#inFlight(receipt);
    if ("Code" in m) return m;
    m.hiddenUntil = this.#clock.now().getTime() + seconds * 1000;
    return null;
  }

  #changeOne(input: ChangeVisibility): object {
    const failure = this.#changeVisibility(input.ReceiptHandle, input.VisibilityTimeout);
    if (failure) throw sqsError(failure.Code, failure.Message);
    return {};
  }

  #changeBatch(input: ChangeMessageVisibilityBatchRequest): object {
    const Successful: { Id: string }[] = [];
    const Failed: EntryFailure[] = [];
    for (const entry of checkBatch(input.Entries)) {
      const failure = this.#changeVisibility(entry.ReceiptHandle, entry.VisibilityTimeout);
      if (failure) Failed.push({ Id: entry.Id ?? "", SenderFault: true, ...failure });
      else Successful.push({ Id: entry.Id ?? "" });
    }
    return { Successful, Failed };
  }

  #sendBatch(input: SendMessageBatchRequest): object {
    const entries = checkBatch(input.Entries);
    const bytes = entries.reduce((sum, e) => sum + Buffer.byteLength(e.MessageBody ?? "", "utf8"), 0);
    if (bytes > maxBytes)
      throw new BatchRequestTooLong({
        message: `the batch's bodies are ${bytes} bytes; at most ${maxBytes}`,
        ...answered(),
      });
    const Successful: SendMessageBatchResultEntry[] = [];
    const Failed: EntryFailure[] = [];
    for (const e of entries) {
      const refusal = this.#refusal(e);
      if (refusal) Failed.push({ Id: e.Id ?? "", SenderFault: true, ...refusal });
      else if (this.refuse(e.MessageBody ?? ""))
        Failed.push({ Id: e.Id ?? "", SenderFault: true, Code: "InvalidParameterValue", Message: "refused" });
      else Successful.push({ Id: e.Id, ...this.#accept(e) });
    }
    return { Successful, Failed };
  }

  #sendOne(input: SendMessageRequest): object {
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
        message: `no queue at ${url}; the in-process queues are ${this.url} and ${this.deadLetterUrl}`,
        ...answered(),
      });
  }

  /** A message sent straight to the dead-letter queue (the keeper's own, for a message it can never apply). */
  #sendDeadLetter(input: SendMessageRequest, now: number): object {
    const refusal = this.#refusal(input);
    if (refusal) throw sqsError(refusal.Code, refusal.Message);
    const body = input.MessageBody ?? "";
    this.#sequence += 1n;
    const messageId = randomUUID();
    this.#bury(
      {
        messageId,
        groupId: input.MessageGroupId ?? "",
        body,
        deduplicationId: input.MessageDeduplicationId ?? sha256(body),
        sentAt: now,
        receives: 0,
      },
      input.MessageAttributes?.reason?.StringValue ?? "set aside by the consumer",
    );
    return { MessageId: messageId, MD5OfMessageBody: md5(body), SequenceNumber: String(this.#sequence) };
  }

  /** Why SQS would refuse one message, or null. */
  #refusal(m: { MessageBody?: string; MessageGroupId?: string; DelaySeconds?: number }): Refusal | null {
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
    this.#queue.messages.push({
      messageId: answer.MessageId,
      body,
      groupId,
      deduplicationId,
      sequenceNumber: answer.SequenceNumber,
      sentAt: now,
      receives: 0,
      firstReceivedAt: null,
      hiddenUntil: 0,
    });
    return answer;
  }

  #forgetExpired(now: number): void {
    for (const [key, at] of this.#seen) if (now - at >= sqsDeduplicationWindowMs) this.#seen.delete(key);
  }
}
