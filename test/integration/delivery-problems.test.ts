/**
 * Emails that did not reach their guest show on the host page, on both runtimes. Embedded: a real SMTP server
 * (smtp-server on loopback) refuses one address for good, the delivery loop gives up on it, and the host page
 * lists it. AWS: SES's bounce and complaint events, as EventBridge delivers them to the feedback function, are
 * recorded in the mail table on DynamoDB Local, once however often delivered, and the web app's host page lists
 * them; a transient bounce or an email of no event records nothing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { SMTPServer } from "smtp-server";
import { afterAll, describe, expect, inject, it } from "vitest";
import { DynamoDeliveryProblems, eventTag } from "../../adapters/aws/delivery-feedback.ts";
import { DynamoGuestStore } from "../../adapters/aws/dynamo-guest-store.ts";
import { guestErasures } from "../../adapters/aws/guest-erasures.ts";
import { createGuestTable } from "../../adapters/aws/guest-table.ts";
import { createMailClaimTable } from "../../adapters/aws/ses-mailer.ts";
import { SmtpDelivery } from "../../adapters/local/smtp-delivery.ts";
import { SqliteChangeFeed } from "../../adapters/local/sqlite-change-feed.ts";
import { openDatabase } from "../../adapters/local/sqlite-database.ts";
import { SqliteGuestStore } from "../../adapters/local/sqlite-guest-store.ts";
import { SqliteMailOutbox } from "../../adapters/local/sqlite-mail-outbox.ts";
import { applyCommands } from "../../core/keeper.ts";
import { systemClock } from "../../core/ports.ts";
import { feedbackHandler } from "../../runtime/aws/feedback.ts";
import { MailDeliveryLoop } from "../../runtime/embedded/mail-delivery-loop.ts";
import { messengerHandler } from "../../streams/messenger-handler.ts";
import { dynamoLocalClient, uniqueTableName } from "../helpers/dynamo-local.ts";
import { hostedEvent, register } from "../helpers/factories.ts";
import { testKeyring, testLinkMinter } from "../helpers/link-minter.ts";
import { webAppOver } from "../helpers/web-app.ts";

const silent = pino({ level: "silent" });
const endpoint = inject("dynamoEndpoint");
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const hostPageOf = async (app: ReturnType<typeof webAppOver>, host: string) => {
  const res = await app.request(host, { headers: { accept: "text/html" } });
  expect(res.status).toBe(200);
  return res.text();
};

/** An SMTP server on loopback that refuses `refused` for good and takes everything else. */
async function smtpRefusing(refused: string) {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address !== refused) return callback();
      callback(Object.assign(new Error("5.1.1 no such mailbox here"), { responseCode: 550 }));
    },
    onData(stream, _session, callback) {
      stream.resume();
      stream.on("end", () => callback());
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.server.address() as AddressInfo).port, close: () => server.close() };
}

describe("the host page lists emails that did not arrive", () => {
  it("embedded: an address the mail server refuses for good is listed, with what the server said; the others are not", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rsvp-delivery-"));
    dirs.push(dir);
    const db = openDatabase(join(dir, "rsvp.db"));
    const smtp = await smtpRefusing("typo@example.org");
    try {
      const store = new SqliteGuestStore(db);
      const outbox = new SqliteMailOutbox(db, { deliver: true });
      const { event, host } = hostedEvent({ capacity: 10 });
      await store.createEvent(event);
      const e = event.eventId;
      await applyCommands(
        store,
        e,
        [register(e, "ana@example.org", "Ana"), register(e, "typo@example.org", "Typo")],
        systemClock,
      );
      const page = new SqliteChangeFeed(db).read("messenger", 100);
      const links = testLinkMinter(testKeyring(), systemClock);
      await messengerHandler({ reader: store, mailer: outbox, links, clock: systemClock })(page!.changes);
      const transport = new SmtpDelivery({
        url: `smtp://127.0.0.1:${smtp.port}`,
        from: "rsvp <rsvp@example.org>",
      });
      const loop = new MailDeliveryLoop({ outbox, transport, guests: store, logger: silent });
      await loop.deliverDue();

      const app = webAppOver(
        { store, queue: { send: async () => {} } },
        { deliveryProblems: { list: (id, limit) => outbox.problems(id, limit) } },
      );
      const html = await hostPageOf(app, host);
      expect(html).toContain("1 email did not arrive");
      expect(html).toContain("<strong>typo@example.org</strong>: could not be delivered");
      expect(html).toContain("no such mailbox here");
      expect(html).not.toContain("<strong>ana@example.org</strong>");
    } finally {
      smtp.close();
      db.close();
    }
  });

  it("embedded: nothing is listed while every email arrived", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rsvp-delivery-"));
    dirs.push(dir);
    const db = openDatabase(join(dir, "rsvp.db"));
    try {
      const store = new SqliteGuestStore(db);
      const outbox = new SqliteMailOutbox(db);
      const { event, host } = hostedEvent();
      await store.createEvent(event);
      const app = webAppOver(
        { store, queue: { send: async () => {} } },
        { deliveryProblems: { list: (id, limit) => outbox.problems(id, limit) } },
      );
      expect(await hostPageOf(app, host)).not.toContain("did not arrive");
    } finally {
      db.close();
    }
  });
});

