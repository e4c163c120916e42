import { createHash, randomUUID } from "node:crypto";
import type { Context, SQSEvent, SQSRecord } from "aws-lambda";

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

/** A Lambda context with plausible values; nothing in the handlers reads more than its presence. */
export function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: "rsvp-keeper",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:eu-central-1:123456789012:function:rsvp-keeper",
    memoryLimitInMB: "512",
    awsRequestId: randomUUID(),
    logGroupName: "/aws/lambda/rsvp-keeper",
    logStreamName: "stream",
    getRemainingTimeInMillis: () => 30_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
