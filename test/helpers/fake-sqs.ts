import { randomUUID } from "node:crypto";
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import type { SQSRecord } from "aws-lambda";
import { type AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { sqsRecordFactory } from "./sqs-records.ts";

interface Stored {
  id: string;
  body: string;
  groupId: string;
  dedupId: string;
  sentAt: number;
  receiveCount: number;
  /** The receipt handle of the current receive, while the message is in flight. */
  inFlight: string | null;
}

/**
 * A FIFO queue as SQS keeps one, for the calls `rsvp dlq` makes: receive (a group whose earlier message is in
 * flight hands out nothing more), delete by receipt handle, visibility back to 0, send in batches. Time is not
 * modelled: a visibility timeout never runs out, and deduplication (a five-minute window) is left out, so
 * every send arrives, as a replay after the window does.
 */
export class FakeFifoQueue {
  readonly url: string;
  readonly #messages: Stored[] = [];
  /** Every message sent to this queue, in order (kept after they are received). */
  readonly sent: Stored[] = [];

  constructor(url: string) {
    this.url = url;
  }

  /** Puts a message straight in (as SQS's redrive does after the last failed receive). */
  put(body: string, groupId: string, receiveCount = 5): string {
    const id = randomUUID();
    const stored: Stored = {
      id,
      body,
      groupId,
      dedupId: randomUUID(),
      sentAt: Date.parse("2026-06-01T12:00:00Z"),
      receiveCount,
      inFlight: null,
    };
    this.#messages.push(stored);
    return id;
  }

  send(entry: { body: string; groupId: string; dedupId: string }): Stored {
    const stored: Stored = {
      id: randomUUID(),
      ...entry,
      sentAt: Date.now(),
      receiveCount: 0,
      inFlight: null,
    };
    this.#messages.push(stored);
    this.sent.push(stored);
    return stored;
  }

  receive(max: number): Message[] {
    const blocked = new Set(this.#messages.filter((m) => m.inFlight).map((m) => m.groupId));
    const out: Message[] = [];
    for (const m of this.#messages) {
      if (out.length >= max) break;
      if (m.inFlight || blocked.has(m.groupId)) continue;
      m.inFlight = `receipt-${randomUUID()}`;
      m.receiveCount += 1;
      out.push({
        MessageId: m.id,
        ReceiptHandle: m.inFlight,
        Body: m.body,
        Attributes: {
          MessageGroupId: m.groupId,
          MessageDeduplicationId: m.dedupId,
          ApproximateReceiveCount: String(m.receiveCount),
          SentTimestamp: String(m.sentAt),
        },
      });
    }
    return out;
  }

  delete(receipt: string | undefined): boolean {
    const at = this.#messages.findIndex((m) => m.inFlight !== null && m.inFlight === receipt);
    if (at < 0) return false;
    this.#messages.splice(at, 1);
    return true;
  }

  release(receipt: string | undefined): void {
    const m = this.#messages.find((x) => x.inFlight !== null && x.inFlight === receipt);
    if (m) m.inFlight = null;
  }

  /** Message ids still in the queue, in order. */
  ids(): string[] {
    return this.#messages.map((m) => m.id);
  }

  /** How many are in flight (received, neither deleted nor released). */
  inFlight(): number {
    return this.#messages.filter((m) => m.inFlight).length;
  }

  /** The messages sent since `from`, as Lambda would hand them to the keeper. */
  recordsSince(from: number): SQSRecord[] {
    return this.sent.slice(from).map((m) => sqsRecordFactory(m.body, m.groupId));
  }
}

/**
 * Mocks every SQSClient (aws-sdk-client-mock) over fake FIFO queues, by URL. Bodies `refuse.when` picks are
 * reported failed by SendMessageBatch (as the sender's fault, which no retry mends), so a test can make one
 * send fail.
 */
export function fakeSqs(...queues: FakeFifoQueue[]): {
  mock: AwsClientStub<SQSClient>;
  refuse: { when: (body: string) => boolean };
} {
  const byUrl = new Map(queues.map((q) => [q.url, q]));
  const queue = (url: string | undefined) => {
    const q = byUrl.get(url ?? "");
    if (!q) throw Object.assign(new Error(`no queue ${url}`), { name: "QueueDoesNotExist" });
    return q;
  };
  const refuse = { when: (_body: string) => false };
  const mock = mockClient(SQSClient);
  mock.on(ReceiveMessageCommand).callsFake((input) => ({
    Messages: queue(input.QueueUrl).receive(input.MaxNumberOfMessages ?? 1),
  }));
  mock.on(GetQueueAttributesCommand).callsFake((input) => {
    const q = queue(input.QueueUrl);
    return { Attributes: { ApproximateNumberOfMessages: String(q.ids().length - q.inFlight()) } };
  });
  mock.on(SendMessageBatchCommand).callsFake((input) => {
    const q = queue(input.QueueUrl);
    const Successful: { Id: string; MessageId: string; MD5OfMessageBody: string }[] = [];
    const Failed: { Id: string; Code: string; SenderFault: boolean; Message: string }[] = [];
    for (const e of input.Entries ?? []) {
      if (refuse.when(e.MessageBody ?? "")) {
        Failed.push({ Id: e.Id, Code: "InvalidParameterValue", SenderFault: true, Message: "refused" });
        continue;
      }
      const m = q.send({ body: e.MessageBody, groupId: e.MessageGroupId, dedupId: e.MessageDeduplicationId });
      Successful.push({ Id: e.Id, MessageId: m.id, MD5OfMessageBody: "" });
    }
    return { Successful, Failed };
  });
  mock.on(DeleteMessageBatchCommand).callsFake((input) => {
    const q = queue(input.QueueUrl);
    const Successful: { Id: string }[] = [];
    const Failed: { Id: string; Code: string; SenderFault: boolean }[] = [];
    for (const e of input.Entries ?? []) {
      if (q.delete(e.ReceiptHandle)) Successful.push({ Id: e.Id });
      else Failed.push({ Id: e.Id, Code: "ReceiptHandleIsInvalid", SenderFault: true });
    }
    return { Successful, Failed };
  });
  mock.on(ChangeMessageVisibilityBatchCommand).callsFake((input) => {
    const q = queue(input.QueueUrl);
    for (const e of input.Entries ?? []) q.release(e.ReceiptHandle);
    return { Successful: (input.Entries ?? []).map((e: { Id: string }) => ({ Id: e.Id })), Failed: [] };
  });
  return { mock, refuse };
}