/** An SES event as EventBridge hands it to the feedback function (the fields SES documents). */
const sesEvent = (eventId: string | null, detail: Record<string, unknown>) => ({
  version: "0",
  source: "aws.ses",
  "detail-type": detail.eventType === "Bounce" ? "Email Bounced" : "Email Complaint Received",
  detail: {
    ...detail,
    mail: {
      timestamp: "2026-12-06T10:00:00.000Z",
      source: "rsvp@mail.example.org",
      messageId: "0100018c-example",
      destination: ["bo@example.org"],
      tags: {
        "ses:configuration-set": ["RsvpMail"],
        ...(eventId ? { [eventTag]: [eventId] } : {}),
      },
    },
  },
});

const bounce = (type: string, email: string) => ({
  eventType: "Bounce",
  bounce: {
    bounceType: type,
    bounceSubType: "General",
    timestamp: "2026-12-06T10:00:05.000Z",
    feedbackId: "0100018c-feedback",
    bouncedRecipients: [
      {
        emailAddress: email,
        action: "failed",
        status: "5.1.1",
        diagnosticCode: "smtp; 550 5.1.1 user unknown",
      },
    ],
  },
});

describe.skipIf(endpoint === null)("AWS: SES bounces and complaints reach the host page", () => {
  it("records a permanent bounce and a complaint once each, ignores a transient bounce and untagged mail, and lists them", async () => {
    const client = dynamoLocalClient(endpoint!);
    const tableName = uniqueTableName("mail");
    await createMailClaimTable(client, tableName);
    const problems = new DynamoDeliveryProblems({ client, tableName });
    const guestTable = uniqueTableName("guests");
    await createGuestTable(client, guestTable);
    const handle = feedbackHandler({ problems, guestOf: guestErasures(client, guestTable), logger: silent });
    const { event, host } = hostedEvent();

    await handle(sesEvent(event.eventId, bounce("Permanent", "bo@example.org")));
    // EventBridge delivers at least once: the same report again is the same item.
    await handle(sesEvent(event.eventId, bounce("Permanent", "bo@example.org")));
    await handle(sesEvent(event.eventId, bounce("Transient", "cy@example.org")));
    await handle(sesEvent(null, bounce("Permanent", "dee@example.org")));
    await handle(
      sesEvent(event.eventId, {
        eventType: "Complaint",
        complaint: {
          timestamp: "2026-12-06T11:00:00.000Z",
          complaintFeedbackType: "abuse",
          complainedRecipients: [{ emailAddress: "eve@example.org" }],
        },
      }),
    );
    await handle({ detail: { eventType: "Delivery" } });

    expect(await problems.list(event.eventId)).toEqual([
      { email: "eve@example.org", kind: "complaint", at: "2026-12-06T11:00:00.000Z", detail: "abuse" },
      {
        email: "bo@example.org",
        kind: "bounce",
        at: "2026-12-06T10:00:05.000Z",
        detail: "smtp; 550 5.1.1 user unknown",
      },
    ]);

    const store = new DynamoGuestStore({ client, tableName: guestTable });
    await store.createEvent(event);
    const app = webAppOver({ store, queue: { send: async () => {} } }, { deliveryProblems: problems });
    const html = await hostPageOf(app, host);
    expect(html).toContain("2 emails did not arrive");
    expect(html).toContain("<strong>bo@example.org</strong>: bounced");
    expect(html).toContain("<strong>eve@example.org</strong>: marked as spam");
    client.destroy();
  });
});
