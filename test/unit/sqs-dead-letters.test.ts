import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { deduplicationId } from "../../adapters/aws/command-message.ts";
import { SqsDeadLetters } from "../../adapters/aws/sqs-dead-letters.ts";
import type { Command } from "../../contracts/command.ts";
import { register } from "../helpers/factories.ts";

const dlqUrl = "https://sqs.eu-west-1.amazonaws.com/123456789012/RsvpStateful-CommandDeadLetters.fifo";
const queueUrl = "https://sqs.eu-west-1.amazonaws.com/123456789012/RsvpStateful-CommandQueue.fifo";
const sqs = mockClient(SQSClient);
const client = new SQSClient({
  region: "eu-west-1",
  credentials: { accessKeyId: "x", secretAccessKey: "x" },
});
afterAll(() => {
  sqs.restore();
  client.destroy();
});

const deadLetters = () =>
  new SqsDeadLetters({ client, deadLetterQueueUrl: dlqUrl, commandQueueUrl: queueUrl, waitSeconds: 1 });

let n = 0;
/** A dead letter as ReceiveMessage returns it: the command's JSON in its event's group. */
function letter(command: Command | string, group?: string): Message {
  n += 1;
  const body = typeof command === "string" ? command : JSON.stringify(command);
  return {
    MessageId: `m-${n}`,
    ReceiptHandle: `r-${n}`,
    Body: body,
    Attributes: {
      MessageGroupId: group ?? (typeof command === "string" ? "ev-x" : command.eventId),
      MessageDeduplicationId: `d-${n}`,
      ApproximateReceiveCount: "5",
      SentTimestamp: String(Date.parse("2026-06-01T12:00:00Z")),
    },
  };
}

const expectedReceive = (visibility: number, max = 10) => ({
  QueueUrl: dlqUrl,
  MaxNumberOfMessages: max,
  VisibilityTimeout: visibility,
  WaitTimeSeconds: 1,
  MessageSystemAttributeNames: [
    "MessageGroupId",
    "MessageDeduplicationId",
    "ApproximateReceiveCount",
    "SentTimestamp",
  ],
});

/** The dead-letter queue hands out these messages in one receive, then nothing more. */
const dlqHolds = (...messages: Message[]) =>
  sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: messages }).resolves({});

/** SendMessageBatch's word for entries it took. */
const sentOk = (...ids: string[]) => ids.map((Id) => ({ Id, MessageId: `sent-${Id}`, MD5OfMessageBody: "" }));

/** The commands sent, in call order, by name: what happened when. */
const callOrder = () =>
  sqs.calls().map((c) => (c.args[0] as { constructor: { name: string } }).constructor.name);

beforeEach(() => {
  sqs.reset();
  sqs.on(ChangeMessageVisibilityBatchCommand).resolves({ Successful: [], Failed: [] });
  sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: "2" } });
});

describe("listing the SQS dead letters", () => {
  it("receives them with a visibility timeout and the attributes it shows, deletes none, and lets them go again", async () => {
    const a = register("ev-a", "ana@example.org");
    const b = register("ev-b", "bo@example.org");
    const [ma, mb] = [letter(a), letter(b)];
    dlqHolds(ma, mb);

    const listing = await deadLetters().list();

    expect(sqs.commandCalls(ReceiveMessageCommand).map((c) => c.args[0].input)).toEqual([
      expectedReceive(60),
      expectedReceive(60),
    ]);
    expect(sqs.commandCalls(DeleteMessageBatchCommand)).toHaveLength(0);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
    expect(sqs.commandCalls(ChangeMessageVisibilityBatchCommand).map((c) => c.args[0].input)).toEqual([
      {
        QueueUrl: dlqUrl,
        Entries: [
          { Id: "0", ReceiptHandle: ma.ReceiptHandle, VisibilityTimeout: 0 },
          { Id: "1", ReceiptHandle: mb.ReceiptHandle, VisibilityTimeout: 0 },
        ],
      },
    ]);
    expect(listing.letters).toEqual([
      {
        id: ma.MessageId,
        eventId: "ev-a",
        command: a,
        attempts: 5,
        sentAt: "2026-06-01T12:00:00.000Z",
        failedAt: null,
        lastError: null,
      },
      {
        id: mb.MessageId,
        eventId: "ev-b",
        command: b,
        attempts: 5,
        sentAt: "2026-06-01T12:00:00.000Z",
        failedAt: null,
        lastError: null,
      },
    ]);
  });

  it("stops at --limit, asking SQS for no more than that", async () => {
    sqs.on(ReceiveMessageCommand).resolves({ Messages: [letter(register("ev-a", "a@example.org"))] });
    const listing = await deadLetters().list({ limit: 1 });
    expect(listing.letters).toHaveLength(1);
    expect(sqs.commandCalls(ReceiveMessageCommand).map((c) => c.args[0].input)).toEqual([
      expectedReceive(60, 1),
    ]);
  });
});

