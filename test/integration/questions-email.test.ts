import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTransport, type SendMailOptions } from "nodemailer";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteMailOutbox } from "../../adapters/local/sqlite-mail-outbox.ts";
import { emailKey } from "../../contracts/common.ts";
import type { EventRecord } from "../../contracts/event.ts";
import { EventSettings } from "../../contracts/settings.ts";
import { type EmbeddedRuntime, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { fakeClock, newEvent, register } from "../helpers/factories.ts";
import { testDns } from "../helpers/inbound-mail.ts";
import { sampleQuestions } from "../helpers/questions.ts";

/**
 * The email lane and the event's questions (issue 15 §1): a reply cannot answer the form's required questions,
 * so a guest who would register by reply without them gets the form link instead of a registration.
 */
const domain = "rsvp.test";
let dir: string;
let rt: EmbeddedRuntime;
let event: EventRecord;

async function send(mail: SendMailOptions) {
  const transport = createTransport({
    host: "127.0.0.1",
    port: rt.smtpPort!,
    secure: false,
    ignoreTLS: true,
  });
  try {
    return await transport.sendMail({ subject: "Re: Summer party", ...mail });
  } finally {
    transport.close();
  }
}
const mailTo = async (to: string) =>
  (await new SqliteMailOutbox(rt.db).list({ limit: 1_000 })).filter((m) => m.to === to).reverse();
const guest = (email: string) => rt.store.findGuestByEmail(event.eventId, emailKey(email));
const replyToOf = async (email: string) => (await mailTo(email)).at(-1)!.headers["Reply-To"]!;

describe("the email lane with required questions", () => {
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "rsvp-questions-email-"));
    rt = await startEmbedded({
      dataDir: dir,
      http: false,
      clock: fakeClock(),
      logger: pino({ level: "silent" }),
      host: "127.0.0.1",
      smtpPort: 0,
      inboundDomain: domain,
      inboundDns: testDns,
    });
    event = newEvent({
      name: "Summer party",
      eventId: randomBytes(7).toString("hex"),
      settings: EventSettings.parse({ questions: sampleQuestions }),
    });
    await rt.store.createEvent(event);
  });
  afterEach(async () => {
    await rt.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function cancelledBy(email: string, name: string, answers: Record<string, unknown>) {
    await rt.queue.send([register(event.eventId, email, name, { answers })]);
    await rt.idle();
    await send({ from: `${name} <${email}>`, to: await replyToOf(email), text: "Sorry, I can't make it." });
    await rt.idle();
    expect((await guest(email))?.status).toBe("cancelled");
  }

  it("a comeback by reply without the required answers gets the form link, not a registration", async () => {
    // Imported guests may hold no answers (a host's list need not answer required questions).
    await cancelledBy("bo@example.org", "Bo", {});
    await send({
      from: "Bo <bo@example.org>",
      to: await replyToOf("bo@example.org"),
      text: "I can come after all!",
      messageId: "<bo-back@example.org>",
    });
    await rt.idle();
    expect((await guest("bo@example.org"))?.status).toBe("cancelled");
    const last = (await mailTo("bo@example.org")).at(-1)!;
    expect(last.subject).toBe("Confirm by link: Summer party");
    expect(last.text).toContain(`/e/${event.eventId}`);
  });

  it("a comeback by reply whose answers stand is registered again, answers kept", async () => {
    await cancelledBy("cy@example.org", "Cy", { diet: "Vegan", photos: true });
    await send({
      from: "Cy <cy@example.org>",
      to: await replyToOf("cy@example.org"),
      text: "I can come after all!",
      messageId: "<cy-back@example.org>",
    });
    await rt.idle();
    expect(await guest("cy@example.org")).toMatchObject({
      status: "confirmed",
      round: 2,
      answers: { diet: "Vegan", photos: true },
    });
  });
});
