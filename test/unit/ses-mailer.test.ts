import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { MessageRejected, SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { marshall } from "@aws-sdk/util-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { simpleParser } from "mailparser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SesMailer, UnsafeEmailError } from "../../adapters/aws/ses-mailer.ts";
import { countersOf } from "../../contracts/event.ts";
import { GuestRecord } from "../../contracts/guest.ts";
import { outgoingMessageId } from "../../core/mail-identity.ts";
import type { OutgoingEmail } from "../../core/mail-ports.ts";
import { hostMessageEmail } from "../../mail/host-emails.ts";
import { fakeClock, newEvent } from "../helpers/factories.ts";
import { testKeyring, testLinkMinter } from "../helpers/link-minter.ts";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const sesClient = new SESv2Client({ region: "eu-central-1", credentials });
const dynamoClient = new DynamoDBClient({ region: "eu-central-1", credentials });
const ses = mockClient(sesClient);
const dynamo = mockClient(dynamoClient);

const from = "Summer party <rsvp@example.org>";
const table = "rsvp-mail";
const configurationSetName = "rsvp";
const clock = fakeClock(new Date("2026-06-01T12:00:00.000Z"));

const mailer = () =>
  new SesMailer({
    ses: sesClient,
    dynamo: dynamoClient,
    idempotencyTableName: table,
    from,
    configurationSetName,
    clock,
  });

function email(overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  return {
    key: "cmd-1/g-1",
    eventId: "ev-1",
    guestId: "g-1",
    to: "ana@example.org",
    subject: "A note from the host: Grüße",
    text: "See you there.",
    html: "<p>See you there.</p>",
    links: {},
    attachments: [],
    headers: {
      "Auto-Submitted": "auto-generated",
      "X-Rsvp-Kind": "host-message",
      "List-Unsubscribe": "<https://rsvp.example.org/l/cancel/token>",
    },
    ...overrides,
  };
}

const calendar = {
  filename: "invite.ics",
  contentType: "text/calendar",
  content:
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:ev-1.g-1@rsvp\r\nSUMMARY:Summer party\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
};

beforeEach(() => {
  dynamo
    .on(PutItemCommand)
    .resolves({})
    .on(UpdateItemCommand)
    .resolves({})
    .on(DeleteItemCommand)
    .resolves({});
  ses.on(SendEmailCommand).resolves({ MessageId: "ses-message-1" });
});
afterEach(() => {
  ses.reset();
  dynamo.reset();
});

const sent = () => ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input);

