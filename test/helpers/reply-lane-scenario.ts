import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTransport, type SendMailOptions, type SMTPSentMessageInfo } from "nodemailer";
import pino from "pino";
import { afterEach, beforeEach } from "vitest";
import { SqliteMailOutbox } from "../../adapters/local/sqlite-mail-outbox.ts";
import { emailKey } from "../../contracts/common.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import type { StoredEmail } from "../../core/mail-ports.ts";
import { type EmbeddedRuntime, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { fakeClock, newEvent } from "./factories.ts";
import { testDns } from "./inbound-mail.ts";
import { startedOr } from "./started.ts";

/** A client of the runtime's SMTP listener, as a mail server forwarding the RSVP mailbox would be. */
const transportTo = (port: number) =>
  createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });

/** The inbound domain of every reply-lane scenario: `rsvp+EVENT@rsvp.test`, per-guest addresses below it. */
export const laneDomain = "rsvp.test";

/** What a reply-lane test drives; valid inside the block's tests (each test gets a fresh runtime and event). */
export interface ReplyLaneScenario {
  runtime(): EmbeddedRuntime;
  event(): EventRecord;
  /** Sends one message to the runtime's SMTP listener, as a mail server forwarding the RSVP mailbox would. */
  send(mail: SendMailOptions): Promise<SMTPSentMessageInfo>;
  /** The guest of this event with that address, if any. */
  guest(email: string): Promise<GuestRecord | null>;
  /** The outbox's emails to one address, oldest first. */
  mailTo(to: string): Promise<StoredEmail[]>;
  /** The Reply-To (the signed per-guest reply address) of the newest email to that address. */
  replyToOf(email: string): Promise<string>;
}

/**
 * Registers, in the calling describe block, a beforeEach that starts the embedded runtime with its SMTP
 * listener on a loopback port (no HTTP, a fake clock, the test DNS) on a fresh data dir named
 * `rsvp-<name>-…`, and creates one event (`newEvent` with `event`'s fields and a random id); and an afterEach
 * that stops it and removes the dir. `defaults` fill in a sent message (e.g. its subject).
 */
export function replyLaneScenario(
  name: string,
  event: Partial<EventRecord> = {},
  defaults: Partial<SendMailOptions> = {},
): ReplyLaneScenario {
  let dir: string | undefined;
  let rt: EmbeddedRuntime | undefined;
  let ev: EventRecord | undefined;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), `rsvp-${name}-`));
    rt = await startEmbedded({
      dataDir: dir,
      http: false,
      clock: fakeClock(),
      logger: pino({ level: "silent" }),
      host: "127.0.0.1",
      smtpPort: 0,
      inboundDomain: laneDomain,
      inboundDns: testDns,
    });
    ev = newEvent({ name: "Summer party", eventId: randomBytes(7).toString("hex"), ...event });
    await rt.store.createEvent(ev);
  });

  afterEach(async () => {
    try {
      await rt?.stop();
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });

  const started = startedOr("reply lane");
  const runtime = () => started(rt, "runtime");
  const mailTo = async (to: string) =>
    (await new SqliteMailOutbox(runtime().db).list({ limit: 1_000 })).filter((m) => m.to === to).reverse();
  return {
    runtime,
    event: () => started(ev, "event"),
    async send(mail) {
      const transport = transportTo(runtime().smtpPort!);
      try {
        return await transport.sendMail({ ...defaults, ...mail });
      } finally {
        transport.close();
      }
    },
    guest: (email) => runtime().store.findGuestByEmail(started(ev, "event").eventId, emailKey(email)),
    mailTo,
    replyToOf: async (email) => (await mailTo(email)).at(-1)!.headers["Reply-To"]!,
  };
}
