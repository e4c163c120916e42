/**
 * The feedback function and the `rsvp-guest` tag (adapters/aws/delivery-feedback.ts, runtime/aws/feedback.ts):
 * each guest email is tagged with its guest, and a report on an email whose guest has no row (or an erased one)
 * is recorded with the erased row's address; a report on the host's emails (no guest tag) as SES gave it. The
 * mail and guest tables on DynamoDB Local.
 */
import pino from "pino";
import { describe, expect, inject, it } from "vitest";
import { DynamoDeliveryProblems, eventTags, problemsOf } from "../../adapters/aws/delivery-feedback.ts";
import { guestErasures } from "../../adapters/aws/guest-erasures.ts";
import { createGuestTable } from "../../adapters/aws/guest-table.ts";
import { createMailClaimTable } from "../../adapters/aws/ses-mailer.ts";
import { erasedAddress } from "../../core/guest-erasure.ts";
import { feedbackHandler } from "../../runtime/aws/feedback.ts";
import { dynamoLocalClient, uniqueTableName } from "../helpers/dynamo-local.ts";

const endpoint = inject("dynamoEndpoint");

const complaint = (tags: Record<string, string[]>, address: string) => ({
  eventType: "Complaint",
  mail: { tags },
  complaint: {
    timestamp: "2026-12-06T11:00:00.000Z",
    complaintFeedbackType: "abuse",
    complainedRecipients: [{ emailAddress: address }],
  },
});

const asTags = (tags: { Name: string; Value: string }[]) =>
  Object.fromEntries(tags.map((t) => [t.Name, [t.Value]]));

describe("the guest tag", () => {
  it("names the guest of a guest email, none for the host's, and is left out when the id is no tag value", () => {
    expect(eventTags("ev-1", "g_1-A")).toEqual([
      { Name: "rsvp-event", Value: "ev-1" },
      { Name: "rsvp-guest", Value: "g_1-A" },
    ]);
    expect(eventTags("ev-1", null)).toEqual([{ Name: "rsvp-event", Value: "ev-1" }]);
    expect(eventTags("ev-1", "g 1")).toEqual([{ Name: "rsvp-event", Value: "ev-1" }]);
    expect(problemsOf(complaint(asTags(eventTags("ev-1", "g1")), "ana@example.org"))).toMatchObject({
      eventId: "ev-1",
      guestId: "g1",
    });
    expect(problemsOf(complaint(asTags(eventTags("ev-1")), "host@example.org"))?.guestId).toBeNull();
  });
});

describe.skipIf(endpoint === null)("AWS: a report on an email of a guest with no row", () => {
  it("is recorded with the erased address; one on the host's email (no guest tag) as SES reported it", async () => {
    const client = dynamoLocalClient(endpoint!);
    try {
      const mailTable = uniqueTableName("mail");
      const guestTable = uniqueTableName("guests");
      await createMailClaimTable(client, mailTable);
      await createGuestTable(client, guestTable);
      const problems = new DynamoDeliveryProblems({ client, tableName: mailTable });
      const handle = feedbackHandler({
        problems,
        guestOf: guestErasures(client, guestTable),
        logger: pino({ level: "silent" }),
      });
      await handle({ detail: complaint(asTags(eventTags("ev-1", "gone1")), "Ana@example.org") });
      await handle({ detail: complaint(asTags(eventTags("ev-1")), "host@example.org") });
      expect((await problems.list("ev-1")).map((p) => p.email).sort()).toEqual([
        erasedAddress("gone1"),
        "host@example.org",
      ]);
    } finally {
      client.destroy();
    }
  });
});
