import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { createTransport } from "nodemailer";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { smtpLimits } from "../../adapters/local/smtp-listener.ts";
import { SqliteMailOutbox } from "../../adapters/local/sqlite-mail-outbox.ts";
import type { EventRecord } from "../../contracts/event.ts";
import { outgoingMessageId } from "../../core/mail-identity.ts";
import { mailCommandId } from "../../producers/email/reply-lane.ts";
import { type EmbeddedRuntime, openStores, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { messageGuests, newEvent, register, setCapacity } from "../helpers/factories.ts";
import { mimeBomb, testDns } from "../helpers/inbound-mail.ts";
import { replyLaneScenario } from "../helpers/reply-lane-scenario.ts";
import { createEventCli, register as registerOverHttp, startServer } from "./cli-harness.ts";

/**
 * The email-reply lane end to end: the embedded runtime with its SMTP listener on a loopback port, real SMTP
 * messages sent to it by nodemailer (as a mail server forwarding the RSVP mailbox would), the keeper applying
 * what the lane queued, and the messenger's answer in the outbox.
 */

const domain = "rsvp.test";
let dir: string;
let rt: EmbeddedRuntime;
let event: EventRecord;

/** The event's address: `rsvp+EVENT@domain`. Anyone can write to it; it ties a message to no guest. */
const replyAddress = () => `rsvp+${event.eventId}@${domain}`;

describe("the email-reply lane over SMTP", () => {
  // An id as rsvp mints them (14 characters), so a signed reply address fits in a local part. example.org lets
  // 127.0.0.1 send its mail (DMARC pass); forged.example lets nobody (DMARC fail).
  const lane = replyLaneScenario("reply-lane", {}, { subject: "Re: You're invited: Summer party" });
  const { send, guest, mailTo, replyToOf } = lane;
  beforeEach(() => {
    rt = lane.runtime();
    event = lane.event();
  });

  /** Registers a guest as the web form would, and waits for their confirmation (with its Reply-To). */
  async function seated(email: string, name: string) {
    await rt.queue.send([register(event.eventId, email, name)]);
    await rt.idle();
    return replyToOf(email);
  }

  it("every guest email replies to the guest's own signed address, which fits a local part", async () => {
    const address = await seated("bo@example.org", "Bo");
    const local = address.slice(0, address.lastIndexOf("@"));
    expect(address).toMatch(
      new RegExp(`^rsvp\\+${event.eventId}\\.[A-Za-z0-9_-]{22}\\.r[A-Za-z0-9_-]{18}@${domain}$`),
    );
    expect(local.length).toBeLessThanOrEqual(64);
    // Another guest gets another address.
    expect(await seated("cy@example.org", "Cy")).not.toBe(address);
  });

  it("\"sorry, I can't make it\" to the guest's signed address cancels them", async () => {
    const address = await seated("bo@example.org", "Bo");
    await send({
      from: "Bo <bo@example.org>",
      to: address,
      subject: "Re: Reminder: Summer party is tomorrow",
      text: "Hi, sorry, I can't make it after all.\n\n-- \nBo",
      messageId: "<bo-cancels@example.org>",
    });
    await rt.idle();

    expect((await guest("bo@example.org"))?.status).toBe("cancelled");
    expect((await mailTo("bo@example.org")).map((m) => m.subject)).toEqual([
      "You're in: Summer party",
      "Cancelled: your seat at Summer party",
    ]);
    // The command id derives from the Message-ID: a redelivery of this message would be the same command.
    const result = await rt.store.getCommandResult(
      event.eventId,
      mailCommandId(event.eventId, "bo@example.org", "<bo-cancels@example.org>", "cancel"),
    );
    expect(result?.outcome).toMatchObject({ kind: "cancelled" });
  });

  it("issue 13: a forged From cancels nobody; the guest is mailed a cancel link they may ignore", async () => {
    await seated("bo@example.org", "Bo");
    // The attacker writes to the event's address with Bo's address in From (from a host SPF does not allow).
    await send({
      envelope: { from: "attacker@forged.example", to: replyAddress() },
      from: "Bo <bo@example.org>",
      to: replyAddress(),
      subject: "Re: Summer party",
      text: "Sorry, I can't make it.",
    });
    await rt.idle();

    expect((await guest("bo@example.org"))?.status).toBe("confirmed");
    const mails = await mailTo("bo@example.org");
    expect(mails.map((m) => m.subject)).toEqual(["You're in: Summer party", "Confirm by link: Summer party"]);
    const link = mails[1]!;
    expect(link.headers["X-Rsvp-Kind"]).toBe("reply-confirm");
    // A signed link whose page has a button (GET shows, POST acts): nothing happens unless Bo presses it.
    expect(link.links.cancel).toMatch(/\/l\/cancel\//);
    expect(link.text).not.toContain("Sorry");
  });

  it("issue 13: a forged From registers nobody, and no mail goes to the forged address", async () => {
    await send({
      from: '"Win a prize" <victim@forged.example>',
      to: replyAddress(),
      subject: "Click here",
      text: "Count me in!",
    });
    await rt.idle();
    expect(await rt.store.listGuests(event.eventId)).toEqual([]);
    expect(await mailTo("victim@forged.example")).toEqual([]);
  });

  it("a stranger's yes to the event's address registers nobody: an authenticated sender gets the register page", async () => {
    const info = await send({
      from: '"Ana Lima" <Ana@example.org>',
      to: replyAddress(),
      text: "Count me in!",
    });
    expect(info.accepted).toEqual([replyAddress()]);
    // A mail system may change the case of the address: the event is still found.
    await send({
      from: "Ana <ana@example.org>",
      to: `RSVP+${event.eventId.toUpperCase()}@${domain.toUpperCase()}`,
      text: "Yes!",
      messageId: "<shouted@example.org>",
    });
    await rt.idle();

    expect(await rt.store.listGuests(event.eventId)).toEqual([]);
    // One link a day however many messages, and it quotes nothing of them.
    const answers = await mailTo("Ana@example.org");
    expect(answers).toHaveLength(1);
    expect(answers[0]!.text).toContain(`/e/${event.eventId}`);
    expect(answers[0]!.text).not.toContain("Ana Lima");
    expect(answers[0]!.subject).toBe("Confirm by link: Summer party");
  });

  it("a signed address acts only for its guest: another sender, or a DMARC fail, gets the guest a link instead", async () => {
    const bos = await seated("bo@example.org", "Bo");
    // Dee (authenticated) answers Bo's address, as a reply-all or a forwarded email would.
    await send({ from: "Dee <dee@example.org>", to: bos, text: "Sorry, I can't make it." });
    // Cy's own domain says the message is forged.
    const cys = await seated("cy@forged.example", "Cy");
    await send({ from: "Cy <cy@forged.example>", to: cys, text: "Sorry, I can't make it." });
    await rt.idle();

    expect((await guest("bo@example.org"))?.status).toBe("confirmed");
    expect((await guest("cy@forged.example"))?.status).toBe("confirmed");
    expect((await mailTo("bo@example.org")).at(-1)?.links.cancel).toMatch(/\/l\/cancel\//);
    expect((await mailTo("cy@forged.example")).at(-1)?.links.cancel).toMatch(/\/l\/cancel\//);
    expect(await mailTo("dee@example.org")).toEqual([]);
  });

  it("a message delivered twice acts once", async () => {
    const address = await seated("bo@example.org", "Bo");
    const reply = {
      from: "Bo <bo@example.org>",
      to: address,
      text: "Can't make it, sorry",
      messageId: "<twice@example.org>",
    };
    // A sending server that lost our 250 sends the same message again.
    await send(reply);
    await send(reply);
    await rt.idle();
    expect((await mailTo("bo@example.org")).map((m) => m.subject)).toEqual([
      "You're in: Summer party",
      "Cancelled: your seat at Summer party",
    ]);
  });

  it("refuses every recipient but the RSVP mailbox at RCPT TO, and more than a few recipients", async () => {
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
    const many = await send({
      from: "ana@example.org",
      to: Array.from({ length: 8 }, (_, i) => `rsvp+${event.eventId}-${i}@${domain}`),
      text: "Yes",
    });
    expect(many.accepted).toHaveLength(smtpLimits.maxRecipients);
  });

  it("a guest who cancelled and then replies yes to their address is registered again, once, with a new confirmation", async () => {
    const address = await seated("bo@example.org", "Bo");
    const bo = await guest("bo@example.org");
    await send({ from: "Bo <bo@example.org>", to: address, text: "Sorry, I can't make it." });
    await rt.idle();
    expect((await guest("bo@example.org"))?.status).toBe("cancelled");

    const yes = {
      from: "Bo <bo@example.org>",
      // The cancellation's Reply-To.
      to: await replyToOf("bo@example.org"),
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

  it("an invited guest's reply to the invitation confirms it", async () => {
    await rt.queue.send([register(event.eventId, "cy@example.org", "Cy", { invite: true, lane: "import" })]);
    await rt.idle();
    await send({
      from: "Cy <cy@example.org>",
      to: await replyToOf("cy@example.org"),
      text: "Yes, happy to come.",
    });
    await rt.idle();
    expect(await guest("cy@example.org")).toMatchObject({ status: "confirmed", lane: "import" });
  });

  it("an offered guest's yes to the offer claims the held seat", async () => {
    const gus = await seated("gus@example.org", "Gus");
    await rt.queue.send([
      setCapacity(event.eventId, 1, { commandId: "cap-1", issuedAt: new Date(event.createdAt) }),
      register(event.eventId, "hal@example.org", "Hal"),
    ]);
    await rt.idle();
    await send({ from: "gus@example.org", to: gus, text: "Sorry, I can't make it." });
    await rt.idle();
    expect((await guest("hal@example.org"))?.status).toBe("offered");

    await send({
      from: "Hal <hal@example.org>",
      to: await replyToOf("hal@example.org"),
      subject: "Re: A seat is free",
      text: "Yes!",
    });
    await rt.idle();
    expect(await guest("hal@example.org")).toMatchObject({
      status: "confirmed",
      lastChange: { action: "claim" },
    });
  });

  it("issue 13: a reply to the host's message is never an RSVP action", async () => {
    await seated("bo@example.org", "Bo");
    await rt.queue.send([messageGuests(event.eventId, "Parking", "Park behind the barn.")]);
    await rt.idle();
    const hostMessage = (await mailTo("bo@example.org")).at(-1)!;
    expect(hostMessage.headers["X-Rsvp-Kind"]).toBe("host-message");
    // The host's words never reply to the lane: to the host's address, or (none given) to nobody.
    expect(hostMessage.headers["Reply-To"]).toBeUndefined();
    // A reply that reaches the event's address still quotes the host message's Message-ID.
    const messageId = outgoingMessageId(hostMessage.key, event.eventId, domain, "host-message");
    await send({
      from: "Bo <bo@example.org>",
      to: replyAddress(),
      inReplyTo: messageId,
      references: [messageId],
      text: "I can't make it.",
    });
    await rt.idle();
    expect((await guest("bo@example.org"))?.status).toBe("confirmed");
    // Neither acted, and neither was answered.
    expect((await mailTo("bo@example.org")).map((m) => m.headers["X-Rsvp-Kind"])).toEqual([
      "confirmed",
      "host-message",
    ]);
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

  it("a message naming no known event: an authenticated sender gets one polite answer that quotes nothing; a forged one gets none", async () => {
    await send({
      from: "Eli <eli@example.org>",
      to: `rsvp+no-such-event@${domain}`,
      subject: "Buy now",
      text: "Count me in",
    });
    await send({ from: "Eli <eli@example.org>", to: `rsvp@${domain}`, text: "Count me in, again" });
    await send({
      from: "Spoofed <victim@forged.example>",
      to: `rsvp@${domain}`,
      subject: "Buy now",
      text: "x",
    });
    await rt.idle();
    expect(await rt.store.listGuests(event.eventId)).toEqual([]);
    const answers = await mailTo("eli@example.org");
    // One answer per sender and day, however many messages.
    expect(answers).toHaveLength(1);
    expect(answers[0]!.headers["Auto-Submitted"]).toBe("auto-replied");
    expect(answers[0]!.text).toContain("could not tell which event");
    expect(answers[0]!.subject).toBe("Your message to rsvp");
    expect(answers[0]!.text).not.toContain("Eli");
    // No backscatter: nothing goes to an address whose domain says it did not send this.
    expect(await mailTo("victim@forged.example")).toEqual([]);
  });
});

describe("the SMTP listener's limits", () => {
  afterEach(async () => {
    await rt.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("one client address holds at most a few connections; an idle one is closed", async () => {
    dir = mkdtempSync(join(tmpdir(), "rsvp-smtp-limits-"));
    rt = await startEmbedded({
      dataDir: dir,
      http: false,
      logger: pino({ level: "silent" }),
      host: "127.0.0.1",
      smtpPort: 0,
      inboundDomain: domain,
      inboundDns: testDns,
      smtpLimits: { maxClientsPerAddress: 2, idleTimeoutMs: 300 },
    });
    /** Opens a connection and resolves with the server's first line (220 welcome, or 421 refused). */
    const open = () =>
      new Promise<{ socket: Socket; greeting: string; closed: Promise<void> }>((resolve, reject) => {
        const socket = connect(rt.smtpPort!, "127.0.0.1");
        const closed = once(socket, "close").then(() => undefined);
        socket.once("data", (d) => resolve({ socket, greeting: d.toString(), closed }));
        socket.once("error", reject);
      });
    const first = await open();
    const second = await open();
    expect(first.greeting).toMatch(/^220/);
    expect(second.greeting).toMatch(/^220/);
    // A third from the same address is turned away at once (others are not: they have their own count).
    const third = await open();
    expect(third.greeting).toMatch(/^421/);
    await third.closed;
    // Saying nothing, the first two are closed by the server (no client-side close here).
    await Promise.all([first.closed, second.closed]);
    const again = await open();
    expect(again.greeting).toMatch(/^220/);
    again.socket.destroy();
  });

  it("issue 13: parsing a huge MIME message does not hold up HTTP requests", async () => {
    dir = mkdtempSync(join(tmpdir(), "rsvp-smtp-bomb-"));
    let parsing: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      parsing = resolve;
    });
    rt = await startEmbedded({
      dataDir: dir,
      port: 0,
      logger: pino({ level: "silent" }),
      host: "127.0.0.1",
      smtpPort: 0,
      inboundDomain: domain,
      inboundDns: testDns,
      // The part limit would refuse it before parsing: lift it, to show the parse itself runs elsewhere.
      mailParser: { maxParts: 10_000_000, maxHeapMb: 1_024, onParseStart: () => parsing() },
    });
    event = newEvent({ eventId: randomBytes(7).toString("hex") });
    await rt.store.createEvent(event);
    const order: string[] = [];
    const transport = createTransport({
      host: "127.0.0.1",
      port: rt.smtpPort!,
      secure: false,
      ignoreTLS: true,
    });
    const delivered = transport
      .sendMail({
        envelope: { from: "mallory@example.org", to: `rsvp+${event.eventId}@${domain}` },
        // 50,000 parts keep a parser busy for over a second (600,000 took 18 s), far longer than one page takes.
        raw: mimeBomb(50_000, { To: `rsvp+${event.eventId}@${domain}` }),
      })
      .then(() => order.push("parsed"));
    await started;
    const page = await fetch(`${rt.url}/e/${event.eventId}`);
    order.push(`http ${page.status}`);
    await delivered;
    transport.close();
    // The page was served while the message was still being read.
    expect(order).toEqual(["http 200", "parsed"]);
  });
});

describe("rsvp start --smtp-port", () => {
  it("receives replies in the real process: guest emails from the background thread carry a signed Reply-To, and a reply to it acts", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "rsvp-reply-start-"));
    const created = await createEventCli(dataDir, { name: "Garden party" });
    const server = await startServer(dataDir, { args: ["--smtp-port", "0", "--inbound-domain", domain] });
    /** The newest email to Fay with this subject, read from the data dir beside the server (WAL). */
    const mailToFay = async (subject: string) => {
      for (let attempt = 0; attempt < 100; attempt++) {
        const { db } = openStores(dataDir);
        try {
          const found = (await new SqliteMailOutbox(db).list()).find(
            (m) => m.to === "fay@example.org" && m.subject === subject,
          );
          if (found) return found;
        } finally {
          db.close();
        }
        await delay(100);
      }
      return null;
    };
    try {
      const port = Number(/SMTP on port (\d+)/.exec(server.output())?.[1]);
      expect(port).toBeGreaterThan(0);
      expect(
        (await registerOverHttp(server.url, created.eventId, { name: "Fay", email: "fay@example.org" }))
          .status,
      ).toBe(202);
      const confirmation = await mailToFay("You're in: Garden party");
      const replyTo = confirmation?.headers["Reply-To"] ?? "";
      expect(replyTo).toMatch(new RegExp(`^rsvp\\+${created.eventId}\\.[^@]+@${domain}$`));

      const transport = createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
      await transport.sendMail({
        from: "Fay <fay@example.org>",
        to: replyTo,
        subject: "Re: You're in: Garden party",
        text: "Sorry, I can't make it after all.",
      });
      transport.close();
      // The background thread applies it within a moment.
      expect(await mailToFay("Cancelled: your seat at Garden party")).not.toBeNull();
    } finally {
      await server.stop(5_000);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
