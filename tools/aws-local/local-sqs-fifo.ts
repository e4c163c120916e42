/**
 * An in-process stand-in for the SQS FIFO command queue, answering the real `SQSClient` (see sdk-stand-in.ts),
 * so the real `SqsCommandQueue` sends to it unchanged, and delivering to the keeper as Lambda's event source
 * mapping does: batches of up to 10 SQS-shaped records, with the handler's partial batch response.
 *
 * What a FIFO queue does (order per group, deduplication, visibility, dead letters) is local-sqs-fifo-queue.ts;
 * what is here is the client's side: its requests, routed by QueueUrl to this queue, to its dead-letter queue,
 * or to another in-process queue that `route` names (the mail path's standard queue), and answered as SQS does:
 * - SendMessage(Batch), GetQueueAttributes and ChangeMessageVisibility(Batch) for the queue, with the request
 *   limits (10 entries, distinct entry ids, 256 KiB of bodies, the characters SQS allows) and SQS's own errors;
 * - for the dead-letter queue, what `rsvp dlq --aws` asks of it (adapters/aws/sqs-dead-letters.ts):
 *   ReceiveMessage, DeleteMessageBatch and ChangeMessageVisibilityBatch by receipt handle, GetQueueAttributes,
 *   and SendMessage (the keeper sets a message it can never apply aside itself, with a `reason` attribute).
 * What it leaves out: delivery delays, long polling (an empty receive answers at once), and concurrent batches
 * (one batch at a time, which FIFO order per group allows). Time passes only by the clock: `deliver` answers 0
 * while every waiting message is hidden, and `nextVisibleAt` says when one shows again.
 */
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
  checkBatch,
  type EntryFailure,
  maxBytes,
  type QueueDepths,
  QueueReadings,
  queueAddress,
  queueAttributes,
  type SqsBatchHandler,
  sqsError,
} from "./local-sqs-core.ts";
import { type DeadLetter, FifoQueue } from "./local-sqs-fifo-queue.ts";
import { answered, offlineClientConfig, standIn, unsupported } from "./sdk-stand-in.ts";

export type { SqsBatchHandler } from "./local-sqs-core.ts";
export { type DeadLetter, sqsDeduplicationWindowMs } from "./local-sqs-fifo-queue.ts";

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

/** The SQS FIFO command queue in-process. `client` is the SQSClient every adapter is given. */
export class LocalSqsFifo extends QueueReadings {
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
  readonly #queue: FifoQueue;
  /** Other queues this client answers for, by URL (the mail path's standard queue: local-sqs-standard.ts). */
  readonly #routes = new Map<string, (command: string, input: unknown) => Promise<object>>();

  constructor(options: LocalSqsFifoOptions) {
    super();
    const name = options.queueName ?? "rsvp-commands.fifo";
    if (!name.endsWith(".fifo")) throw new RangeError(`a FIFO queue's name ends in .fifo, not ${name}`);
    this.region = options.region ?? "local";
    const account = options.account ?? "000000000000";
    ({ url: this.url, arn: this.arn } = queueAddress(name, this.region, account));
    const deadLetterName = options.deadLetterQueueName ?? "rsvp-command-dead-letters.fifo";
    if (!deadLetterName.endsWith(".fifo") || deadLetterName === name)
      throw new RangeError(`a FIFO queue's dead-letter queue is another FIFO queue, not ${deadLetterName}`);
    this.deadLetterUrl = queueAddress(deadLetterName, this.region, account).url;
    this.#queue = new FifoQueue({
      clock: options.clock,
      address: { arn: this.arn, region: this.region },
      maxReceiveCount: options.maxReceiveCount ?? 5,
      batchSize: options.batchSize ?? 10,
      visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 180,
    });
    this.client = standIn(
      new SQSClient(offlineClientConfig),
      "Sqs",
      async (command, input) => {
        const url = (input as { QueueUrl?: string }).QueueUrl;
        const routed = url === undefined ? undefined : this.#routes.get(url);
        if (routed) return routed(command, input);
        if (url === this.deadLetterUrl) return this.#queue.box.handle(command, input);
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
    return this.#queue.box.letters;
  }
  set deadLetters(letters: DeadLetter[]) {
    this.#queue.box.letters = letters;
  }

  /** Makes `client` answer for another in-process queue too: requests naming `url` go to `handle`. */
  route(url: string, handle: (command: string, input: unknown) => Promise<object>): void {
    this.#routes.set(url, handle);
  }

  protected depthSource(): QueueDepths {
    return this.#queue;
  }

  /** Dead letters a receive holds out of sight right now (received, neither deleted nor visible again). */
  deadLettersInFlight(): number {
    return this.#queue.box.inFlight();
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
  deliver(handler: SqsBatchHandler, context: Context): Promise<number> {
    return this.#queue.deliver(handler, context);
  }

  #changeOne(input: ChangeVisibility): object {
    const failure = this.#queue.changeVisibility(input.ReceiptHandle, input.VisibilityTimeout);
    if (failure) throw sqsError(failure.Code, failure.Message);
    return {};
  }

  #changeBatch(input: ChangeMessageVisibilityBatchRequest): object {
    const Successful: { Id: string }[] = [];
    const Failed: EntryFailure[] = [];
    for (const entry of checkBatch(input.Entries)) {
      const failure = this.#queue.changeVisibility(entry.ReceiptHandle, entry.VisibilityTimeout);
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
      const refusal = this.#queue.refusal(e);
      if (refusal) Failed.push({ Id: e.Id ?? "", SenderFault: true, ...refusal });
      else if (this.refuse(e.MessageBody ?? ""))
        Failed.push({ Id: e.Id ?? "", SenderFault: true, Code: "InvalidParameterValue", Message: "refused" });
      else Successful.push({ Id: e.Id, ...this.#queue.accept(e) });
    }
    return { Successful, Failed };
  }

  #sendOne(input: SendMessageRequest): object {
    const refusal = this.#queue.refusal(input);
    if (refusal) {
      if (refusal.Code === "InvalidMessageContents")
        throw new InvalidMessageContents({ message: refusal.Message, ...answered() });
      throw sqsError(refusal.Code, refusal.Message);
    }
    return this.#queue.accept(input);
  }

  #checkQueue(url: string | undefined): void {
    if (url !== this.url)
      throw new QueueDoesNotExist({
        message: `no queue at ${url}; the in-process queues are ${this.url} and ${this.deadLetterUrl}`,
        ...answered(),
      });
  }
}
