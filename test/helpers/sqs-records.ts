import { createHash, randomUUID } from "node:crypto";
import type { Context, SQSEvent, SQSRecord } from "aws-lambda";
import { lambdaContext as lambdaContextFor } from "../../tools/aws-local/lambda-context.ts";

let sequence = 0;

/** An SQS FIFO record as Lambda delivers it: `body` as sent (an object is sent as its JSON), in `groupId`. */
export function sqsRecordFactory(body: unknown, groupId: string): SQSRecord {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  sequence += 1;
  const now = String(Date.now());
  return {
    messageId: randomUUID(),
    receiptHandle: `receipt-${randomUUID()}`,
    body: text,
    attributes: {
      ApproximateReceiveCount: "1",
      SentTimestamp: now,
      SenderId: "AIDAEXAMPLE",
      ApproximateFirstReceiveTimestamp: now,
      SequenceNumber: String(18_000_000_000_000_000_000 + sequence),
      MessageGroupId: groupId,
      MessageDeduplicationId: createHash("sha256").update(text).digest("hex"),
    },
    messageAttributes: {},
    md5OfBody: createHash("md5").update(text).digest("hex"),
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:eu-central-1:123456789012:rsvp-commands.fifo",
    awsRegion: "eu-central-1",
  };
}

/** An SQS event holding the records, in order. */
export const sqsEvent = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

/** The keeper's Lambda context, in the records' region. */
export const lambdaContext = (): Context => lambdaContextFor("rsvp-keeper", "eu-central-1");
