import { DynamoDBClient, PutItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import { SesMailer } from "../../adapters/aws/ses-mailer.ts";
import type { OutgoingEmail } from "../../core/mail-ports.ts";
import { LocalSes } from "../../tools/aws-local/local-ses.ts";
import { fakeClock } from "../helpers/factories.ts";

// The in-process SES (tools/aws-local/local-ses.ts) behind the real mailer adapter; the mailer's idempotency
// table is mocked at the SDK boundary.

describe("the in-process SES", () => {
  const dynamo = mockClient(DynamoDBClient);
  dynamo.on(PutItemCommand).resolves({}).on(UpdateItemCommand).resolves({});

  function mailer() {
    const clock = fakeClock();
    const ses = new LocalSes({ clock });
    const sesMailer = new SesMailer({
      ses: ses.client,
      dynamo: new DynamoDBClient({ region: "local" }),
      idempotencyTableName: "mail",
      from: "rsvp <rsvp@example.org>",
      configurationSetName: "rsvp",
      clock,
    });
    return { clock, ses, sesMailer };
  }
  const email = (overrides: Partial<OutgoingEmail> = {}): OutgoingEmail => ({
    key: "g1/1",
    eventId: "ev-1",
    guestId: "g1",
    to: "ana@example.org",
    subject: "You're in: Summer party",
    text: "See you there. Cancel: http://rsvp.test/l/cancel/tok.en",
    html: '<p>See you there.</p><p><a href="http://rsvp.test/l/cancel/tok.en">Cancel</a></p><p><a href="https://example.org/map?a=1&amp;b=2">Map</a></p>',
    links: { cancel: "http://rsvp.test/l/cancel/tok.en" },
    attachments: [],
    headers: { "Auto-Submitted": "auto-generated", "X-Rsvp-Kind": "confirmed" },
    ...overrides,
  });

  it("keeps an email as its recipient reads it: subject, text, its action links, its headers", async () => {
    const { clock, ses, sesMailer } = mailer();
    expect(await sesMailer.send(email())).toBe(true);
    expect(ses.sent).toEqual([
      expect.objectContaining({
        to: ["ana@example.org"],
        subject: "You're in: Summer party",
        text: expect.stringContaining("See you there."),
        links: { cancel: "http://rsvp.test/l/cancel/tok.en" },
        headers: expect.objectContaining({ "X-Rsvp-Kind": "confirmed" }),
        attachments: [],
        sentAt: clock.now().toISOString(),
      }),
    ]);
  });

  it("reads an email with a calendar file back from its MIME: the attachment and the same links", async () => {
    const { ses, sesMailer } = mailer();
    const ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n";
    await sesMailer.send(
      email({
        attachments: [{ filename: "invite.ics", contentType: "text/calendar; method=PUBLISH", content: ics }],
      }),
    );
    const [sent] = ses.sent;
    expect(sent).toMatchObject({
      subject: "You're in: Summer party",
      links: { cancel: "http://rsvp.test/l/cancel/tok.en" },
      headers: expect.objectContaining({ "X-Rsvp-Kind": "confirmed" }),
    });
    expect(sent!.attachments).toEqual([
      { filename: "invite.ics", contentType: expect.stringMatching(/^text\/calendar/), content: ics },
    ]);
  });
});
