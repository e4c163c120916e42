/**
 * On the AWS runtime, a bounce or complaint SES reports after a guest was erased (about an email sent just
 * before) does not bring her address back into the mail table: the feedback function reads her row and records
 * it with the erased row's address, as the streams function left her earlier ones (docs/privacy.md). Another
 * guest's late bounce is recorded as it always was. The whole AWS runtime in-process (DynamoDB Local, the
 * in-process SQS, Scheduler and SES stand-ins); SES's reports are built from the emails the SES stand-in took
 * (their message tags, as SES's events carry them) and reach the feedback function as EventBridge hands them over.
 */
import { ScanCommand, type ScanCommandOutput } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import pino from "pino";
import { afterEach, describe, expect, inject, it } from "vitest";
import { DynamoDeliveryProblems } from "../../adapters/aws/delivery-feedback.ts";
import { guestErasures } from "../../adapters/aws/guest-erasures.ts";
import { Command } from "../../contracts/command.ts";
import { guestIdFor } from "../../core/guest-decisions.ts";
import { erasedAddress } from "../../core/guest-erasure.ts";
import { awsEnv } from "../../runtime/aws/env.ts";
import { feedbackHandler } from "../../runtime/aws/feedback.ts";
import type { AwsLocalRuntime } from "../../tools/aws-local/aws-local-runtime.ts";
import type { LocalSentEmail } from "../../tools/aws-local/local-ses.ts";
import { dynamoLocalClient } from "../helpers/dynamo-local.ts";
import { messageGuests, register } from "../helpers/factories.ts";
import { type Lifecycle, startAwsLifecycle } from "../helpers/lifecycle-harness.ts";

const endpoint = inject("dynamoEndpoint");

/** SES's report of a permanent bounce of `email`, as EventBridge hands it over. */
const bounced = (email: LocalSentEmail, at: string) => ({
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
const complained = (email: LocalSentEmail, at: string) => ({
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

describe.skipIf(startAwsLifecycle === null)("a bounce SES reports after the guest was erased, on AWS", () => {
  let life: Lifecycle<AwsLocalRuntime>;
  afterEach(async () => {
    await life.stop();
  });

  it("is recorded with the erased address: no item of the mail table holds hers; Bob's late bounce is recorded as it was", async () => {
    life = await startAwsLifecycle!({ capacity: 5 }, {});
    const dynamo = dynamoLocalClient(endpoint as string);
    const table = life.rt.env[awsEnv.mailTable] as string;
    const problems = new DynamoDeliveryProblems({ client: dynamo, tableName: table });
    const feedback = feedbackHandler({
      problems,
      guestOf: guestErasures(dynamo, life.rt.env[awsEnv.guestTable] as string),
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
    try {
      const bob = register(life.eventId, "bob@example.org", "Bob");
      const ana = register(life.eventId, "Ana.Lima@example.org", "Ana Lima");
      await life.send(bob, ana, messageGuests(life.eventId, "Parking", "Use the back entrance."));
      const sentTo = (address: string) => life.rt.ses.sent.filter((m) => m.to.includes(address));
      const [anaFirst, anaMessage] = sentTo("Ana.Lima@example.org");
      const [, bobMessage] = sentTo("bob@example.org");
      expect(anaFirst && anaMessage && bobMessage).toBeTruthy();

      // She erases her data before SES hears back from her mail server (or from her spam button).
      const anaId = guestIdFor(life.eventId, ana.commandId);
      await life.send(
        Command.parse({
          type: "erase-guest",
          eventId: life.eventId,
          guestId: anaId,
          commandId: `erase-${ana.commandId}`,
          issuedAt: life.clock.now().toISOString(),
          lane: "web",
        }),
      );
      await feedback(bounced(anaMessage!, "2026-12-06T10:00:05.000Z"));
      await feedback(complained(anaFirst!, "2026-12-06T11:00:00.000Z"));
      await feedback(bounced(bobMessage!, "2026-12-06T10:00:06.000Z"));

      const after = JSON.stringify(await items()).toLowerCase();
      expect(after).not.toContain("ana.lima");
      const erased = erasedAddress(anaId);
      expect(await problems.list(life.eventId)).toEqual([
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
      ]);
    } finally {
      dynamo.destroy();
    }
  });
});
