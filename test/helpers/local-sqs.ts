/**
 * Test steps on the in-process SQS FIFO stand-in (tools/aws-local/local-sqs-fifo.ts): the queue behind the
 * real SQS adapter, a keeper stand-in that records its batches, deliveries until the queue is empty, dead
 * letters made the way SQS makes them, and the command queue taken out as the keeper's event source hands
 * it over.
 */
import { SendMessageBatchCommand } from "@aws-sdk/client-sqs";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { SqsCommandQueue } from "../../adapters/aws/sqs-command-queue.ts";
import type { Command } from "../../contracts/command.ts";
import { LocalSqsFifo, sqsDeduplicationWindowMs } from "../../tools/aws-local/local-sqs-fifo.ts";
import { fakeClock } from "./factories.ts";
import { lambdaContext } from "./sqs-records.ts";

type Handler = Parameters<LocalSqsFifo["deliver"]>[0];

type FakeClock = ReturnType<typeof fakeClock>;
/** The fake clock each queue made here runs on, so deliveries can wait out a visibility timeout. */
const clocks = new WeakMap<LocalSqsFifo, FakeClock>();

/** A fresh in-process FIFO queue on a fake clock, behind the real SQS adapter as the producers use it. */
export function localFifo(clock = fakeClock()) {
  const sqs = new LocalSqsFifo({ clock });
  clocks.set(sqs, clock);
  return { clock, sqs, queue: new SqsCommandQueue({ client: sqs.client, queueUrl: sqs.url }) };
}

/** A keeper stand-in: records the commands of each invocation and fails the messages `fail` picks. */
export function recordingKeeper(fail: (command: Command, attempt: number) => boolean = () => false) {
  const batches: Command[][] = [];
  const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const commands = event.Records.map((r) => JSON.parse(r.body) as Command);
    batches.push(commands);
    return {
      batchItemFailures: event.Records.filter((r, i) =>
        fail(commands[i]!, Number(r.attributes.ApproximateReceiveCount)),
      ).map((r) => ({ itemIdentifier: r.messageId })),
    };
  };
  return { batches, handler };
}

/**
 * Delivers batch after batch to `handler`, as the keeper's event source would, until the queue is empty. When
 * every waiting message is hidden (failed, its visibility timeout running), the queue's fake clock is moved to
 * when the first shows again: as much time passes as SQS would make the keeper wait.
 */
export async function deliverAll(
  sqs: LocalSqsFifo,
  handler: Handler,
  clock = clocks.get(sqs),
): Promise<void> {
  for (;;) {
    if ((await sqs.deliver(handler, lambdaContext())) > 0) continue;
    const next = sqs.nextVisibleAt();
    if (!next || !clock) return;
    clock.set(next);
  }
}

/**
 * Sets messages aside as SQS does: each is sent to the command queue and fails on every delivery until the
 * redrive policy moves it to the dead-letter queue. One message at a time, the clock passing the deduplication
 * window after each (as an operator's replay comes later), so the same body can be dead-lettered twice.
 * Returns the dead letters' message ids, in order.
 */
export async function deadLetter(
  sqs: LocalSqsFifo,
  clock: ReturnType<typeof fakeClock>,
  messages: readonly { body: string; groupId: string }[],
): Promise<string[]> {
  const ids: string[] = [];
  const failAll = async (event: SQSEvent): Promise<SQSBatchResponse> => ({
    batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })),
  });
  for (const { body, groupId } of messages) {
    await sqs.client.send(
      new SendMessageBatchCommand({
        QueueUrl: sqs.url,
        Entries: [{ Id: "0", MessageBody: body, MessageGroupId: groupId }],
      }),
    );
    await deliverAll(sqs, failAll, clock);
    ids.push(sqs.deadLetters.at(-1)!.messageId);
    clock.advance(sqsDeduplicationWindowMs);
  }
  return ids;
}

/** Takes every message out of the command queue, acknowledged, as SQS hands them over: the records, in order. */
export async function drainQueue(sqs: LocalSqsFifo): Promise<SQSRecord[]> {
  const records: SQSRecord[] = [];
  await deliverAll(sqs, async (event) => {
    records.push(...event.Records);
    return { batchItemFailures: [] };
  });
  return records;
}
