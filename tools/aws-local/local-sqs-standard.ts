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
 * `nextVisibleAt` says when one shows. Visibility, receive counts, dead letters and the request limits are the
 * queue core's (local-sqs-core.ts); what is here is what a standard queue does differently.
 */
import { randomUUID } from "node:crypto";
import type {
  GetQueueAttributesRequest,
  SendMessageBatchRequest,
  SendMessageBatchResultEntry,
  SendMessageRequest,
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
  type QueueDepths,
  QueueReadings,
  queueAddress,
  queueAttributes,
  type Refusal,
  type SqsBatchHandler,
  sqsError,
  sqsRecord,
} from "./local-sqs-core.ts";
import { unsupported } from "./sdk-stand-in.ts";

interface Message extends CoreMessage {
  /** The receipt handle of its latest delivery. */
  receipt: string | null;
}

/** A message set aside after `maxReceiveCount` deliveries without success. */
export type StandardDeadLetter = CoreDeadLetter;

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
export class LocalSqsStandard extends QueueReadings {
  readonly url: string;
  readonly arn: string;
  readonly region: string;
  /** The dead-letter queue's URL: requests naming it go to `handleDeadLetters`. */
  readonly deadLetterUrl: string;
  /** Messages delivered so far (each delivery of each message). */
  deliveries = 0;
  /** Picks messages the queue delivers once more, beside the first delivery (at-least-once); each once. */
  duplicate: (body: string) => boolean = () => false;
  readonly #clock: Clock;
  readonly #batchSize: number;
  readonly #queue: QueueCore<Message>;
  readonly #box: DeadLetterBox<StandardDeadLetter>;
  readonly #duplicated = new Set<string>();

  constructor(options: LocalSqsStandardOptions) {
    super();
    if (options.queueName.endsWith(".fifo")) throw new RangeError("a standard queue's name has no .fifo");
    this.region = options.region ?? "local";
    const account = options.account ?? "000000000000";
    ({ url: this.url, arn: this.arn } = queueAddress(options.queueName, this.region, account));
    const deadLetterName = options.deadLetterQueueName ?? `${options.queueName}-dead-letters`;
    if (deadLetterName.endsWith(".fifo") || deadLetterName === options.queueName)
      throw new RangeError(
        `a standard queue's dead-letter queue is another standard queue, not ${deadLetterName}`,
      );
    this.deadLetterUrl = queueAddress(deadLetterName, this.region, account).url;
    this.#clock = options.clock;
    this.#batchSize = options.batchSize ?? 10;
    this.#queue = new QueueCore<Message>({
      clock: options.clock,
      maxReceiveCount: options.maxReceiveCount ?? 5,
      visibilityMs: (options.visibilityTimeoutSeconds ?? 180) * 1000,
      record: (m) => sqsRecord(m, this, m.receipt ?? ""),
      bury: (m) =>
        this.#box.letters.push({
          messageId: m.messageId,
          body: m.body,
          receives: m.receives,
          sentAt: m.sentAt,
          receipt: null,
          hiddenUntil: 0,
        }),
    });
    this.#box = new DeadLetterBox<StandardDeadLetter>({
      clock: options.clock,
      name: "the send queue's dead letters",
      // No order promised, as a standard queue: any letter not in flight.
      receivable: (letters, now) => letters.filter((d) => d.hiddenUntil <= now),
      receiptOf: (d) => `${d.messageId}/dead/${d.receives}`,
      sendDirect: (request, now) => {
        // As a test (or an operator) could put a message there by hand.
        const refusal = this.#refusal(request.MessageBody, request.DelaySeconds);
        if (refusal) throw sqsError(refusal.Code, refusal.Message);
        const body = request.MessageBody ?? "";
        const messageId = randomUUID();
        this.#box.letters.push({ messageId, body, receives: 0, sentAt: now, receipt: null, hiddenUntil: 0 });
        return { MessageId: messageId, MD5OfMessageBody: md5(body) };
      },
    });
  }

  /** The dead-letter queue, oldest first. */
  get deadLetters(): StandardDeadLetter[] {
    return this.#box.letters;
  }
  set deadLetters(letters: StandardDeadLetter[]) {
    this.#box.letters = letters;
  }

  /** Answers an SQS request for this queue (LocalSqsFifo's client routes them here by URL). */
  handle = async (command: string, input: unknown): Promise<object> => {
    if (command === "SendMessageCommand") return this.#sendOne(input as SendMessageRequest);
    if (command === "SendMessageBatchCommand") return this.#sendBatch(input as SendMessageBatchRequest);
    if (command === "GetQueueAttributesCommand") {
      const visible = this.visibleDepth();
      return queueAttributes(input as GetQueueAttributesRequest, visible, this.depth() - visible);
    }
    return unsupported("SQS", `${command} on a standard queue`);
  };

  /** Answers an SQS request for the dead-letter queue (what `rsvp dlq … --sends --aws` asks of it). */
  handleDeadLetters = async (command: string, input: unknown): Promise<object> =>
    this.#box.handle(command, input);

  protected depthSource(): QueueDepths {
    return this.#queue;
  }

  /**
   * Delivers the next batch to `handler`: up to `batchSize` visible messages, in no promised order, each
   * hidden for the visibility timeout (local-sqs-core.ts settles the batch). A message `duplicate` picks is
   * copied as it is received: the copy a standard queue may hand out beside the first. Returns how many were
   * delivered. Calls may overlap (concurrent invocations): each takes messages no other delivery holds.
   */
  async deliver(handler: SqsBatchHandler, context: Context): Promise<number> {
    const now = this.#clock.now().getTime();
    const batch = this.#queue.messages.filter((m) => m.hiddenUntil <= now).slice(0, this.#batchSize);
    this.deliveries += batch.length;
    return this.#queue.deliver(batch, handler, context, (m) => {
      m.receipt = `${m.messageId}/${m.receives}`;
      if (!this.#duplicated.has(m.messageId) && this.duplicate(m.body)) {
        // Its own message from here on.
        this.#duplicated.add(m.messageId);
        const copy = this.#accept(m.body, 0);
        this.#duplicated.add(copy.MessageId);
      }
    });
  }

  #refusal(body: string | undefined, delay: number | undefined): Refusal | null {
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
    const entries = checkBatch(input.Entries);
    const bytes = entries.reduce((sum, e) => sum + Buffer.byteLength(e.MessageBody ?? "", "utf8"), 0);
    if (bytes > maxBytes) throw sqsError("BatchRequestTooLong", `the batch's bodies are ${bytes} bytes`);
    const Successful: SendMessageBatchResultEntry[] = [];
    const Failed: EntryFailure[] = [];
    for (const e of entries) {
      const refusal = this.#refusal(e.MessageBody, e.DelaySeconds);
      if (refusal) Failed.push({ Id: e.Id ?? "", SenderFault: true, ...refusal });
      else Successful.push({ Id: e.Id, ...this.#accept(e.MessageBody ?? "", e.DelaySeconds ?? 0) });
    }
    return { Successful, Failed };
  }

  /** Takes a message, hidden for its delay (a standard queue's per-message DelaySeconds). */
  #accept(body: string, delaySeconds: number): { MessageId: string; MD5OfMessageBody: string } {
    const now = this.#clock.now().getTime();
    const messageId = randomUUID();
    this.#queue.messages.push({
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
}
