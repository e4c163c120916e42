import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
} from "@aws-sdk/client-sqs";
import type { SQSEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { SqsDeadLetters } from "../../adapters/aws/sqs-dead-letters.ts";
import { cancel, register } from "../helpers/factories.ts";
import { deliverAll, localFifo, recordingKeeper } from "../helpers/local-sqs.ts";

// The in-process SQS FIFO queue (tools/aws-local/local-sqs-fifo.ts) answers the real SQS adapters as SQS does.

const minute = 60_000;

describe("the in-process SQS FIFO queue", () => {
  it("a command sent twice within five minutes is delivered once, and again once the window has passed", async () => {
    const { clock, sqs, queue } = localFifo();
    const command = register("ev-1", "ana@example.org");
    await queue.send([command]);
    clock.advance(4 * minute);
    await queue.send([command]);
    const keeper = recordingKeeper();
    await deliverAll(sqs, keeper.handler);
    expect(keeper.batches.flat().map((c) => c.commandId)).toEqual([command.commandId]);

    clock.advance(minute);
    await queue.send([command]);
    await deliverAll(sqs, keeper.handler);
    expect(keeper.batches.flat()).toHaveLength(2);
  });

  it("hands the keeper SQS records of at most ten messages, in the event's message group", async () => {
    const { sqs, queue } = localFifo();
    const commands = Array.from({ length: 25 }, (_, i) => register("ev-1", `g${i}@example.org`));
    await queue.send(commands);
    const seen: SQSEvent[] = [];
    await deliverAll(sqs, async (event) => {
      seen.push(event);
      return { batchItemFailures: [] };
    });
    expect(seen.map((e) => e.Records.length)).toEqual([10, 10, 5]);
    const records = seen.flatMap((e) => e.Records);
    expect(records.map((r) => JSON.parse(r.body).commandId)).toEqual(commands.map((c) => c.commandId));
    expect(records[0]).toMatchObject({
      eventSource: "aws:sqs",
      eventSourceARN: sqs.arn,
      attributes: { MessageGroupId: "ev-1", ApproximateReceiveCount: "1" },
    });
  });

  it("a failed command stays at the head of its event's group while other events go on", async () => {
    const { sqs, queue } = localFifo();
    const [a1, b1, a2] = [register("ev-a", "a1@x.org"), register("ev-b", "b1@x.org"), cancel("ev-a", "g-1")];
    await queue.send([a1!, b1!, a2!]);
    // The keeper fails ev-a's first command once and, as Powertools' FIFO processor does, the rest of its group.
    const keeper = recordingKeeper((c, attempt) => c.eventId === "ev-a" && attempt === 1);
    await deliverAll(sqs, keeper.handler);
    expect(keeper.batches.map((b) => b.map((c) => c.commandId))).toEqual([
      [a1!.commandId, b1!.commandId, a2!.commandId],
      [a1!.commandId, a2!.commandId],
    ]);
    expect(sqs.depth()).toBe(0);
  });

  it("a command that fails on every delivery goes to the dead letters after five", async () => {
    const { sqs, queue } = localFifo();
    const command = register("ev-1", "ana@example.org");
    await queue.send([command]);
    const keeper = recordingKeeper(() => true);
    await deliverAll(sqs, keeper.handler);
    expect(keeper.batches).toHaveLength(5);
    expect(sqs.deadLetters).toEqual([expect.objectContaining({ groupId: "ev-1", receives: 5 })]);
    expect(sqs.depth()).toBe(0);
  });

  it("its dead-letter queue answers rsvp dlq as SQS's does: listed, the letters stay; replayed, each goes back once", async () => {
    const { clock, sqs, queue } = localFifo();
    const [a, b] = [register("ev-1", "ana@example.org"), register("ev-1", "bo@example.org")];
    await queue.send([a, b]);
    await deliverAll(sqs, recordingKeeper(() => true).handler);
    const dlq = new SqsDeadLetters({
      client: sqs.client,
      deadLetterQueueUrl: sqs.deadLetterUrl,
      commandQueueUrl: sqs.url,
    });

    const listing = await dlq.list();
    expect(listing.approximateTotal).toBe(2);
    expect(listing.letters.map((l) => [l.command, l.eventId, l.attempts])).toEqual([
      [a, "ev-1", 6],
      [b, "ev-1", 6],
    ]);
    expect(sqs.deadLettersInFlight()).toBe(0);

    // Past the deduplication window, as a replay after an outage is.
    clock.advance(5 * minute);
    expect((await dlq.replay()).replayed).toEqual(listing.letters.map((l) => l.id));
    expect(sqs.deadLetters).toEqual([]);
    const keeper = recordingKeeper();
    await deliverAll(sqs, keeper.handler);
    expect(keeper.batches.flat()).toEqual([a, b]);
  });

  it("a dead letter received is hidden, and its group with it, until its visibility timeout runs out", async () => {
    const { clock, sqs, queue } = localFifo();
    await queue.send([register("ev-1", "a@x.org"), register("ev-1", "b@x.org"), register("ev-2", "c@x.org")]);
    await deliverAll(sqs, recordingKeeper(() => true).handler);
    const receive = async () =>
      (
        await sqs.client.send(
          new ReceiveMessageCommand({
            QueueUrl: sqs.deadLetterUrl,
            MaxNumberOfMessages: 1,
            VisibilityTimeout: 60,
          }),
        )
      ).Messages ?? [];

    const [first] = await receive();
    // ev-1's first letter is out: its second waits behind it, ev-2's comes next.
    expect((await receive()).map((m) => m.MessageId)).toEqual([sqs.deadLetters[2]!.messageId]);
    expect(await receive()).toEqual([]);
    clock.advance(60_000);
    expect((await receive()).map((m) => m.MessageId)).toEqual([first!.MessageId]);
    // A receipt handle works until its message is received again.
    const stale = await sqs.client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: sqs.deadLetterUrl,
        Entries: [{ Id: "0", ReceiptHandle: first!.ReceiptHandle }],
      }),
    );
    expect(stale.Failed).toEqual([expect.objectContaining({ Id: "0", Code: "ReceiptHandleIsInvalid" })]);
    expect(sqs.deadLetters).toHaveLength(3);
  });

  it("refuses what SQS refuses: a message without a group, a queue it does not hold", async () => {
    const { sqs } = localFifo();
    const out = await sqs.client.send(
      new SendMessageBatchCommand({ QueueUrl: sqs.url, Entries: [{ Id: "0", MessageBody: "{}" }] }),
    );
    expect(out.Failed).toEqual([
      expect.objectContaining({ Id: "0", SenderFault: true, Code: "MissingParameter" }),
    ]);
    await expect(
      sqs.client.send(
        new SendMessageBatchCommand({
          QueueUrl: `${sqs.url}-other`,
          Entries: [{ Id: "0", MessageBody: "{}", MessageGroupId: "g" }],
        }),
      ),
    ).rejects.toMatchObject({ name: "QueueDoesNotExist" });
  });
});
