import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { createTransport, type SendMailOptions } from "nodemailer";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteMailOutbox } from "../../adapters/local/sqlite-mail-outbox.ts";
import { emailKey } from "../../contracts/common.ts";
import type { EventRecord } from "../../contracts/event.ts";
import { mailCommandId } from "../../producers/email/reply-lane.ts";
import { type EmbeddedRuntime, openStores, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { fakeClock, newEvent, register, setCapacity } from "../helpers/factories.ts";
import { createEventCli, startServer } from "./cli-harness.ts";

/**
 * The email-reply lane end to end: the embedded runtime with its SMTP listener on a loopback port, real SMTP
 * messages sent to it by nodemailer (as a mail server forwarding the RSVP mailbox would), the keeper applying
 * what the lane queued, and the messenger's answer in the outbox.
 */

const domain = "rsvp.test";
let dir: string;
let rt: EmbeddedRuntime;
let event: EventRecord;

/** Sends one message to the listener over SMTP, as a mail server would. */
async function send(mail: SendMailOptions) {
  const transport = createTransport({
    host: "127.0.0.1",
    port: rt.smtpPort!,
    secure: false,
    ignoreTLS: true,
  });
  try {
    return await transport.sendMail({ subject: "Re: You're invited: Summer party", ...mail });
  } finally {
    transport.close();
  }
}

const replyAddress = () => `rsvp+${event.eventId}@${domain}`;

async function guest(email: string) {
  return rt.store.findGuestByEmail(event.eventId, emailKey(email));
}

async function mailTo(to: string) {
  return (await new SqliteMailOutbox(rt.db).list({ limit: 1_000 })).filter((m) => m.to === to).reverse();
}

describe("the email-reply lane over SMTP", () => {
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "rsvp-reply-lane-"));
    rt = await startEmbedded({
      dataDir: dir,
      http: false,
      clock: fakeClock(),
      logger: pino({ level: "silent" }),
      host: "127.0.0.1",
      smtpPort: 0,
      inboundDomain: domain,
    });
    event = newEvent({ name: "Summer party" });
    await rt.store.createEvent(event);
  });

  afterEach(async () => {
    await rt.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a reply to rsvp+EVENT@domain registers the sender, who gets the confirmation", async () => {
    const info = await send({
      from: '"Ana Lima" <Ana@example.org>',
      to: replyAddress(),
      text: "Count me in!\n\nOn Mon, 1 Jun 2026 at 12:00, rsvp wrote:\n> You are invited.\n> No, I can't come:",
      messageId: "<first-reply@example.org>",
    });
    expect(info.accepted).toEqual([replyAddress()]);
    await rt.idle();

    const ana = await guest("ana@example.org");
    expect(ana).toMatchObject({
      status: "confirmed",
      lane: "email",
      name: "Ana Lima",
      email: "Ana@example.org",
    });
    const mails = await mailTo("Ana@example.org");
    expect(mails.map((m) => m.subject)).toEqual(["You're in: Summer party"]);
    // Every guest email names the lane's address as its Reply-To, so answering it reaches the lane again.
    expect(mails[0]!.headers["Reply-To"]).toBe(replyAddress());
    // The command id derives from the Message-ID: a redelivery of this message would be the same command.
    const result = await rt.store.getCommandResult(
      event.eventId,
      mailCommandId(event.eventId, "ana@example.org", "<first-reply@example.org>", "register"),
    );
    expect(result?.outcome).toMatchObject({ kind: "confirmed", guestId: ana!.guestId });
  });

  it("a message delivered twice registers once and confirms once", async () => {
    const reply = {
      from: "Ana <ana@example.org>",
      to: replyAddress(),
      text: "Count me in!",
      messageId: "<twice@example.org>",
    };
    // A sending server that lost our 250 sends the same message again.
    await send(reply);
    await send(reply);
    await rt.idle();
    expect(await rt.store.listGuests(event.eventId)).toHaveLength(1);
    expect((await mailTo("ana@example.org")).map((m) => m.subject)).toEqual(["You're in: Summer party"]);
  });

  it("finds the event when a mail system changed the case of the reply address", async () => {
    // Event ids are minted in lowercase; some systems hand the address on upper-cased.
    const shouted = `RSVP+${event.eventId.toUpperCase()}@${domain.toUpperCase()}`;
    await send({ from: "Ana <ana@example.org>", to: shouted, text: "Yes!" });
    await rt.idle();
    expect(await guest("ana@example.org")).toMatchObject({ eventId: event.eventId, status: "confirmed" });
  });

  it("refuses every recipient but the RSVP mailbox at RCPT TO", async () => {
    await expect(
      send({ from: "ana@example.org", to: `someone@${domain}`, text: "hi" }),
    ).rejects.toMatchObject({ responseCode: 550 });
    await expect(
      send({ from: "ana@example.org", to: `rsvp+${event.eventId}@elsewhere.test`, text: "hi" }),
    ).rejects.toMatchObject({ responseCode: 550 });
    const mixed = await send({
      from: "ana@example.org",
      to: [replyAddress(), "bob@example.org"],
      text: "Yes",
    });
    expect(mixed.accepted).toEqual([replyAddress()]);
    expect(mixed.rejected).toEqual(["bob@example.org"]);
  });

  it('"sorry, I can\'t make it" from a registered guest cancels them', async () => {
    await rt.queue.send([register(event.eventId, "bo@example.org", "Bo")]);
    await rt.idle();
    expect((await guest("bo@example.org"))?.status).toBe("confirmed");

    await send({
      from: "Bo <bo@example.org>",
      to: replyAddress(),
      subject: "Re: Reminder: Summer party is tomorrow",
      text: "Hi, sorry, I can't make it after all.\n\n-- \nBo",
    });
    await rt.idle();

    expect((await guest("bo@example.org"))?.status).toBe("cancelled");
    expect((await mailTo("bo@example.org")).map((m) => m.subject)).toEqual([
      "You're in: Summer party",
      "Cancelled: your seat at Summer party",
    ]);
  });

  it("a guest who cancelled and then replies yes is registered again, once, with a new confirmation", async () => {
    await rt.queue.send([register(event.eventId, "bo@example.org", "Bo")]);
    await rt.idle();
    const bo = await guest("bo@example.org");
    await send({ from: "Bo <bo@example.org>", to: replyAddress(), text: "Sorry, I can't make it." });
    await rt.idle();
    expect((await guest("bo@example.org"))?.status).toBe("cancelled");

    const yes = {
      from: "Bo <bo@example.org>",
      to: replyAddress(),
      subject: "Re: Cancelled: your seat at Summer party",
      text: "Plans changed, I can come after all!",
      messageId: "<changed-mind@example.org>",
    };
    // Delivered twice (a sending server that lost our answer): one comeback.
    await send(yes);
    await send(yes);
    await rt.idle();
    expect(await guest("bo@example.org")).toMatchObject({
      guestId: bo!.guestId,
      status: "confirmed",
      round: 2,
      lane: "email",
    });
    expect((await mailTo("bo@example.org")).map((m) => m.subject)).toEqual([
      "You're in: Summer party",
      "Cancelled: your seat at Summer party",
      "You're in: Summer party",
    ]);
  });

  it("an invited guest's reply confirms the invitation", async () => {
    await rt.queue.send([register(event.eventId, "cy@example.org", "Cy", { invite: true, lane: "import" })]);
    await rt.idle();
    await send({ from: "Cy <cy@example.org>", to: replyAddress(), text: "Yes, happy to come." });
    await rt.idle();
    expect(await guest("cy@example.org")).toMatchObject({ status: "confirmed", lane: "import" });
  });

  it("an offered guest's yes claims the held seat", async () => {
    await rt.queue.send([register(event.eventId, "gus@example.org", "Gus")]);
    await rt.idle();
    await rt.queue.send([
      setCapacity(event.eventId, 1, { commandId: "cap-1", issuedAt: new Date(event.createdAt) }),
      register(event.eventId, "hal@example.org", "Hal"),
    ]);
    await rt.idle();
    await send({ from: "gus@example.org", to: replyAddress(), text: "Sorry, I can't make it." });
    await rt.idle();
    expect((await guest("hal@example.org"))?.status).toBe("offered");

    await send({
      from: "Hal <hal@example.org>",
      to: replyAddress(),
      subject: "Re: A seat is free",
      text: "Yes!",
    });
    await rt.idle();
    expect(await guest("hal@example.org")).toMatchObject({
      status: "confirmed",
      lastChange: { action: "claim" },
    });
  });

  it("an auto-reply registers nobody and is not answered", async () => {
    await send({
      from: "Dee <dee@example.org>",
      to: replyAddress(),
      subject: "Out of Office: You're invited: Summer party",
      headers: { "Auto-Submitted": "auto-replied" },
      text: "I am out of the office until Monday.",
    });
    await send({
      envelope: { from: "", to: replyAddress() },
      from: "MAILER-DAEMON@example.org",
      to: replyAddress(),
      subject: "Undelivered Mail Returned to Sender",
      text: "could not be delivered",
    });
    await rt.idle();
    expect(await rt.store.listGuests(event.eventId)).toEqual([]);
    expect(await mailTo("dee@example.org")).toEqual([]);
    expect(await mailTo("MAILER-DAEMON@example.org")).toEqual([]);
  });

  it("a message naming no known event gets a polite automatic answer, and nothing is registered", async () => {
    await send({ from: "Eli <eli@example.org>", to: `rsvp+no-such-event@${domain}`, text: "Count me in" });
    await send({ from: "Eli <eli@example.org>", to: `rsvp@${domain}`, text: "Count me in, again" });
    await rt.idle();
    expect(await rt.store.listGuests(event.eventId)).toEqual([]);
    const answers = await mailTo("eli@example.org");
    // One answer per sender and day, however many messages.
    expect(answers).toHaveLength(1);
    expect(answers[0]!.headers["Auto-Submitted"]).toBe("auto-replied");
    expect(answers[0]!.text).toContain("could not tell which event");
  });
});

