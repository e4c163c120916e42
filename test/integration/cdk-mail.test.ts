/**
 * The mail path (stacks/mail-path.ts): the Send function on the send queue, who queues emails and who may call
 * SES, the configuration set's suppression and feedback, the alarms. The app is synthesized once for this file
 * as `npx cdk synth` does it (test/helpers/cdk-synth.ts), without bundling; the templates are then read like a
 * reviewer would.
 */
import { Match, type Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  actionsOf,
  envOf,
  lambdaOf,
  logicalId,
  type Resource,
  removeSynth,
  resourcesFor,
  statementsOf,
  synthOnce,
} from "../helpers/cdk-synth.ts";

let stateless: Template;

beforeAll(() => {
  ({ stateless } = synthOnce({ bundle: false }));
}, 120_000);

afterAll(removeSynth);

describe("the mail path", () => {
  it("routes the configuration set's bounces and complaints to the feedback function, which may only write the mail table (and read the guest table)", () => {
    const rule = Object.values(stateless.findResources("AWS::Events::Rule") as Record<string, Resource>).find(
      (r) => JSON.stringify(r.Properties.EventPattern).includes("aws.ses"),
    );
    expect(rule?.Properties.EventPattern).toMatchObject({
      source: ["aws.ses"],
      "detail-type": ["Email Bounced", "Email Complaint Received"],
    });
    expect(JSON.stringify(rule?.Properties.Targets)).toMatch(/FeedbackFunction/);
    expect(actionsOf(statementsOf("Feedback")).filter((a) => a.startsWith("dynamodb:"))).toEqual([
      // The mail table's records, and the guest table's rows read (a guest's erase, before her report is kept).
      "dynamodb:BatchGetItem",
      "dynamodb:ConditionCheckItem",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:Query",
      "dynamodb:UpdateItem",
    ]);
    expect(resourcesFor("Feedback", "dynamodb:PutItem").join(" ")).toMatch(/MailTable/);
    expect(resourcesFor("Feedback", "dynamodb:PutItem").join(" ")).not.toMatch(/GuestTable/);
    expect(resourcesFor("Web", "dynamodb:Query").join(" ")).toMatch(/MailTable/);
    expect(resourcesFor("Web", "dynamodb:PutItem").join(" ")).not.toMatch(/MailTable/);
  });

  it("feeds the Send function from the send queue ten at a time, at most 4 at once, reporting failed jobs one by one", () => {
    stateless.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: logicalId(stateless, "AWS::Lambda::Function", "SendFunction") },
      BatchSize: 10,
      ScalingConfig: { MaximumConcurrency: 4 },
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      EventSourceArn: { "Fn::ImportValue": Match.stringLikeRegexp("SendJobs.*Arn") },
    });
    // Together the four send at SES's default 14 a second; a claim is another delivery's for 2 × 30 s.
    expect(envOf("Send")).toMatchObject({ RSVP_SES_SEND_RATE: "3.5", RSVP_MAIL_LEASE_SECONDS: "60" });
    expect(lambdaOf("Send").Properties.Timeout).toBe(30);
  });

  it("queues emails from the stream handlers and the parser to the Send function, which alone consumes the send queue", () => {
    expect(resourcesFor("Streams", "sqs:SendMessage").join(" ")).toMatch(/SendJobs/);
    // An email reply's answer (a confirmation link) takes the same path, paced, retried, with dead letters.
    expect(resourcesFor("InboundMail", "sqs:SendMessage").join(" ")).toMatch(/SendJobs/);
    expect(envOf("InboundMail")).toHaveProperty("RSVP_SEND_QUEUE_URL");
    expect(resourcesFor("Send", "sqs:SendMessage").join(" ")).toMatch(/SendJobs/);
    expect(actionsOf(statementsOf("Send"))).toEqual(
      expect.arrayContaining(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"]),
    );
    for (const fn of ["Web", "Keeper", "Streams", "InboundMail", "Import", "Feedback"])
      expect(resourcesFor(fn, "sqs:ReceiveMessage").join(" ")).not.toMatch(/SendJobs/);
    expect(envOf("Streams")).toHaveProperty("RSVP_SEND_QUEUE_URL");
    // A host message's emails show at 10 a second, leaving a guest's own emails 4 of SES's 14.
    expect(envOf("Streams")).toMatchObject({ RSVP_BULK_SEND_RATE: "10" });
    expect(envOf("Streams")).not.toHaveProperty("RSVP_SES_SEND_RATE");
  });

  it("lets the feedback function read the guest table, never write it: a report after a guest's erase keeps no address of hers", () => {
    expect(envOf("Feedback")).toHaveProperty("RSVP_GUEST_TABLE");
    expect(resourcesFor("Feedback", "dynamodb:GetItem").join(" ")).toMatch(/GuestTable/);
    expect(resourcesFor("Feedback", "dynamodb:GetItem").join(" ")).not.toMatch(/MailTable/);
    for (const action of ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"])
      expect(resourcesFor("Feedback", action).join(" ")).not.toMatch(/GuestTable/);
  });

  it("lets the Send function read the guest table, never write it: it sends nothing to a guest erased since the email was queued", () => {
    expect(envOf("Send")).toHaveProperty("RSVP_GUEST_TABLE");
    expect(resourcesFor("Send", "dynamodb:GetItem").join(" ")).toMatch(/GuestTable/);
    for (const action of ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"])
      expect(resourcesFor("Send", action).join(" ")).not.toMatch(/GuestTable/);
  });

  it("suppresses addresses that bounced or complained, and sends those events to the default event bus", () => {
    stateless.hasResourceProperties("AWS::SES::ConfigurationSet", {
      SuppressionOptions: { SuppressedReasons: ["BOUNCE", "COMPLAINT"] },
    });
    stateless.hasResourceProperties("AWS::SES::ConfigurationSetEventDestination", {
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: ["bounce", "complaint", "reject"],
        EventBridgeDestination: Match.anyValue(),
      }),
    });
  });

  it("alarms to an SNS topic the operator's address subscribes to: dead letters, failed records, stream age, errors, throttles, SES reputation", () => {
    stateless.hasResourceProperties("AWS::SNS::Subscription", { Protocol: "email" });
    const alarms = Object.keys(stateless.findResources("AWS::CloudWatch::Alarm"));
    for (const name of [
      "CommandDeadLetters",
      "FailedEvents",
      "StreamIteratorAge",
      "KeeperErrors",
      "KeeperThrottles",
      "StreamsErrors",
      "SendErrors",
      "SendDeadLetters",
      "SendQueueAge",
      "WebThrottles",
      "BounceRate",
      "ComplaintRate",
    ])
      expect(
        alarms.some((id) => id.startsWith(name)),
        name,
      ).toBe(true);
    stateless.hasResourceProperties("AWS::CloudWatch::Alarm", {
      MetricName: "IteratorAge",
      AlarmActions: [{ Ref: Match.stringLikeRegexp("^Alarms") }],
    });
  });

  it("lets the mail sender use the sender's identity and the configuration set, and read the signing key where links are made or checked", () => {
    for (const fn of ["Send"]) {
      const ses = resourcesFor(fn, "ses:SendEmail").join(" ");
      expect(ses).toContain(":identity/rsvp@mail.example.org");
      expect(ses).toContain(":identity/mail.example.org");
      expect(ses).toContain(":configuration-set/");
      expect(resourcesFor(fn, "dynamodb:PutItem").join(" ")).toMatch(/MailTable/);
    }
    // The parser queues its answer as a send job (the Send function sends it): no SES, no mail claims.
    for (const fn of ["Web", "Keeper", "Streams", "Import", "InboundMail"])
      expect(actionsOf(statementsOf(fn))).not.toContain("ses:SendEmail");
    expect(resourcesFor("InboundMail", "dynamodb:PutItem").join(" ")).not.toMatch(/MailTable/);
    // The parser verifies signed per-guest reply addresses and signs confirmation links (issue 13).
    for (const fn of ["Web", "Streams", "InboundMail"])
      expect(resourcesFor(fn, "secretsmanager:GetSecretValue").join(" ")).toMatch(/SigningKeys/);
    for (const fn of ["Keeper", "Send", "Import"])
      expect(actionsOf(statementsOf(fn))).not.toContain("secretsmanager:GetSecretValue");
  });
});
