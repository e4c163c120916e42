/**
 * On the AWS runtime, an erased guest's address is kept nowhere in the mail table (docs/privacy.md): not in the
 * send-once claims of the emails she was sent, and not in the bounces and complaints SES reported for her, which
 * name the erased row's address from then on, as the embedded outbox's kept emails (and so its host page) do.
 * The whole AWS runtime in-process (DynamoDB Local, the in-process SQS, Scheduler and SES stand-ins); SES's
 * reports reach the feedback function as EventBridge would hand them over.
 */
import { ScanCommand, type ScanCommandOutput } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import pino from "pino";
import { afterEach, describe, expect, inject, it } from "vitest";
import { DynamoDeliveryProblems, eventTag } from "../../adapters/aws/delivery-feedback.ts";
import { guestErasures } from "../../adapters/aws/guest-erasures.ts";
import { Command } from "../../contracts/command.ts";
import { guestIdFor } from "../../core/guest-decisions.ts";
import { erasedAddress } from "../../core/guest-erasure.ts";
import { awsEnv } from "../../runtime/aws/env.ts";
import { feedbackHandler } from "../../runtime/aws/feedback.ts";
import type { AwsLocalRuntime } from "../../tools/aws-local/aws-local-runtime.ts";
import { dynamoLocalClient } from "../helpers/dynamo-local.ts";
import { messageGuests, register } from "../helpers/factories.ts";
import { type Lifecycle, startAwsLifecycle } from "../helpers/lifecycle-harness.ts";

const endpoint = inject("dynamoEndpoint");

/** SES's report of a permanent bounce of an email of `eventId` to `address`, as EventBridge hands it over. */
const bounced = (eventId: string, address: string, at: string) => ({
  source: "aws.ses",
  "detail-type": "Email Bounced",
  detail: {
    eventType: "Bounce",
    mail: { tags: { [eventTag]: [eventId] } },
    bounce: {
      bounceType: "Permanent",
      bounceSubType: "General",
      timestamp: at,
      bouncedRecipients: [
        { emailAddress: address, diagnosticCode: `smtp; 550 5.1.1 <${address}>: Recipient address rejected` },
      ],
    },
  },
});

/** SES's report of a complaint about an email of `eventId` from `address`. */
const complained = (eventId: string, address: string, at: string) => ({
  source: "aws.ses",
  "detail-type": "Email Complaint Received",
  detail: {
    eventType: "Complaint",
    mail: { tags: { [eventTag]: [eventId] } },
    complaint: {
      timestamp: at,
      complaintFeedbackType: "abuse",
      complainedRecipients: [{ emailAddress: address }],
    },
  },
});

describe.skipIf(startAwsLifecycle === null)(
  "an erased guest's address in the mail table, on the AWS runtime",
  () => {
    let life: Lifecycle<AwsLocalRuntime>;
    afterEach(async () => {
      await life.stop();
    });

    it("is in none of its items once she is erased: her claims never held it, her bounce and complaint name the erased address; Bob's stay as they were", async () => {
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
        expect((await life.mail("Ana.Lima@example.org")).length).toBe(2);
        // Her inbox refused one email; she marked the other as spam. Bob's bounced too.
        await feedback(bounced(life.eventId, "Ana.Lima@example.org", "2026-12-06T10:00:05.000Z"));
        await feedback(complained(life.eventId, "ana.lima@example.org", "2026-12-06T11:00:00.000Z"));
        await feedback(bounced(life.eventId, "bob@example.org", "2026-12-06T10:00:06.000Z"));
        // Sent, so claimed: four claims, and the three reports.
        expect((await items()).filter((i) => i.sk === "MAIL")).toHaveLength(4);
        expect(JSON.stringify(await items()).toLowerCase()).toContain("ana.lima@example.org");

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

        const after = await items();
        expect(JSON.stringify(after).toLowerCase()).not.toContain("ana.lima@example.org");
        expect(JSON.stringify(after).toLowerCase()).not.toContain("ana.lima");
        // The claims are still there (nothing is sent twice), and the host page lists what SES reported.
        expect(after.filter((i) => i.sk === "MAIL")).toHaveLength(4);
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
  },
);
