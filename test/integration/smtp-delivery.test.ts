import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { type ParsedMail, simpleParser } from "mailparser";
import pino from "pino";
import { SMTPServer } from "smtp-server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SmtpDelivery, smtpConfigFromEnv } from "../../adapters/local/smtp-delivery.ts";
import { SqliteChangeFeed } from "../../adapters/local/sqlite-change-feed.ts";
import { openDatabase } from "../../adapters/local/sqlite-database.ts";
import { SqliteGuestStore } from "../../adapters/local/sqlite-guest-store.ts";
import { SqliteMailOutbox } from "../../adapters/local/sqlite-mail-outbox.ts";
import type { EventRecord } from "../../contracts/event.ts";
import { applyCommands } from "../../core/keeper.ts";
import { eventIdOfMessageId } from "../../core/mail-identity.ts";
import { systemClock } from "../../core/ports.ts";
import { MailDeliveryLoop } from "../../runtime/embedded/mail-delivery-loop.ts";
import { messengerHandler } from "../../streams/messenger-handler.ts";
import { messageGuests, newEvent, register } from "../helpers/factories.ts";
import { testKeyring, testLinkMinter } from "../helpers/link-minter.ts";

/**
 * Delivery through a real SMTP server (smtp-server on a loopback port), each received message parsed with
 * mailparser: what a guest's mail client would see.
 */

interface Received {
  rcptTo: string[];
  mail: ParsedMail;
  raw: string;
}

