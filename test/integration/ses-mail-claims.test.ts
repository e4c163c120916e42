import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { describe, expect, inject, it } from "vitest";
import { createMailClaimTable, SesMailer } from "../../adapters/aws/ses-mailer.ts";
import type { OutgoingEmail } from "../../core/mail-ports.ts";
import { LocalSes } from "../../tools/aws-local/local-ses.ts";
import { dynamoLocalClient, uniqueTableName } from "../helpers/dynamo-local.ts";
import { fakeClock } from "../helpers/factories.ts";

const endpoint = inject("dynamoEndpoint");
const MINUTE = 60_000;

const email = (key: string): OutgoingEmail => ({
  key,
  eventId: "ev-1",
  guestId: "g-1",
  to: "ana@example.org",
  subject: "You're in",
  text: "See you there.",
  html: "<p>See you there.</p>",
  links: {},
  attachments: [],
  headers: {},
});

describe.skipIf(endpoint === null)("the SES mailer's send-once claims on DynamoDB", () => {
  it("takes over a claim left 'sending' by an invocation that died, once it is five minutes old, and only then", async () => {
    const dynamo = dynamoLocalClient(endpoint!);
    const table = uniqueTableName("mail-claims");
    await createMailClaimTable(dynamo, table);
    const clock = fakeClock();
    const ses = new LocalSes({ clock });
    const mailer = new SesMailer({
      ses: ses.client,
      dynamo,
      idempotencyTableName: table,
      from: "rsvp <rsvp@example.org>",
      configurationSetName: "rsvp",
      clock,
    });
    // A timed-out invocation claimed the key and never heard from SES.
    const abandoned = (key: string, ago: number) =>
      dynamo.send(
        new PutItemCommand({
          TableName: table,
          Item: marshall({
            pk: `MAIL#${key}`,
            sk: "MAIL",
            state: "sending",
            claimedAt: new Date(clock.now().getTime() - ago).toISOString(),
          }),
        }),
      );
    await abandoned("recent", 2 * MINUTE);
    await abandoned("stale", 6 * MINUTE);

    expect(await mailer.send(email("recent"))).toBe(false);
    expect(await mailer.send(email("stale"))).toBe(true);
    // Sent now, so never again.
    expect(await mailer.send(email("stale"))).toBe(false);
    clock.advance(10 * MINUTE);
    expect(await mailer.send(email("stale"))).toBe(false);
    expect(ses.sent).toHaveLength(1);
    dynamo.destroy();
  });
});
