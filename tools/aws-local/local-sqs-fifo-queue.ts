/**
 * What the in-process SQS FIFO queue does as a FIFO queue (the stand-in that answers the SQS client's requests
 * for it is local-sqs-fifo.ts), as the stateful stack configures the command queue:
 * - order per message group: messages leave a group in the order they were accepted, and a message that failed
 *   stays at the head of its group (nothing of that group is delivered ahead of it);
 * - deduplication by MessageDeduplicationId (or, content-based, the SHA-256 of the body) per message group,
 *   for 5 minutes by the injected clock: a repeat within the window is answered as sent and dropped;
 * - visibility timeouts on the injected clock: a delivered message is hidden for the queue's visibility timeout
 *   (the stack's 180 s) and, when the handler reports it failed, comes back only after that, unless the handler
 *   changed it by ChangeMessageVisibility(Batch) with its receipt handle; a group with a message in flight or
 *   hidden hands out nothing more, and one delivery hands over several messages of one group, in order;
 * - a message delivered `maxReceiveCount` times without success goes to the FIFO dead-letter queue (a group
 *   with a letter in flight hands out nothing more there either), where the keeper also sets aside itself a
 *   message it can never apply (with a `reason` attribute);
 * - which messages a FIFO queue refuses: the body's size and characters, a missing group id, a per-message delay.
 * Visibility, receive counts, dead letters and the request limits are the queue core's (local-sqs-core.ts);
 * what is here is what a FIFO queue does differently (groups, deduplication, no delays).
 */
import { createHash, randomUUID } from "node:crypto";
import type { SendMessageRequest } from "@aws-sdk/client-sqs";
import type { Context } from "aws-lambda";
import type { Clock } from "../../core/ports.ts";
import {
  type CoreDeadLetter,
  type CoreMessage,
  DeadLetterBox,
  maxBytes,
  md5,
  QueueCore,
  type QueueDepths,
  QueueReadings,
  type Refusal,
  type SqsBatchHandler,
  sqsError,
  sqsRecord,
} from "./local-sqs-core.ts";

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

export interface FifoQueueOptions {
  clock: Clock;
  /** The queue as its records name it. */
  address: { arn: string; region: string };
  maxReceiveCount: number;
  batchSize: number;
  visibilityTimeoutSeconds: number;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const receiptOf = (m: { messageId: string; receives: number }) => `${m.messageId}/${m.receives}`;

/** A FIFO queue and its dead-letter queue, in-process, on the injected clock. */
export class FifoQueue extends QueueReadings {
  /** The dead-letter queue (it answers its own requests: `handle`). */
  readonly box: DeadLetterBox<DeadLetter>;
  readonly #clock: Clock;
  readonly #batchSize: number;
  readonly #queue: QueueCore<Message>;
  /** `group \n deduplication id` → when it was first accepted (ms). */
  readonly #seen = new Map<string, number>();
  #sequence = 10_000_000_000_000_000_000n;

  constructor(options: FifoQueueOptions) {
    super();
    this.#clock = options.clock;
    this.#batchSize = options.batchSize;
    this.#queue = new QueueCore<Message>({
      clock: options.clock,
      maxReceiveCount: options.maxReceiveCount,
      visibilityMs: options.visibilityTimeoutSeconds * 1000,
      record: (m) =>
        sqsRecord(m, options.address, receiptOf(m), {
          SequenceNumber: m.sequenceNumber,
          MessageGroupId: m.groupId,
          MessageDeduplicationId: m.deduplicationId,
        }),
      bury: (m, reason) => this.#bury(m, reason),
    });
    this.box = new DeadLetterBox<DeadLetter>({
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
  }

  protected depthSource(): QueueDepths {
    return this.#queue;
  }

  /**
   * Delivers the next batch to `handler`: up to `batchSize` visible messages in queue order, skipping every
   * group that has a message hidden, so a group's messages come in order, several per batch (see LocalSqsFifo).
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
    this.box.letters.push({
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
  changeVisibility(receipt: string | undefined, seconds: number | undefined): Refusal | null {
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

  /** A message sent straight to the dead-letter queue (the keeper's own, for a message it can never apply). */
  #sendDeadLetter(input: SendMessageRequest, now: number): object {
    const refusal = this.refusal(input);
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
  refusal(m: { MessageBody?: string; MessageGroupId?: string; DelaySeconds?: number }): Refusal | null {
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
  accept(m: { MessageBody?: string; MessageGroupId?: string; MessageDeduplicationId?: string }): {
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
