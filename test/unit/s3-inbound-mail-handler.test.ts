import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { sdkStreamMixin } from "@smithy/util-stream";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteMailOutbox } from "../../adapters/local/sqlite-mail-outbox.ts";
import { inboundMailHandler } from "../../runtime/aws/handlers/s3-inbound-mail-handler.ts";
import { openStores, type Stores } from "../../runtime/embedded/stores.ts";
import { fakeClock, newEvent } from "../helpers/factories.ts";
import { queuedCommands } from "../helpers/offline-data-dir.ts";

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

let dir: string;
let stores: Stores;
let eventId: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "rsvp-s3-inbound-"));
  stores = openStores(dir);
  const event = newEvent();
  eventId = event.eventId;
  await stores.store.createEvent(event);
});

afterEach(() => {
  s3.reset();
  stores.db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A message as SES receipt stores it: its verdict headers on top of what the sender wrote. */
function sesObject(opts: { spam?: string; virus?: string; from?: string; body?: string; id?: string }) {
  return [
    "Return-Path: <ana@example.org>",
    `X-SES-Spam-Verdict: ${opts.spam ?? "PASS"}`,
    `X-SES-Virus-Verdict: ${opts.virus ?? "PASS"}`,
    `From: ${opts.from ?? "Ana Lima <ana@example.org>"}`,
    `To: rsvp+${eventId}@rsvp.example.org`,
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
  return inboundMailHandler({
    s3: client,
    bucket,
    reader: stores.store,
    queue: stores.queue,
    mailer: new SqliteMailOutbox(stores.db),
    clock: fakeClock(),
    config: { rsvp: { domain: "rsvp.example.org" } },
  });
}

const queued = () => queuedCommands(stores.db);

describe("the S3 inbound-mail handler", () => {
  it("reads the object SES wrote (URL-encoded key) and queues the sender's registration on lane email", async () => {
    s3.on(GetObjectCommand, { Bucket: bucket, Key: "inbound/a b+c.eml" }).resolves({
      Body: body(sesObject({})),
    });

    const [result] = await handler()(s3Notification("inbound/a+b%2Bc.eml"));

    expect(result).toMatchObject({
      outcome: "queued",
      command: { type: "register", lane: "email", eventId },
    });
    expect(queued()).toMatchObject([
      { type: "register", email: "ana@example.org", name: "Ana Lima", lane: "email" },
    ]);
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
      Body: body(sesObject({ body: "Sorry, I can't make it." })),
    });
    const [result] = await handler()({
      "detail-type": "Object Created",
      source: "aws.s3",
      detail: { bucket: { name: bucket }, object: { key: "inbound/x.eml" } },
    });
    // Ana is not on the list, so there is nobody to cancel.
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

  it("refuses an object of another bucket", async () => {
    await expect(
      handler()({ Records: [{ s3: { bucket: { name: "other" }, object: { key: "k" } } }] }),
    ).rejects.toThrow("not of rsvp-inbound-mail");
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
  });
});
