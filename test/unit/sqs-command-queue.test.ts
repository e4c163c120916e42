import { createHash } from "node:crypto";
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { deduplicationId } from "../../adapters/aws/command-message.ts";
import { SqsCommandQueue, sqsBatchBytes } from "../../adapters/aws/sqs-command-queue.ts";
import { Command } from "../../contracts/command.ts";
import { CommandQueueSendError } from "../../core/errors.ts";
import { messageGuests, register } from "../helpers/factories.ts";

const queueUrl = "https://sqs.eu-central-1.amazonaws.com/123456789012/rsvp-commands.fifo";
const client = new SQSClient({
  region: "eu-central-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});
const sqs = mockClient(client);
afterEach(() => sqs.reset());

const noPause = async () => {};
const entriesOf = (call: number) =>
  sqs.commandCalls(SendMessageBatchCommand)[call]!.args[0].input.Entries as SendMessageBatchRequestEntry[];
/** Answers every SendMessageBatch as fully taken. */
const acceptAll = () =>
  sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: SendMessageBatchRequestEntry[] }) => ({
    Successful: input.Entries.map((e) => ({ Id: e.Id, MessageId: `m-${e.Id}`, MD5OfMessageBody: "x" })),
    Failed: [],
  }));

describe("SqsCommandQueue", () => {
  it("sends each command as one FIFO message: the event is the group, a digest of its identity the dedup id", async () => {
    acceptAll();
    const command = register("ev-1", "ana@example.org", "Ana", { commandId: "cmd-1" });

    await new SqsCommandQueue({ client, queueUrl }).send([command]);

    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      QueueUrl: queueUrl,
      Entries: [
        {
          Id: "0",
          MessageBody: JSON.stringify(command),
          MessageGroupId: "ev-1",
          MessageDeduplicationId: createHash("sha256").update("ev-1:cmd-1").digest("hex"),
        },
      ],
    });
  });

  it("keeps dedup ids within SQS's 128 characters of its allowed set, even for the longest ids", () => {
    const id = deduplicationId({ eventId: "e".repeat(64), commandId: "c".repeat(64) });
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    // The same command always gets the same id; the same command id in another event does not.
    expect(deduplicationId({ eventId: "a", commandId: "x" })).toBe(
      deduplicationId({ eventId: "a", commandId: "x" }),
    );
    expect(deduplicationId({ eventId: "a", commandId: "x" })).not.toBe(
      deduplicationId({ eventId: "b", commandId: "x" }),
    );
  });

  it("sends 25 commands as batches of 10, 10 and 5, in order", async () => {
    acceptAll();
    const commands = Array.from({ length: 25 }, (_, i) => register("ev-1", `g${i}@example.org`));

    await new SqsCommandQueue({ client, queueUrl }).send(commands);

    const batches = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.Entries ?? []);
    expect(batches.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(batches.flat().map((e) => JSON.parse(e.MessageBody ?? "").commandId)).toEqual(
      commands.map((c) => c.commandId),
    );
    for (const batch of batches) expect(new Set(batch.map((e) => e.Id)).size).toBe(batch.length);
  });

  it("starts a new batch before the bodies pass 256 KiB", async () => {
    acceptAll();
    // Bodies of ~60 KB each (larger than a host message may be, to reach the limit): four fit, five do not.
    const commands = Array.from({ length: 5 }, (_, i) => messageGuests("ev-1", `Note ${i}`, "hello")).map(
      (c) => ({ ...c, message: { subject: "Note", body: "é".repeat(30_000) } }) as Command,
    );

    await new SqsCommandQueue({ client, queueUrl }).send(commands);

    const batches = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.Entries ?? []);
    expect(batches.map((b) => b.length)).toEqual([4, 1]);
    for (const batch of batches) {
      const bytes = batch.reduce((n, e) => n + Buffer.byteLength(e.MessageBody ?? "", "utf8"), 0);
      expect(bytes).toBeLessThanOrEqual(sqsBatchBytes);
    }
  });

  it("refuses a command larger than SQS takes before sending anything", async () => {
    acceptAll();
    const huge = { ...register("ev-1", "a@example.org"), name: "x".repeat(sqsBatchBytes) } as Command;
    await expect(
      new SqsCommandQueue({ client, queueUrl }).send([register("ev-1", "b@example.org"), huge]),
    ).rejects.toThrow(RangeError);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it("escapes the two characters SQS refuses in a body, and the body still reads back as the command", async () => {
    acceptAll();
    const command = register("ev-1", "odd@example.org", "Odd \uFFFE\uFFFF name");
    await new SqsCommandQueue({ client, queueUrl }).send([command]);
    const body = entriesOf(0)[0]!.MessageBody ?? "";
    expect(body).not.toMatch(/[\uFFFE\uFFFF]/);
    expect(Command.parse(JSON.parse(body))).toEqual(command);
  });

  it("sends again only the entries SQS failed on its side, before the next batch", async () => {
    const commands = Array.from({ length: 12 }, (_, i) => register("ev-1", `g${i}@example.org`));
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Successful: [],
        Failed: [
          { Id: "3", SenderFault: false, Code: "InternalError", Message: "try again" },
          { Id: "7", SenderFault: false, Code: "ServiceUnavailable", Message: "try again" },
        ],
      })
      .resolves({ Successful: [], Failed: [] });

    await new SqsCommandQueue({ client, queueUrl, pause: noPause }).send(commands);

    const batches = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.Entries ?? []);
    expect(batches.map((b) => b.length)).toEqual([10, 2, 2]);
    expect(batches[1]!.map((e) => [e.Id, JSON.parse(e.MessageBody ?? "").commandId])).toEqual([
      ["3", commands[3]!.commandId],
      ["7", commands[7]!.commandId],
    ]);
    // A retried entry keeps its dedup id: if SQS had taken it after all, the retry is dropped as a duplicate.
    expect(batches[1]!.map((e) => e.MessageDeduplicationId)).toEqual(
      [commands[3]!, commands[7]!].map(deduplicationId),
    );
    expect(batches[2]!.map((e) => JSON.parse(e.MessageBody ?? "").commandId)).toEqual(
      commands.slice(10).map((c) => c.commandId),
    );
  });

  it("gives up after a bounded number of retries and names the commands that did not go out", async () => {
    const commands = [register("ev-1", "a@example.org"), register("ev-2", "b@example.org")];
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: [{ Id: "0", MessageId: "m", MD5OfMessageBody: "x" }],
      Failed: [{ Id: "1", SenderFault: false, Code: "InternalError", Message: "down" }],
    });
    const pauses: number[] = [];

    const sending = new SqsCommandQueue({
      client,
      queueUrl,
      maxRetries: 3,
      pause: async (attempt) => {
        pauses.push(attempt);
      },
    }).send(commands);

    const error = await sending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandQueueSendError);
    expect((error as CommandQueueSendError).failed).toEqual([
      {
        eventId: "ev-2",
        commandId: commands[1]!.commandId,
        code: "InternalError",
        message: "down",
        senderFault: false,
      },
    ]);
    expect((error as Error).message).toContain(`ev-2/${commands[1]!.commandId}`);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(4);
    expect(pauses).toEqual([1, 2, 3]);
  });

  it("does not retry an entry refused as the sender's fault", async () => {
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: [],
      Failed: [{ Id: "0", SenderFault: true, Code: "InvalidMessageContents", Message: "bad" }],
    });
    await expect(
      new SqsCommandQueue({ client, queueUrl, pause: noPause }).send([register("ev-1", "a@example.org")]),
    ).rejects.toThrow(/InvalidMessageContents/);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(1);
  });

  it("sends nothing for no commands", async () => {
    acceptAll();
    await new SqsCommandQueue({ client, queueUrl }).send([]);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });
});