let dir: string;
let db: DatabaseSync;
let server: SMTPServer;
let port: number;
let received: Received[];
/** The reply to RCPT TO for an address: null accepts it. */
let refuse: (address: string) => { code: number; message: string } | null;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "rsvp-smtp-"));
  db = openDatabase(join(dir, "rsvp.db"));
  received = [];
  refuse = () => null;
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      const refusal = refuse(address.address);
      if (!refusal) return callback();
      const error = new Error(refusal.message) as Error & { responseCode: number };
      error.responseCode = refusal.code;
      callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", async () => {
        const raw = Buffer.concat(chunks);
        received.push({
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          mail: await simpleParser(raw),
          raw: raw.toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.server.address() as AddressInfo).port;
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const silent = pino({ level: "silent" });

/** A real event, guests and a host message through the keeper and the messenger into a delivering outbox. */
async function queueEmails(messageSubject: string, overrides: Partial<EventRecord> = {}) {
  const store = new SqliteGuestStore(db);
  const feed = new SqliteChangeFeed(db);
  const outbox = new SqliteMailOutbox(db, { deliver: true });
  const event = newEvent({ name: "Summer party", startsAt: "2026-12-24T18:00:00.000Z", ...overrides });
  await store.createEvent(event);
  const e = event.eventId;
  // The subject is set past the contract (which now refuses line breaks in it), as in a command queued before
  // that rule: the mail layer must keep such a subject out of the headers all the same.
  const checked = messageGuests(e, "subject", "See you there.", { issuedAt: new Date() });
  const message = {
    ...checked,
    message: { subject: messageSubject, body: "See you there." },
  } as typeof checked;
  await applyCommands(store, e, [register(e, "ana@example.org", "Ana"), message], systemClock);
  const handle = messengerHandler({
    reader: store,
    mailer: outbox,
    links: testLinkMinter(testKeyring(), systemClock),
    clock: systemClock,
  });
  const page = feed.read("messenger", 100);
  await handle(page!.changes);
  return { outbox, eventId: e };
}

/** The guests' rows the delivery loop reads before each send. */
const guests = {
  getGuest: (eventId: string, guestId: string) => new SqliteGuestStore(db).getGuest(eventId, guestId),
};

const delivery = () => new SmtpDelivery({ url: `smtp://127.0.0.1:${port}`, from: "rsvp <rsvp@example.org>" });

/** Runs the runtime's delivery loop over the outbox until it has nothing left to send now. */
async function deliverEverything(outbox: SqliteMailOutbox): Promise<void> {
  const loop = new MailDeliveryLoop({ outbox, transport: delivery(), guests, logger: silent });
  loop.start();
  await loop.idle();
  await loop.stop();
}

describe("SMTP delivery", () => {
  it("delivers queued emails with their calendar attachment and marks them sent", async () => {
    const { outbox, eventId } = await queueEmails("Parking");
    await deliverEverything(outbox);

    expect(received).toHaveLength(2);
    const confirmation = received.find((r) => r.mail.subject === "You're in: Summer party");
    expect(confirmation?.rcptTo).toEqual(["ana@example.org"]);
    const mail = confirmation!.mail;
    // The configured sender's address under the email's own name: the event's (issue 12 §4).
    expect(mail.from?.value).toEqual([{ name: "Summer party via rsvp", address: "rsvp@example.org" }]);
    expect(mail.text).toContain("Thursday, 24 December 2026, 19:00–21:00 (Europe/Berlin)");
    expect(mail.html).toContain("Hello Ana,");
    expect(mail.headers.get("auto-submitted")).toBe("auto-generated");
    // Derived from the key and naming the event, so a reply's In-Reply-To leads back to it.
    expect(mail.messageId).toMatch(new RegExp(`^<[A-Za-z0-9_-]{32}\\.${eventId}\\.rsvp@example\\.org>$`));
    expect(eventIdOfMessageId(mail.messageId!)).toBe(eventId);
    const ics = mail.attachments.find((a) => a.filename === "invite.ics");
    expect(ics?.contentType).toBe("text/calendar");
    const calendar = ics!.content.toString("utf8").replace(/\r\n[ \t]/g, "");
    expect(calendar).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(calendar).toContain("\r\nDTSTART:20261224T180000Z\r\n");

    const stored = await outbox.list();
    expect(stored.map((m) => [m.state, m.attempts])).toEqual([
      ["sent", 1],
      ["sent", 1],
    ]);
    expect(stored.every((m) => m.sentAt !== null)).toBe(true);
  });

  it("a host message arrives with one-click List-Unsubscribe and its link; the confirmation has none", async () => {
    const { outbox } = await queueEmails("Parking");
    // The outbox keeps the headers it will send, so the outbox page and tests see them.
    const stored = (await outbox.list()).find((m) => m.headers["X-Rsvp-Kind"] === "host-message")!;
    const url = stored.links.unsubscribe!;
    expect(url).toMatch(/\/l\/unsubscribe\//);
    expect(stored.headers).toMatchObject({
      "List-Unsubscribe": `<${url}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    await deliverEverything(outbox);

    const message = received.find((r) => r.mail.subject === "Summer party: Parking")!;
    const headerBlock = message.raw.split("\r\n\r\n")[0]!.replace(/\r\n(?=[ \t])/g, "");
    expect(headerBlock).toContain(`\r\nList-Unsubscribe: <${url}>`);
    expect(headerBlock).toContain("\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
    expect(message.mail.text).toContain(url);
    const confirmation = received.find((r) => r.mail.subject === "You're in: Summer party")!;
    expect(confirmation.raw).not.toMatch(/^List-Unsubscribe/im);
  });

  it("names the event or the host before the configured address, in any script; the host's words reply to the host", async () => {
    const { outbox } = await queueEmails("Parken", {
      name: "Zoës Sommerfest",
      details: {
        description: "",
        location: { onlineUrlConfirmedOnly: false },
        hostName: "Zoë Müller",
        hostReplyTo: "zoe@example.org",
        language: "de",
      },
    });
    await deliverEverything(outbox);
    const confirmation = received.find((r) => r.mail.subject === "Du bist dabei: Zoës Sommerfest")!;
    expect(confirmation.mail.from?.value).toEqual([
      { name: "Zoës Sommerfest über rsvp", address: "rsvp@example.org" },
    ]);
    const message = received.find((r) => r.mail.subject === "Zoës Sommerfest: Parken")!;
    expect(message.mail.from?.value).toEqual([{ name: "Zoë Müller über rsvp", address: "rsvp@example.org" }]);
    expect(message.mail.replyTo?.value).toEqual([{ name: "", address: "zoe@example.org" }]);
  });

  it("a CR/LF in a host's subject cannot add a header or a recipient", async () => {
    const { outbox } = await queueEmails("Hi\r\nBcc: victim@example.org\r\nX-Evil: yes");
    await deliverEverything(outbox);

    const message = received.find((r) => r.mail.subject?.includes("Hi"));
    expect(message?.mail.subject).toBe("Summer party: Hi Bcc: victim@example.org X-Evil: yes");
    expect(message?.rcptTo).toEqual(["ana@example.org"]);
    expect(message?.mail.bcc).toBeUndefined();
    expect(message?.mail.headers.has("x-evil")).toBe(false);
    expect(message?.raw).not.toMatch(/^Bcc:/im);
  });

  it("retries a temporary refusal later and gives up at once on a permanent one", async () => {
    const { outbox } = await queueEmails("Parking");
    refuse = () => ({ code: 451, message: "try again later" });
    const loop = new MailDeliveryLoop({ outbox, transport: delivery(), guests, logger: silent });
    expect(await loop.deliverDue()).toBe(2);
    let stored = await outbox.list();
    expect(stored.map((m) => [m.state, m.attempts])).toEqual([
      ["pending", 1],
      ["pending", 1],
    ]);
    expect(stored[0]!.lastError).toContain("try again later");
    // Backed off: nothing is due now.
    expect(outbox.pending(new Date())).toEqual([]);
    expect(outbox.pending(new Date(Date.now() + 31_000))).toHaveLength(2);

    refuse = () => ({ code: 550, message: "no such mailbox" });
    await new MailDeliveryLoop({
      outbox,
      transport: delivery(),
      guests,
      logger: silent,
      clock: { now: () => new Date(Date.now() + 31_000) },
    }).deliverDue();
    stored = await outbox.list();
    expect(stored.map((m) => [m.state, m.attempts])).toEqual([
      ["failed", 2],
      ["failed", 2],
    ]);
    expect(stored[0]!.lastError).toContain("no such mailbox");
    expect(received).toHaveLength(0);
  });

  it("is configured by RSVP_SMTP_URL, and off without it", () => {
    expect(smtpConfigFromEnv({})).toBeNull();
    expect(smtpConfigFromEnv({ RSVP_SMTP_URL: "smtp://mail:25" }, "https://rsvp.example.org")).toEqual({
      url: "smtp://mail:25",
      from: "rsvp <noreply@rsvp.example.org>",
    });
    expect(smtpConfigFromEnv({ RSVP_SMTP_URL: "smtp://mail:25", RSVP_MAIL_FROM: "a@b.org" })?.from).toBe(
      "a@b.org",
    );
  });
});
