/**
 * Test steps on the in-process SQS FIFO stand-in (runtime/aws-local/local-sqs-fifo.ts): dead letters made the
 * way SQS makes them, and the command queue taken out as the keeper's event source hands it over.
 */
import { SendMessageBatchCommand } from "@aws-sdk/client-sqs";
import type { SQSRecord } from "aws-lambda";
import { lambdaContext } from "../../runtime/aws-local/lambda-context.ts";
import { type LocalSqsFifo, sqsDeduplicationWindowMs } from "../../runtime/aws-local/local-sqs-fifo.ts";
import type { fakeClock } from "./factories.ts";

const keeperContext = () => lambdaContext("rsvp-keeper");

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
  for (const { body, groupId } of messages) {
    await sqs.client.send(
      new SendMessageBatchCommand({
        QueueUrl: sqs.url,
        Entries: [{ Id: "0", MessageBody: body, MessageGroupId: groupId }],
      }),
    );
    const failAll = async (event: { Records: SQSRecord[] }) => ({
      batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })),
    });
    while ((await sqs.deliver(failAll, keeperContext())) > 0) {}
    ids.push(sqs.deadLetters.at(-1)!.messageId);
    clock.advance(sqsDeduplicationWindowMs);
  }
  return ids;
}

/** Takes every message out of the command queue, acknowledged, as SQS hands them over: the records, in order. */
export async function drainQueue(sqs: LocalSqsFifo): Promise<SQSRecord[]> {
  const records: SQSRecord[] = [];
  const take = async (event: { Records: SQSRecord[] }) => {
    records.push(...event.Records);
    return { batchItemFailures: [] };
  };
  while ((await sqs.deliver(take, keeperContext())) > 0) {}
  return records;
}