describe("rsvp start --smtp-port", () => {
  it("receives replies in the real process, and guest emails from the background thread carry the Reply-To", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "rsvp-reply-start-"));
    const created = await createEventCli(dataDir, { name: "Garden party" });
    const server = await startServer(dataDir, { args: ["--smtp-port", "0", "--inbound-domain", domain] });
    try {
      const port = Number(/SMTP on port (\d+)/.exec(server.output())?.[1]);
      expect(port).toBeGreaterThan(0);
      const transport = createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
      await transport.sendMail({
        from: "Fay <fay@example.org>",
        to: `rsvp+${created.eventId}@${domain}`,
        subject: "Re: Garden party",
        text: "Yes please!",
      });
      transport.close();

      // The background thread applies it within a moment; read the data dir beside the server (WAL).
      let confirmation = null;
      for (let attempt = 0; attempt < 100 && !confirmation; attempt++) {
        await delay(100);
        const { db } = openStores(dataDir);
        try {
          confirmation =
            (await new SqliteMailOutbox(db).list()).find((m) => m.to === "fay@example.org") ?? null;
        } finally {
          db.close();
        }
      }
      expect(confirmation?.subject).toBe("You're in: Garden party");
      expect(confirmation?.headers["Reply-To"]).toBe(`rsvp+${created.eventId}@${domain}`);
    } finally {
      await server.stop(5_000);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
