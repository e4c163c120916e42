import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { sdkStreamMixin } from "@smithy/util-stream";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteMailOutbox } from "../../adapters/local/sqlite-mail-outbox.ts";
import { emailKey } from "../../contracts/common.ts";
import { guestReplyAddress } from "../../core/mail-identity.ts";
import { inboundMailHandler } from "../../runtime/aws/handlers/s3-inbound-mail-handler.ts";
import { openStores, type Stores } from "../../runtime/embedded/stores.ts";
import { baseTime, fakeClock, newEvent, register } from "../helpers/factories.ts";
import { testKeyring, testLinkMinter } from "../helpers/link-minter.ts";
import { applyOffline, queuedCommands } from "../helpers/offline-data-dir.ts";

/**
 * The AWS side of the email-reply lane: S3 is mocked at the SDK boundary (the object SES receipt wrote);
 * the store, queue and mailer behind the lane are the real SQLite ones.
 */

const client = new S3Client({
  region: "eu-west-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});
const s3 = mockClient(client);
const bucket = "rsvp-inbound-mail";

const rsvp = { domain: "rsvp.example.org" };
const keyring = testKeyring();
let dir: string;
let stores: Stores;
let eventId: string;
/** Ana's signed reply address: Ana is a confirmed guest. */
let anasAddress: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "rsvp-s3-inbound-"));
  stores = openStores(dir);
  // An id as rsvp mints them (14 characters): a signed reply address then fits in a local part.
  const event = newEvent({ eventId: randomBytes(7).toString("hex") });
  eventId = event.eventId;
  await stores.store.createEvent(event);
  applyOffline(dir, eventId, [register(eventId, "ana@example.org", "Ana Lima")], baseTime);
  const ana = await stores.store.findGuestByEmail(eventId, emailKey("ana@example.org"));
  anasAddress = guestReplyAddress({ eventId, guestId: ana!.guestId, purpose: "rsvp" }, keyring, rsvp)!;
});