describe("replaying the SQS dead letters", () => {
  it("sends each command in its event's group with its own deduplication id, then deletes what was sent", async () => {
    const a = register("ev-a", "ana@example.org");
    const b = register("ev-b", "bo@example.org");
    const [ma, mb] = [letter(a), letter(b)];
    dlqHolds(ma, mb);
    sqs.on(SendMessageBatchCommand).resolves({ Successful: sentOk("0", "1"), Failed: [] });
    sqs.on(DeleteMessageBatchCommand).resolves({ Successful: [{ Id: "0" }, { Id: "1" }], Failed: [] });

    const report = await deadLetters().replay();

    expect(sqs.commandCalls(ReceiveMessageCommand)[0]!.args[0].input).toEqual(expectedReceive(120));
    expect(sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input)).toEqual([
      {
        QueueUrl: queueUrl,
        Entries: [
          {
            Id: "0",
            MessageBody: ma.Body,
            MessageGroupId: "ev-a",
            MessageDeduplicationId: deduplicationId(a),
          },
          {
            Id: "1",
            MessageBody: mb.Body,
            MessageGroupId: "ev-b",
            MessageDeduplicationId: deduplicationId(b),
          },
        ],
      },
    ]);
    expect(sqs.commandCalls(DeleteMessageBatchCommand).map((c) => c.args[0].input)).toEqual([
      {
        QueueUrl: dlqUrl,
        Entries: [
          { Id: "0", ReceiptHandle: ma.ReceiptHandle },
          { Id: "1", ReceiptHandle: mb.ReceiptHandle },
        ],
      },
    ]);
    // Deleted only after the send came back.
    expect(callOrder()).toEqual([
      "ReceiveMessageCommand",
      "SendMessageBatchCommand",
      "DeleteMessageBatchCommand",
      "ReceiveMessageCommand",
    ]);
    expect(report).toEqual({
      replayed: [ma.MessageId, mb.MessageId],
      unknown: [],
      unreadable: [],
      failed: [],
      notDeleted: [],
      missing: [],
    });
  });

  it("leaves a message SQS refused in the dead-letter queue, visible again, and deletes only the one it took", async () => {
    const [ma, mb] = [letter(register("ev-a", "a@example.org")), letter(register("ev-a", "b@example.org"))];
    dlqHolds(ma, mb);
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: sentOk("0"),
      Failed: [{ Id: "1", Code: "InternalError", SenderFault: false, Message: "try again" }],
    });
    sqs.on(DeleteMessageBatchCommand).resolves({ Successful: [{ Id: "0" }], Failed: [] });

    const report = await deadLetters().replay();

    expect(sqs.commandCalls(DeleteMessageBatchCommand).map((c) => c.args[0].input.Entries)).toEqual([
      [{ Id: "0", ReceiptHandle: ma.ReceiptHandle }],
    ]);
    expect(sqs.commandCalls(ChangeMessageVisibilityBatchCommand).map((c) => c.args[0].input.Entries)).toEqual(
      [[{ Id: "0", ReceiptHandle: mb.ReceiptHandle, VisibilityTimeout: 0 }]],
    );
    expect(report.replayed).toEqual([ma.MessageId]);
    expect(report.failed).toEqual([{ id: mb.MessageId, code: "InternalError", message: "try again" }]);
  });

  it("deletes nothing when the send itself fails, lets the batch go again, and says so", async () => {
    const ma = letter(register("ev-a", "a@example.org"));
    dlqHolds(ma);
    sqs.on(SendMessageBatchCommand).rejects(new Error("socket hang up"));

    await expect(deadLetters().replay()).rejects.toThrow("socket hang up");
    expect(sqs.commandCalls(DeleteMessageBatchCommand)).toHaveLength(0);
    expect(sqs.commandCalls(ChangeMessageVisibilityBatchCommand).map((c) => c.args[0].input.Entries)).toEqual(
      [[{ Id: "0", ReceiptHandle: ma.ReceiptHandle, VisibilityTimeout: 0 }]],
    );
  });

  it("leaves a message that is no command of its group where it is, and sends the rest", async () => {
    const good = letter(register("ev-a", "a@example.org"));
    const garbage = letter("{not json", "ev-b");
    const stray = letter(register("ev-c", "c@example.org"), "ev-other");
    dlqHolds(good, garbage, stray);
    sqs.on(SendMessageBatchCommand).resolves({ Successful: sentOk("0"), Failed: [] });
    sqs.on(DeleteMessageBatchCommand).resolves({ Successful: [{ Id: "0" }], Failed: [] });

    const report = await deadLetters().replay();

    expect(sqs.commandCalls(SendMessageBatchCommand)[0]!.args[0].input.Entries).toHaveLength(1);
    expect(report.replayed).toEqual([good.MessageId]);
    expect(report.unreadable).toEqual([
      { id: garbage.MessageId, reason: "not JSON" },
      { id: stray.MessageId, reason: "in group ev-other, not its event's ev-c" },
    ]);
    expect(
      sqs.commandCalls(ChangeMessageVisibilityBatchCommand).flatMap((c) => c.args[0].input.Entries ?? []),
    ).toEqual([
      { Id: "0", ReceiptHandle: garbage.ReceiptHandle, VisibilityTimeout: 0 },
      { Id: "1", ReceiptHandle: stray.ReceiptHandle, VisibilityTimeout: 0 },
    ]);
  });

  it("replays only the messages named by id, and names an id it never received", async () => {
    const [ma, mb] = [letter(register("ev-a", "a@example.org")), letter(register("ev-b", "b@example.org"))];
    dlqHolds(ma, mb);
    sqs.on(SendMessageBatchCommand).resolves({ Successful: sentOk("0"), Failed: [] });
    sqs.on(DeleteMessageBatchCommand).resolves({ Successful: [{ Id: "0" }], Failed: [] });

    const report = await deadLetters().replay({ ids: [mb.MessageId!, "m-unknown"] });

    expect(
      sqs.commandCalls(SendMessageBatchCommand)[0]!.args[0].input.Entries?.map((e) => e.MessageBody),
    ).toEqual([mb.Body]);
    expect(report.replayed).toEqual([mb.MessageId]);
    expect(report.missing).toEqual(["m-unknown"]);
    // The one not asked for goes back untouched.
    expect(sqs.commandCalls(ChangeMessageVisibilityBatchCommand)[0]!.args[0].input.Entries).toEqual([
      { Id: "0", ReceiptHandle: ma.ReceiptHandle, VisibilityTimeout: 0 },
    ]);
  });

  it("loops until the dead-letter queue has nothing new, or --limit is reached", async () => {
    const batches = [1, 2, 3].map((i) => [letter(register(`ev-${i}`, `g${i}@example.org`))]);
    // The last receive returns a message seen before (its visibility ran out): nothing new, the loop ends.
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: batches[0] })
      .resolvesOnce({ Messages: batches[1] })
      .resolvesOnce({ Messages: batches[2] })
      .resolves({ Messages: batches[0] });
    sqs.on(SendMessageBatchCommand).resolves({ Successful: sentOk("0"), Failed: [] });
    sqs.on(DeleteMessageBatchCommand).resolves({ Successful: [{ Id: "0" }], Failed: [] });

    const all = await deadLetters().replay();
    expect(all.replayed).toHaveLength(3);
    expect(sqs.commandCalls(ReceiveMessageCommand)).toHaveLength(4);

    sqs.reset();
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: batches[1] }).resolves({ Messages: batches[2] });
    sqs.on(SendMessageBatchCommand).resolves({ Successful: sentOk("0"), Failed: [] });
    sqs.on(DeleteMessageBatchCommand).resolves({ Successful: [{ Id: "0" }], Failed: [] });
    const limited = await deadLetters().replay({ limit: 2 });
    expect(limited.replayed).toHaveLength(2);
    expect(sqs.commandCalls(ReceiveMessageCommand).map((c) => c.args[0].input.MaxNumberOfMessages)).toEqual([
      2, 1,
    ]);
  });
});
