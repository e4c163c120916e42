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
 * while every waiting message is hidden, and `nextVisibleAt` says when one shows again.
 */
import { createHash, randomUUID } from "node:crypto";
import {
  BatchEntryIdsNotDistinct,
  BatchRequestTooLong,
  type ChangeMessageVisibilityBatchRequest,
  type ChangeMessageVisibilityRequest as ChangeVisibility,
  type DeleteMessageBatchRequest,
  EmptyBatchRequest,
  type GetQueueAttributesRequest,
  InvalidBatchEntryId,
  InvalidMessageContents,
  QueueDoesNotExist,
  type ReceiveMessageRequest,
  type SendMessageBatchRequest,
  type SendMessageBatchResultEntry,
  type SendMessageRequest,
  SQSClient,
  SQSServiceException,
  type Message as SqsMessage,
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
  /** Until when (ms, by the clock) its latest delivery hides it (0: visible). */
  hiddenUntil: number;
}

/** A message set aside after `maxReceiveCount` deliveries without success, as the dead-letter queue holds it. */
export interface DeadLetter {
  messageId: string;
  groupId: string;
  body: string;
  deduplicationId: string;
  /** When it was sent to the command queue (ms): a redrive keeps a message's SentTimestamp. */
  sentAt: number;
  /** Receives so far: the keeper's deliveries, then each receive from the dead-letter queue. */
  receives: number;
  /** Why its last delivery failed, as far as the handler said (a failed item carries no reason). */
  lastError: string;
  /** The receipt handle of its latest receive from the dead-letter queue (null: not received there yet). */
  receipt: string | null;
  /** Until when (ms, by the clock) that receive hides it. */
  hiddenUntil: number;
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
  /** The dead-letter queue's name (a FIFO queue's dead-letter queue is a FIFO queue too). */
  deadLetterQueueName?: string;
  /** How long a delivered message stays hidden (the stack's: 6 × the keeper's 30 s timeout = 180 s). */
  visibilityTimeoutSeconds?: number;
}

/** SQS's default visibility timeout, for a receive that names none (the dead-letter queue sets no other). */
const defaultVisibilitySeconds = 30;

const md5 = (text: string) => createHash("md5").update(text).digest("hex");
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The attributes a request names (every one for `All`). */
const picked = (attributes: Record<string, string>, names: readonly string[]) =>
  Object.fromEntries(Object.entries(attributes).filter(([n]) => names.includes(n) || names.includes("All")));

const sqsError = (name: string, message: string) =>
  new SQSServiceException({ name, $fault: "client", message, ...answered(400) });