describe("SesMailer", () => {
  it("sends an email without attachments as simple content, with its headers, through the configuration set", async () => {
    expect(await mailer().send(email())).toBe(true);

    expect(sent()).toEqual([
      {
        FromEmailAddress: from,
        Destination: { ToAddresses: ["ana@example.org"] },
        ConfigurationSetName: configurationSetName,
        // Its bounces and complaints come back tagged with the event, for the host page, and the guest, so that
        // one reported after her erase keeps no address of hers.
        EmailTags: [
          { Name: "rsvp-event", Value: email().eventId },
          { Name: "rsvp-guest", Value: "g-1" },
        ],
        Content: {
          Simple: {
            Subject: { Data: "A note from the host: Grüße", Charset: "UTF-8" },
            Body: {
              Text: { Data: "See you there.", Charset: "UTF-8" },
              Html: { Data: "<p>See you there.</p>", Charset: "UTF-8" },
            },
            Headers: [
              { Name: "Auto-Submitted", Value: "auto-generated" },
              { Name: "X-Rsvp-Kind", Value: "host-message" },
              { Name: "List-Unsubscribe", Value: "<https://rsvp.example.org/l/cancel/token>" },
            ],
          },
        },
      },
    ]);
  });

  it("sets an event's reply address through SES's Reply-To field, in simple and in raw messages", async () => {
    const replyTo = "rsvp+ev-1@in.example.org";
    const headers = { "Auto-Submitted": "auto-generated", "Reply-To": replyTo };
    await mailer().send(email({ headers }));
    await mailer().send(email({ key: "g-1/4", headers, attachments: [calendar] }));

    const [simple, raw] = sent();
    expect(simple?.ReplyToAddresses).toEqual([replyTo]);
    expect(simple?.Content?.Simple?.Headers).toEqual([{ Name: "Auto-Submitted", Value: "auto-generated" }]);
    expect(raw?.ReplyToAddresses).toEqual([replyTo]);
    const mail = await simpleParser(Buffer.from(raw?.Content?.Raw?.Data ?? new Uint8Array()));
    expect(mail.replyTo?.value).toEqual([{ name: "", address: replyTo }]);
  });

  it("puts each email's From name before the configured address, encoded when it is not ASCII", async () => {
    await mailer().send(email({ fromName: "Ana Lima via rsvp" }));
    await mailer().send(email({ key: "g-1/5", fromName: "Zoë Müller über rsvp", attachments: [calendar] }));
    const [simple, raw] = sent();
    expect(simple?.FromEmailAddress).toBe('"Ana Lima via rsvp" <rsvp@example.org>');
    expect(raw?.FromEmailAddress).toMatch(/^=\?UTF-8\?B\?[^ ]+\?= <rsvp@example\.org>$/);
    const mail = await simpleParser(Buffer.from(raw?.Content?.Raw?.Data ?? new Uint8Array()));
    expect(mail.from?.value).toEqual([{ name: "Zoë Müller über rsvp", address: "rsvp@example.org" }]);
  });

  it("claims the key with a conditional put before sending, and marks it sent after", async () => {
    await mailer().send(email());

    expect(dynamo.commandCalls(PutItemCommand).map((c) => c.args[0].input)).toEqual([
      {
        TableName: table,
        Item: marshall({
          pk: "MAIL#cmd-1/g-1",
          sk: "MAIL",
          state: "sending",
          claimedAt: "2026-06-01T12:00:00.000Z",
          // Deleted by the table's TTL 30 days on, long after any delivery of the email can come.
          expiresAt: Date.parse("2026-07-01T12:00:00.000Z") / 1000,
        }),
        // Free, or left `sending` five minutes ago by an invocation that died before SES answered.
        ConditionExpression: "attribute_not_exists(pk) OR (#state = :sending AND claimedAt < :stale)",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: marshall({ ":sending": "sending", ":stale": "2026-06-01T11:55:00.000Z" }),
      },
    ]);
    expect(dynamo.commandCalls(UpdateItemCommand).map((c) => c.args[0].input)).toEqual([
      {
        TableName: table,
        Key: marshall({ pk: "MAIL#cmd-1/g-1", sk: "MAIL" }),
        UpdateExpression: "SET #state = :sent, sentAt = :at, messageId = :id",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: marshall({
          ":sent": "sent",
          ":at": "2026-06-01T12:00:00.000Z",
          ":id": "ses-message-1",
        }),
      },
    ]);
    const [claim] = dynamo.commandCalls(PutItemCommand);
    const [send] = ses.commandCalls(SendEmailCommand);
    const [mark] = dynamo.commandCalls(UpdateItemCommand);
    expect(claim?.calledBefore(send!)).toBe(true);
    expect(send?.calledBefore(mark!)).toBe(true);
  });

  it("sends nothing for a key that was claimed before", async () => {
    dynamo
      .on(PutItemCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: "The conditional request failed", $metadata: {} }),
      );
    // The claim in the way, as the mailer reads it to tell a sent email from one still being sent.
    dynamo.on(GetItemCommand).resolves({
      Item: {
        pk: { S: "MAIL#g-1/2" },
        sk: { S: "MAIL" },
        state: { S: "sent" },
        claimedAt: { S: "2026-06-01T12:00:00.000Z" },
      },
    });

    expect(await mailer().send(email())).toBe(false);
    expect(sent()).toEqual([]);
  });

  it("tells a key another delivery is still sending (within its lease) from one sent, and says until when", async () => {
    dynamo
      .on(PutItemCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: "The conditional request failed", $metadata: {} }),
      );
    const claimedAt = new Date(clock.now().getTime() - 60_000);
    dynamo.on(GetItemCommand).resolves({
      Item: marshall({
        pk: "MAIL#cmd-1/g-1",
        sk: "MAIL",
        state: "sending",
        claimedAt: claimedAt.toISOString(),
      }),
    });

    // The lease is 5 minutes unless set: the holder may still be sending for 4 more.
    expect(await mailer().deliver(email())).toEqual({
      kind: "held",
      until: new Date(claimedAt.getTime() + 5 * 60_000),
    });
    expect(sent()).toEqual([]);
  });

  it("sends an email with a calendar attachment as raw MIME holding the .ics and the headers", async () => {
    expect(await mailer().send(email({ key: "g-1/3", attachments: [calendar] }))).toBe(true);

    const [input] = sent();
    expect(input).toMatchObject({
      FromEmailAddress: from,
      Destination: { ToAddresses: ["ana@example.org"] },
      ConfigurationSetName: configurationSetName,
    });
    expect(input?.Content?.Simple).toBeUndefined();
    const raw = Buffer.from(input?.Content?.Raw?.Data ?? new Uint8Array());
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe("A note from the host: Grüße");
    expect(mail.from?.value).toEqual([{ name: "Summer party", address: "rsvp@example.org" }]);
    expect(mail.to).toMatchObject({ value: [{ address: "ana@example.org" }] });
    expect(mail.text?.trim()).toBe("See you there.");
    expect(mail.html).toContain("<p>See you there.</p>");
    expect(raw.toString()).toContain("List-Unsubscribe: <https://rsvp.example.org/l/cancel/token>");
    expect(mail.headers.get("auto-submitted")).toBe("auto-generated");
    // A host's message is marked in its Message-ID, so a reply to it is never read as an RSVP (issue 13).
    expect(mail.messageId).toBe(outgoingMessageId("g-1/3", "ev-1", "example.org", "host-message"));
    expect(mail.messageId).toMatch(/\.ev-1\.host\.rsvp@example\.org>$/);
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ filename: "invite.ics", contentType: "text/calendar" });
    expect(mail.attachments[0]?.content.toString()).toBe(calendar.content);
  });

  it("gives a host message its one-click List-Unsubscribe, as simple content and as raw MIME, URL unbroken", async () => {
    const event = newEvent({ name: "Summer party" });
    const at = clock.now().toISOString();
    const counters = countersOf(event);
    const guest = GuestRecord.parse({
      eventId: event.eventId,
      guestId: "g-1",
      name: "Ana",
      email: "ana@example.org",
      emailKey: "ana@example.org",
      status: "confirmed",
      lane: "web",
      waitlistSeq: null,
      createdAt: at,
      updatedAt: at,
      version: 1,
      lastChange: {
        commandId: "c-1",
        lane: "web",
        at,
        action: "register",
        from: null,
        to: "confirmed",
        countersBefore: counters,
        countersAfter: counters,
      },
    });
    const keyring = testKeyring();
    const links = testLinkMinter(keyring, clock, "https://rsvp.example.org");
    const message = { subject: "Parking", body: "Park at the back." };
    const hostMessage = hostMessageEmail({ event, guest, links, key: "cmd-1/g-1", message });
    const url = hostMessage.links.unsubscribe!;
    // Longer than the 78 characters a MIME writer would like a header line to be: it must not break it.
    expect(url.length).toBeGreaterThan(78);

    await mailer().send(hostMessage);
    // The same headers on a message that goes raw (one with an attachment), where nodemailer writes them.
    await mailer().send({ ...hostMessage, key: "cmd-1/g-1/raw", attachments: [calendar] });

    const [simple, raw] = sent();
    expect(simple?.Content?.Simple?.Headers).toEqual(
      expect.arrayContaining([
        { Name: "List-Unsubscribe", Value: `<${url}>` },
        { Name: "List-Unsubscribe-Post", Value: "List-Unsubscribe=One-Click" },
      ]),
    );
    // Unfolded as RFC 5322 says (a line break before white space goes): a fold may come before the URL, never in it.
    const mime = Buffer.from(raw?.Content?.Raw?.Data ?? new Uint8Array())
      .toString()
      .replace(/\r\n(?=[ \t])/g, "");
    expect(mime).toContain(`\r\nList-Unsubscribe: <${url}>\r\n`);
    expect(mime).toContain("\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
  });

  it("keeps a stranger's text inside its header when composing MIME: no header of its own", async () => {
    // Not a control character (those are refused outright), but a line separator a careless encoder might break on.
    const subject = "You're confirmed, Ana\u2028Bcc: victim@example.net";
    await mailer().send(email({ subject, attachments: [calendar] }));

    const raw = Buffer.from(sent()[0]?.Content?.Raw?.Data ?? new Uint8Array());
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe(subject);
    expect(mail.bcc).toBeUndefined();
    expect(raw.toString()).not.toMatch(/^bcc:/im);
    const headerBlock = raw.toString().split("\r\n\r\n")[0] ?? "";
    expect(headerBlock).not.toContain("victim@example.net");
  });

  it("refuses an email with a line break in a header before claiming or sending anything", async () => {
    for (const bad of [
      email({ subject: "Hi\r\nBcc: victim@example.net" }),
      email({ to: "ana@example.org\nBcc: victim@example.net" }),
      email({ headers: { "List-Unsubscribe": "<https://x>\r\nBcc: victim@example.net" } }),
    ])
      await expect(mailer().send({ ...bad, attachments: [calendar] })).rejects.toThrow(UnsafeEmailError);
    expect(dynamo.commandCalls(PutItemCommand)).toEqual([]);
    expect(sent()).toEqual([]);
  });

  it("releases the claim when SES refuses the email, so a retry of the change sends it", async () => {
    ses.on(SendEmailCommand).rejects(
      new MessageRejected({
        message: "Email address is not verified.",
        $metadata: { httpStatusCode: 400 },
      }),
    );

    await expect(mailer().send(email())).rejects.toThrow("Email address is not verified.");
    expect(dynamo.commandCalls(DeleteItemCommand).map((c) => c.args[0].input)).toEqual([
      {
        TableName: table,
        Key: marshall({ pk: "MAIL#cmd-1/g-1", sk: "MAIL" }),
        ConditionExpression: "#state = :sending",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: marshall({ ":sending": "sending" }),
      },
    ]);
    expect(dynamo.commandCalls(UpdateItemCommand)).toEqual([]);
  });

  it("notes SES's refusal beside the claim with the address's local part hidden, kept 30 days like the claim", async () => {
    ses.on(SendEmailCommand).rejects(
      new MessageRejected({
        message: "Email address is not verified. The following identities failed the check: ana@example.org",
        $metadata: { httpStatusCode: 400 },
      }),
    );

    await expect(mailer().send(email())).rejects.toThrow("Email address is not verified.");
    const note = dynamo
      .commandCalls(PutItemCommand)
      .map((c) => c.args[0].input)
      .find((input) => input.Item?.sk?.S === "REFUSED");
    expect(note?.Item).toEqual(
      marshall({
        pk: "MAIL#cmd-1/g-1",
        sk: "REFUSED",
        error:
          "MessageRejected: Email address is not verified. The following identities failed the check: [email]@example.org",
        at: "2026-06-01T12:00:00.000Z",
        expiresAt: Date.parse("2026-07-01T12:00:00.000Z") / 1000,
      }),
    );
  });

  it("keeps the claim when SES's answer never came: it may have sent the email, which must not go twice", async () => {
    ses.on(SendEmailCommand).rejects(new Error("socket hang up"));

    await expect(mailer().send(email())).rejects.toThrow("socket hang up");
    expect(dynamo.commandCalls(DeleteItemCommand)).toEqual([]);
  });
});