afterEach(() => {
  s3.reset();
  stores.db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A message as SES receipt stores it: its verdict headers on top of what the sender wrote. */
function sesObject(opts: {
  spam?: string;
  virus?: string;
  from?: string;
  to?: string;
  body?: string;
  id?: string;
  /** SES's Authentication-Results (on top), then any the sender wrote (below). */
  authResults?: string;
  forgedAuthResults?: string;
}) {
  return [
    ...(opts.authResults ? [`Authentication-Results: amazonses.com; ${opts.authResults}`] : []),
    "Return-Path: <ana@example.org>",
    `X-SES-Spam-Verdict: ${opts.spam ?? "PASS"}`,
    `X-SES-Virus-Verdict: ${opts.virus ?? "PASS"}`,
    ...(opts.forgedAuthResults ? [`Authentication-Results: amazonses.com; ${opts.forgedAuthResults}`] : []),
    `From: ${opts.from ?? "Ana Lima <ana@example.org>"}`,
    `To: ${opts.to ?? anasAddress}`,
    "Subject: Re: You're invited",
    `Message-ID: <${opts.id ?? "m1"}@example.org>`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    opts.body ?? "Count me in!",
    "",
  ].join("\r\n");
}

const body = (text: string) => sdkStreamMixin(Readable.from([Buffer.from(text)]));

const s3Notification = (...keys: string[]) => ({
  Records: keys.map((key) => ({ eventSource: "aws:s3", s3: { bucket: { name: bucket }, object: { key } } })),
});

function handler() {
  const clock = fakeClock();
  return inboundMailHandler({
    s3: client,
    bucket,
    reader: stores.store,
    queue: stores.queue,
    mailer: new SqliteMailOutbox(stores.db),
    clock,
    config: { rsvp },
    keyring: () => keyring,
    links: testLinkMinter(keyring, clock),
    registerUrl: (id) => `http://rsvp.test/e/${id}`,
  });
}

const queued = () => queuedCommands(stores.db);
const outbox = () => new SqliteMailOutbox(stores.db).list();

/** SES's receipt notification through SNS: the verdicts, and the S3 object its action stored. */
const snsReceipt = (key: string, verdicts: { dmarc?: string; spam?: string }) => ({
  Records: [
    {
      EventSource: "aws:sns",
      Sns: {
        Message: JSON.stringify({
          notificationType: "Received",
          receipt: {
            spamVerdict: { status: verdicts.spam ?? "PASS" },
            virusVerdict: { status: "PASS" },
            spfVerdict: { status: "PASS" },
            dkimVerdict: { status: "PASS" },
            dmarcVerdict: { status: verdicts.dmarc ?? "PASS" },
            action: { type: "S3", bucketName: bucket, objectKey: key },
          },
        }),
      },
    },
  ],
});

describe("the S3 inbound-mail handler", () => {
  it("reads the object SES wrote (URL-encoded key) and queues the guest's reply to her signed address on lane email", async () => {
    s3.on(GetObjectCommand, { Bucket: bucket, Key: "inbound/a b+c.eml" }).resolves({
      Body: body(sesObject({ body: "Sorry, I can't make it." })),
    });

    const [result] = await handler()(s3Notification("inbound/a+b%2Bc.eml"));

    expect(result).toMatchObject({
      outcome: "queued",
      command: { type: "cancel", lane: "email", eventId },
    });
    expect(queued()).toMatchObject([{ type: "cancel", lane: "email" }]);
  });

  it("an object announced twice queues one command", async () => {
    s3.on(GetObjectCommand, { Key: "inbound/once.eml" }).callsFake(() => ({ Body: body(sesObject({})) }));
    // S3 and EventBridge deliver at least once; Lambda retries a failed invocation.
    await handler()(s3Notification("inbound/once.eml"));
    await handler()(s3Notification("inbound/once.eml"));
    expect(queued()).toHaveLength(1);
  });

  it("honours SES's spam and virus verdicts: a FAIL registers nobody and is not answered", async () => {
    s3.on(GetObjectCommand, { Key: "spam" }).resolves({ Body: body(sesObject({ spam: "FAIL" })) });
    s3.on(GetObjectCommand, { Key: "virus" }).resolves({
      Body: body(sesObject({ virus: "FAIL", id: "m2" })),
    });

    const results = await handler()(s3Notification("spam", "virus"));

    expect(results.map((r) => [r.outcome, r.decision.reason])).toEqual([
      ["dropped", "spam"],
      ["dropped", "virus"],
    ]);
    expect(queued()).toEqual([]);
    expect(await new SqliteMailOutbox(stores.db).list()).toEqual([]);
  });

  it('takes EventBridge\'s "Object Created" event too', async () => {
    s3.on(GetObjectCommand, { Key: "inbound/x.eml" }).resolves({
      Body: body(
        sesObject({
          from: "Bo <bo@example.org>",
          to: `rsvp+${eventId}@rsvp.example.org`,
          body: "Sorry, I can't make it.",
        }),
      ),
    });
    const [result] = await handler()({
      "detail-type": "Object Created",
      source: "aws.s3",
      detail: { bucket: { name: bucket }, object: { key: "inbound/x.eml" } },
    });
    // Bo is not on the list, so there is nobody to cancel.
    expect(result).toMatchObject({ outcome: "dropped", decision: { reason: "not-a-guest" } });
  });

  it("handles the other objects, then fails the invocation so Lambda retries the one it could not read", async () => {
    s3.on(GetObjectCommand, { Key: "good" }).resolves({ Body: body(sesObject({})) });
    s3.on(GetObjectCommand, { Key: "gone" }).rejects(
      Object.assign(new Error("Access Denied"), { name: "AccessDenied" }),
    );

    await expect(handler()(s3Notification("gone", "good"))).rejects.toThrow("Access Denied");
    expect(queued()).toHaveLength(1);
  });

  it("DMARC fail in SES's receipt keeps even a signed reply from acting: the guest gets a confirmation link", async () => {
    s3.on(GetObjectCommand, { Key: "inbound/forged.eml" }).resolves({
      Body: body(sesObject({ body: "Sorry, I can't make it." })),
    });
    const [result] = await handler()(snsReceipt("inbound/forged.eml", { dmarc: "FAIL" }));
    expect(result).toMatchObject({ outcome: "confirm-by-link", why: "DMARC fail", answered: true });
    expect(queued()).toEqual([]);
    const [link] = await outbox();
    expect(link).toMatchObject({ to: "ana@example.org", headers: { "X-Rsvp-Kind": "reply-confirm" } });
    expect(link!.links.cancel).toMatch(/^http:\/\/rsvp\.test\/l\/cancel\//);
  });

  it("DMARC fail in the Authentication-Results SES put on top counts too; a forged pass below it does not", async () => {
    s3.on(GetObjectCommand, { Key: "on-top" }).resolves({
      Body: body(
        sesObject({
          body: "Sorry, I can't make it.",
          authResults: "spf=fail; dmarc=fail",
          forgedAuthResults: "dmarc=pass",
        }),
      ),
    });
    const [result] = await handler()(s3Notification("on-top"));
    expect(result).toMatchObject({ outcome: "confirm-by-link", why: "DMARC fail" });
    expect(queued()).toEqual([]);
  });

  it("a stranger's yes to the event address registers nobody: answered with the register page only when SES says DMARC pass", async () => {
    // SES's own verdict on top; the sender's forged "pass" below it.
    const stranger = (id: string, sesSays: string) =>
      body(
        sesObject({
          from: "Eve <eve@example.net>",
          to: `rsvp+${eventId}@rsvp.example.org`,
          id,
          authResults: sesSays,
          forgedAuthResults: "dmarc=pass",
        }),
      );
    s3.on(GetObjectCommand, { Key: "forged" }).resolves({ Body: stranger("e1", "spf=none; dmarc=none") });
    s3.on(GetObjectCommand, { Key: "vouched" }).resolves({
      Body: stranger("e2", "dmarc=pass header.from=example.net"),
    });

    const [unverified] = await handler()(s3Notification("forged"));
    expect(unverified).toMatchObject({ outcome: "dropped", decision: { reason: "unverified-sender" } });
    expect(await outbox()).toEqual([]);

    const [vouched] = await handler()(s3Notification("vouched"));
    expect(vouched).toMatchObject({ outcome: "confirm-by-link", answered: true });
    const [answer] = await outbox();
    expect(answer).toMatchObject({ to: "eve@example.net" });
    expect(answer!.text).toContain(`http://rsvp.test/e/${eventId}`);
    // Nothing of the sender's message comes back: not the subject, not the name.
    expect(answer!.subject).not.toContain("invited");
    expect(answer!.text).not.toContain("Eve");
    expect(queued()).toEqual([]);
  });

  it("refuses an object of another bucket", async () => {
    await expect(
      handler()({ Records: [{ s3: { bucket: { name: "other" }, object: { key: "k" } } }] }),
    ).rejects.toThrow("not of rsvp-inbound-mail");
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
  });
});