/** The SQS FIFO command queue in-process. `client` is the SQSClient every adapter is given. */
export class LocalSqsFifo {
  readonly url: string;
  readonly arn: string;
  readonly deadLetterUrl: string;
  readonly region: string;
  /** SQS requests by command name (SendMessageBatch, SendMessage). */
  readonly calls = new Map<string, number>();
  readonly client: SQSClient;
  /** The dead-letter queue, oldest first. */
  deadLetters: DeadLetter[] = [];
  /**
   * Picks message bodies SQS is to refuse for a reason the stand-in does not model (a test's fault): each such
   * SendMessageBatch entry fails as the sender's fault (InvalidParameterValue), which no retry mends.
   */
  refuse: (body: string) => boolean = () => false;
  readonly #clock: Clock;
  readonly #maxReceiveCount: number;
  readonly #batchSize: number;
  readonly #visibilityMs: number;
  #messages: Message[] = [];
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
    this.url = `http://sqs.${this.region}.localhost/${account}/${name}`;
    this.arn = `arn:aws:sqs:${this.region}:${account}:${name}`;
    const deadLetterName = options.deadLetterQueueName ?? "rsvp-command-dead-letters.fifo";
    if (!deadLetterName.endsWith(".fifo") || deadLetterName === name)
      throw new RangeError(`a FIFO queue's dead-letter queue is another FIFO queue, not ${deadLetterName}`);
    this.deadLetterUrl = `http://sqs.${this.region}.localhost/${account}/${deadLetterName}`;
    this.#clock = options.clock;
    this.#maxReceiveCount = options.maxReceiveCount ?? 5;
    this.#batchSize = options.batchSize ?? maxBatchEntries;
    this.#visibilityMs = (options.visibilityTimeoutSeconds ?? 180) * 1000;
    this.client = standIn(
      new SQSClient(offlineClientConfig),
      "Sqs",
      async (command, input) => {
        const url = (input as { QueueUrl?: string }).QueueUrl;
        const routed = url === undefined ? undefined : this.#routes.get(url);
        if (routed) return routed(command, input);
        if (url === this.deadLetterUrl) return this.#deadLetterRequest(command, input);
        this.#checkQueue(url);
        if (command === "SendMessageBatchCommand") return this.#sendBatch(input as SendMessageBatchRequest);
        if (command === "SendMessageCommand") return this.#sendOne(input as SendMessageRequest);
        if (command === "GetQueueAttributesCommand") {
          const hidden = this.#messages.filter((m) => m.hiddenUntil > this.#clock.now().getTime()).length;
          return this.#attributes(input as GetQueueAttributesRequest, this.#messages.length - hidden, hidden);
        }
        if (command === "ChangeMessageVisibilityCommand") return this.#changeOne(input as ChangeVisibility);
        if (command === "ChangeMessageVisibilityBatchCommand")
          return this.#changeBatch(input as ChangeMessageVisibilityBatchRequest);
        return unsupported("SQS", command);
      },
      this.calls,
    );
  }

  /** Makes `client` answer for another in-process queue too: requests naming `url` go to `handle`. */
  route(url: string, handle: (command: string, input: unknown) => Promise<object>): void {
    this.#routes.set(url, handle);
  }

  /** Messages waiting, hidden ones included (dead letters not counted). */
  depth(): number {
    return this.#messages.length;
  }

  /** Messages a receive could hand out right now. */
  visibleDepth(): number {
    const now = this.#clock.now().getTime();
    return this.#messages.filter((m) => m.hiddenUntil <= now).length;
  }

  /** When the earliest hidden message shows again (null: none is hidden). */
  nextVisibleAt(): Date | null {
    const now = this.#clock.now().getTime();
    const hidden = this.#messages.filter((m) => m.hiddenUntil > now).map((m) => m.hiddenUntil);
    return hidden.length > 0 ? new Date(Math.min(...hidden)) : null;
  }

  /** Dead letters a receive holds out of sight right now (received, neither deleted nor visible again). */
  deadLettersInFlight(): number {
    const now = this.#clock.now().getTime();
    return this.deadLetters.filter((d) => d.hiddenUntil > now).length;
  }

  /**
   * Delivers the next batch to `handler` as Lambda's event source would: up to `batchSize` visible messages in
   * queue order, skipping every group that has a message hidden (in flight, or failed and not yet visible
   * again), so a group's messages come in order, several per batch. Each is hidden for the visibility timeout.
   * The partial batch response settles it: succeeded messages are deleted; failed ones stay hidden until their
   * visibility timeout (or what the handler changed it to) runs out, or go to the dead letters after
   * `maxReceiveCount` deliveries. A handler that throws fails the whole batch. Returns how many messages were
   * delivered (0: nothing is visible now).
   */
  async deliver(handler: SqsBatchHandler, context: Context): Promise<number> {
    const now = this.#clock.now().getTime();
    const held = new Set(this.#messages.filter((m) => m.hiddenUntil > now).map((m) => m.groupId));
    const batch: Message[] = [];
    for (const m of this.#messages) {
      if (batch.length >= this.#batchSize) break;
      if (!held.has(m.groupId)) batch.push(m);
    }
    if (batch.length === 0) return 0;
    for (const m of batch) {
      m.receives += 1;
      m.firstReceivedAt ??= now;
      m.hiddenUntil = now + this.#visibilityMs;
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
    for (const m of dead) this.#bury(m, reason);
    const gone = new Set([...done, ...dead.map((m) => m.messageId)]);
    this.#messages = this.#messages.filter((m) => !gone.has(m.messageId));
    return batch.length;
  }

  /** Moves a message to the dead-letter queue, as the redrive policy (or the keeper itself) does. */
  #bury(
    m: Pick<Message, "messageId" | "groupId" | "body" | "deduplicationId" | "sentAt" | "receives">,
    why: string,
  ) {
    this.deadLetters.push({
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
  #inFlight(receipt: string | undefined): Message | { Code: string; Message: string } {
    const m = this.#messages.find((x) => `${x.messageId}/${x.receives}` === receipt);
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
    const Failed: { Id: string; SenderFault: boolean; Code: string; Message: string }[] = [];
    for (const entry of this.#checkBatch(input.Entries)) {
      const failure = this.#changeVisibility(entry.ReceiptHandle, entry.VisibilityTimeout);
      if (failure) Failed.push({ Id: entry.Id ?? "", SenderFault: true, ...failure });
      else Successful.push({ Id: entry.Id ?? "" });
    }
    return { Successful, Failed };
  }

  /** The limits every batch request has in common; returns its entries. */
  #checkBatch<E extends { Id?: string }>(entries: E[] | undefined): E[] {
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

  #sendBatch(input: SendMessageBatchRequest): object {
    const entries = this.#checkBatch(input.Entries);
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

  /** `ApproximateNumberOfMessages` and `…NotVisible`, as asked for by name (or `All`). */
  #attributes(input: GetQueueAttributesRequest, visible: number, inFlight: number): object {
    const all: Record<string, string> = {
      ApproximateNumberOfMessages: String(visible),
      ApproximateNumberOfMessagesNotVisible: String(inFlight),
    };
    const names = input.AttributeNames ?? [];
    const unknown = names.find((n) => n !== "All" && !(n in all));
    if (unknown !== undefined) return unsupported("SQS", `GetQueueAttributes of ${unknown}`);
    return { Attributes: picked(all, names) };
  }

  /** What `rsvp dlq --aws` asks of the dead-letter queue. */
  #deadLetterRequest(command: string, input: unknown): object {
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
      case "SendMessageCommand":
        return this.#sendDeadLetter(input as SendMessageRequest, now);
      case "GetQueueAttributesCommand": {
        const inFlight = this.deadLettersInFlight();
        return this.#attributes(
          input as GetQueueAttributesRequest,
          this.deadLetters.length - inFlight,
          inFlight,
        );
      }
      default:
        return unsupported("SQS", `${command} on the dead-letter queue`);
    }
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

  /** A batch request on dead letters by receipt handle: each entry succeeds unless `act` says why not. */
  #byReceipt<E extends { Id?: string; ReceiptHandle?: string }>(
    entries: E[] | undefined,
    act: (letter: DeadLetter | undefined, entry: E) => { Code: string; Message: string } | null,
  ): object {
    const Successful: { Id: string }[] = [];
    const Failed: { Id: string; SenderFault: boolean; Code: string; Message: string }[] = [];
    for (const entry of this.#checkBatch(entries)) {
      const letter = this.deadLetters.find((d) => d.receipt !== null && d.receipt === entry.ReceiptHandle);
      const failure = act(letter, entry);
      if (failure) Failed.push({ Id: entry.Id ?? "", SenderFault: true, ...failure });
      else Successful.push({ Id: entry.Id ?? "" });
    }
    return { Successful, Failed };
  }

  /**
   * Receives dead letters in queue order, hiding each for the visibility timeout. FIFO: a group with a message in
   * flight hands out nothing more, so a group's messages come in order and one at a time per holder.
   */
  #receiveDeadLetters(input: ReceiveMessageRequest, now: number): { Messages: SqsMessage[] } {
    const max = input.MaxNumberOfMessages ?? 1;
    if (!Number.isInteger(max) || max < 1 || max > maxBatchEntries)
      throw sqsError(
        "InvalidParameterValue",
        `MaxNumberOfMessages must be 1 to ${maxBatchEntries}, not ${max}`,
      );
    const hideFor = (input.VisibilityTimeout ?? defaultVisibilitySeconds) * 1000;
    const names = input.MessageSystemAttributeNames ?? [];
    const held = new Set(this.deadLetters.filter((d) => d.hiddenUntil > now).map((d) => d.groupId));
    const Messages: SqsMessage[] = [];
    for (const d of this.deadLetters) {
      if (Messages.length >= max) break;
      if (held.has(d.groupId)) continue;
      d.receives += 1;
      d.receipt = `${d.messageId}/${d.receives}`;
      d.hiddenUntil = now + hideFor;
      const attributes: Record<string, string> = {
        MessageGroupId: d.groupId,
        MessageDeduplicationId: d.deduplicationId,
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
      hiddenUntil: 0,
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
