import { type DynamoDBClient, ScanCommand, type ScanCommandOutput } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import pino from "pino";
import { DynamoDeliveryProblems } from "../../adapters/aws/delivery-feedback.ts";
import { guestErasures } from "../../adapters/aws/guest-erasures.ts";
import { awsEnv } from "../../runtime/aws/env.ts";
import { feedbackHandler } from "../../runtime/aws/feedback.ts";
import type { AwsLocalRuntime } from "../../tools/aws-local/aws-local-runtime.ts";

/** What SES's reports name of an email: its recipients, its message tags and (when SES sent it) its id. */
export interface ReportedEmail {
  to: string[];
  tags: Record<string, string[]>;
  messageId?: string;
}

/** SES's report of a permanent bounce of `email`, as EventBridge hands it to the feedback function. */
export const sesBounce = (email: ReportedEmail, at: string) => ({
  source: "aws.ses",
  "detail-type": "Email Bounced",
  detail: {
    eventType: "Bounce",
    mail: { messageId: email.messageId, destination: email.to, tags: email.tags },
    bounce: {
      bounceType: "Permanent",
      bounceSubType: "General",
      timestamp: at,
      bouncedRecipients: email.to.map((address) => ({
        emailAddress: address,
        diagnosticCode: `smtp; 550 5.1.1 <${address}>: Recipient address rejected`,
      })),
    },
  },
});

/** SES's report of a complaint about `email`. */
export const sesComplaint = (email: ReportedEmail, at: string) => ({
  source: "aws.ses",
  "detail-type": "Email Complaint Received",
  detail: {
    eventType: "Complaint",
    mail: { messageId: email.messageId, destination: email.to, tags: email.tags },
    complaint: {
      timestamp: at,
      complaintFeedbackType: "abuse",
      complainedRecipients: email.to.map((address) => ({ emailAddress: address })),
    },
  },
});

/**
 * The AWS runtime's mail table as the erase tests look at it: the feedback function as deployed (its guest
 * read included), the bounce records it keeps, and every item of the table, read consistently.
 */
export function mailTableOf(rt: AwsLocalRuntime, dynamo: DynamoDBClient) {
  const table = rt.env[awsEnv.mailTable] as string;
  const problems = new DynamoDeliveryProblems({ client: dynamo, tableName: table });
  const feedback = feedbackHandler({
    problems,
    guestOf: guestErasures(dynamo, rt.env[awsEnv.guestTable] as string),
    logger: pino({ level: "silent" }),
  });
  const items = async () => {
    const all: Record<string, unknown>[] = [];
    let start: ScanCommandOutput["LastEvaluatedKey"];
    do {
      const page: ScanCommandOutput = await dynamo.send(
        new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: start }),
      );
      all.push(...(page.Items ?? []).map((item) => unmarshall(item)));
      start = page.LastEvaluatedKey;
    } while (start);
    return all;
  };
  return { problems, feedback, items };
}

/**
 * The host page's delivery problems after the scenario both erase tests play (Ana's bounce at 10:00:05 and
 * complaint at 11:00, Bob's bounce at 10:00:06), with Ana erased: hers under her erased address `erased`.
 */
export const problemsAfterAnaErased = (erased: string) => [
  { email: erased, kind: "complaint", at: "2026-12-06T11:00:00.000Z", detail: "abuse" },
  {
    email: "bob@example.org",
    kind: "bounce",
    at: "2026-12-06T10:00:06.000Z",
    detail: "smtp; 550 5.1.1 <bob@example.org>: Recipient address rejected",
  },
  {
    email: erased,
    kind: "bounce",
    at: "2026-12-06T10:00:05.000Z",
    detail: `smtp; 550 5.1.1 <${erased}>: Recipient address rejected`,
  },
];
