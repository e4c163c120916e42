/**
 * The email lane's functions in the stateless stack (stateless-stack.ts): the inbound-mail parser with the SES
 * receipt rule and the S3 event that start it, and the feedback function SES's bounces and complaints reach.
 * Each is built in the stack's own scope, so its logical ids are the ones it had as a method of the stack.
 */
import { Duration, Stack } from "aws-cdk-lib";
import { Rule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { SqsDestination } from "aws-cdk-lib/aws-lambda-destinations";
import { ReceiptRuleSet } from "aws-cdk-lib/aws-ses";
import { S3 } from "aws-cdk-lib/aws-ses-actions";
import { awsEnv } from "../runtime/aws/env.ts";
import { acknowledgeWildcardResource } from "./nag.ts";
import { activateWithTheStack } from "./receiving.ts";
import { RsvpFunction } from "./rsvp-function.ts";
import { inboundMailPrefix } from "./stateful-stack.ts";
import type { Parts } from "./stateless-stack.ts";
import { grantTable } from "./table-grants.ts";

/** Inbound mail: SES writes each message to S3, S3 tells EventBridge, the parser reads it. */
export function inboundMailFunction(
  stack: Stack,
  parts: Parts,
  linksOrigin: string,
): { fn: RsvpFunction; receiving: ReceiptRuleSet } {
  const { s, config, tracing, guests, queue, keys, mail } = parts;
  const inbound = new RsvpFunction(stack, "InboundMail", {
    entry: "inbound-mail.ts",
    description: "the email-reply lane: parses a received message from S3 and enqueues its command",
    tracing,
    environment: {
      [awsEnv.inboundBucket]: s.inboundMail.bucketName,
      [awsEnv.inboundDomain]: config.inboundDomain,
      ...guests,
      ...queue,
      // Its answer (a confirmation link) is a send job, sent by the mail path like every other email.
      ...mail.queueEnv,
      // Per-guest reply addresses are verified with the links' keys, and confirmation links signed with them.
      ...keys,
      [awsEnv.baseUrl]: linksOrigin,
    },
  });
  const inboundObjects = `${inboundMailPrefix}*`;
  inbound.fn.addToRolePolicy(
    new PolicyStatement({
      actions: ["s3:GetObject"],
      resources: [s.inboundMail.arnForObjects(inboundObjects)],
    }),
  );
  acknowledgeWildcardResource(
    inbound.role,
    `${Stack.of(s.inboundMail).exportValue(s.inboundMail.bucketArn)}/${inboundObjects}`,
    "Each received message is a new object named by SES; the prefix SES writes under is the narrowest " +
      "scope, and the grant is read-only.",
  );
  grantTable(inbound.fn, s.guestTable, ["read"]);
  s.commandQueue.grantSendMessages(inbound.fn);
  s.signingKeys.grantRead(inbound.fn);
  mail.grantQueueMail(inbound);
  // Invoked asynchronously: after Lambda's own retries a message that still fails is kept for a look.
  inbound.fn.configureAsyncInvoke({
    retryAttempts: 2,
    onFailure: new SqsDestination(s.failedEvents),
  });
  // EventBridge rather than a bucket notification to the function: a notification on the stateful bucket
  // would make that stack name this function (a dependency cycle between the stacks), or need the
  // custom-resource Lambda CDK uses to edit the notifications of an imported bucket.
  new Rule(stack, "InboundMailReceived", {
    description: "a message SES stored in the inbound-mail bucket",
    eventPattern: {
      source: ["aws.s3"],
      detailType: ["Object Created"],
      detail: {
        bucket: { name: [s.inboundMail.bucketName] },
        object: { key: [{ prefix: inboundMailPrefix }] },
      },
    },
    targets: [new LambdaFunction(inbound.fn)],
  });
  const receiving = new ReceiptRuleSet(stack, "Receiving", {});
  receiving.addRule("Replies", {
    recipients: [config.inboundDomain],
    // Spam and virus verdicts land in the stored message's headers; the parser drops a FAIL.
    scanEnabled: true,
    actions: [new S3({ bucket: s.inboundMail, objectKeyPrefix: inboundMailPrefix })],
  });
  activateWithTheStack(stack, receiving);
  return { fn: inbound, receiving };
}

/** Feedback: SES's bounces and complaints, recorded for the host page. */
export function feedbackFunction(stack: Stack, parts: Parts): RsvpFunction {
  const { s, tracing, mail, guests } = parts;
  const feedback = new RsvpFunction(stack, "Feedback", {
    entry: "feedback.ts",
    description: "records SES bounces and complaints against their event, for the host page",
    timeout: Duration.seconds(10),
    memorySize: 256,
    tracing,
    // The guest's row is read first: a report after her erase is kept with the erased address, not hers.
    environment: { [awsEnv.mailTable]: s.mailTable.tableName, ...guests },
  });
  grantTable(feedback.fn, s.mailTable, ["write"]);
  grantTable(feedback.fn, s.guestTable, ["read"]);
  new Rule(stack, "DeliveryFeedback", {
    description: "a bounce or complaint of an rsvp email (the configuration set's event destination)",
    eventPattern: {
      source: ["aws.ses"],
      detailType: ["Email Bounced", "Email Complaint Received"],
      detail: { mail: { tags: { "ses:configuration-set": [mail.configurationSet.configurationSetName] } } },
    },
    targets: [new LambdaFunction(feedback.fn, { retryAttempts: 4 })],
  });
  return feedback;
}
