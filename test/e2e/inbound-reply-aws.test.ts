import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { sdkStreamMixin } from "@smithy/util-stream";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, inject, it } from "vitest";
import { SqsSendDeadLetters } from "../../adapters/aws/sqs-send-dead-letters.ts";
import { awsEnv } from "../../runtime/aws/env.ts";
import { type AwsLocalRuntime, inboundBucket } from "../../tools/aws-local/aws-local-runtime.ts";
import { dynamoLocalClient } from "../helpers/dynamo-local.ts";
import { type Lifecycle, startAwsLifecycle } from "../helpers/lifecycle-harness.ts";

// On AWS the email-reply lane's one answer (here: the register page's link for someone not on the list) is a
// send job, not an SES call of the inbound-mail function: the Send function sends it like every other email,
// paced to the account's rate, put back while SES throttles, and set aside as a dead letter when SES refuses it.
// S3 is mocked at the SDK boundary (the objects SES receipt wrote); everything else is the in-process AWS
// runtime on DynamoDB Local.

const domain = "rsvp.example.org";
const dynamoEndpoint = inject("dynamoEndpoint");
const client = new S3Client({
  region: "eu-west-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});
const s3 = mockClient(client);

/** A reply from someone not on the list, as SES stores it: its DMARC pass on top. */
function storedReply(eventId: string, from: string): string {
  const domainOf = from.slice(from.indexOf("@") + 1);
  return [
    `Authentication-Results: amazonses.com; spf=pass smtp.mailfrom=${from}; dkim=pass header.i=@${domainOf}; dmarc=pass header.from=${domainOf};`,
    `From: ${from}`,
    `To: rsvp+${eventId}@${domain}`,
    "Subject: Re: You're invited",
    `Message-ID: <${randomUUID()}@${domainOf}>`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Count me in, thank you!",
    "",
  ].join("\r\n");
}

/** SES stores each reply under its own key; EventBridge announces it to the inbound-mail function. */
function received(eventId: string, from: string) {
  const key = `inbound/${randomUUID()}`;
  const stored = storedReply(eventId, from);
  // A fresh body per read: a retried invocation reads the object again.
  s3.on(GetObjectCommand, { Bucket: inboundBucket, Key: key }).callsFake(() => ({
    Body: sdkStreamMixin(Readable.from([Buffer.from(stored)])),
  }));
  return {
    "detail-type": "Object Created",
    source: "aws.s3",
    detail: { bucket: { name: inboundBucket }, object: { key } },
  };
}

describe.skipIf(startAwsLifecycle === null)("the email-reply lane's answer on the AWS runtime", () => {
  let life: Lifecycle<AwsLocalRuntime>;
  afterEach(async () => {
    s3.reset();
    await life.stop();
  });

  const answersTo = async (address: string) =>
    (await life.mail(address)).filter((m) => m.subject.length > 0 && m.text.includes(`/e/${life.eventId}`));

  it("is queued as a send job and sent by the Send function, once, even when the function runs twice", async () => {
    life = await startAwsLifecycle!({}, { inboundDomain: domain, s3: client });
    const event = received(life.eventId, "zoe@example.org");

    await life.rt.receiveMail!(event);
    // The inbound-mail function called no SES: the answer waits on the send queue.
    expect(life.rt.ses.calls.size).toBe(0);
    expect(life.rt.sendQueue.visibleDepth()).toBe(1);

    // Lambda retries an asynchronous invocation: the same message read again queues the same email again.
    await life.rt.receiveMail!(event);
    await life.settle();

    const answers = await answersTo("zoe@example.org");
    expect(answers).toHaveLength(1);
    expect(answers[0]!.subject).toContain(life.event.name);
    expect(life.rt.invocations.send).toBeGreaterThan(0);
    expect(life.rt.sendQueue.deadLetters).toEqual([]);
    // Nobody was registered: only a signed per-guest reply address acts.
    expect(await life.rt.store.listGuests(life.eventId)).toEqual([]);
  });

  it("rides out SES throttling: answers refused for the rate wait on the queue and go again, none lost", async () => {
    life = await startAwsLifecycle!({}, { inboundDomain: domain, s3: client, sesMaxSendRate: 1 });
    const senders = Array.from({ length: 6 }, (_, i) => `sender${i}@example.org`);
    for (const from of senders) await life.rt.receiveMail!(received(life.eventId, from));
    await life.settle();

    for (const from of senders) expect(await answersTo(from), from).toHaveLength(1);
    expect(life.rt.ses.throttled).toBeGreaterThan(0);
    expect(life.rt.sendQueue.deadLetters).toEqual([]);
  });

  it("sets an answer SES refuses aside as a dead letter of the send queue, with SES's reason", async () => {
    life = await startAwsLifecycle!({}, { inboundDomain: domain, s3: client });
    life.rt.ses.rejectFor.add("unverified@example.org");
    await life.rt.receiveMail!(received(life.eventId, "unverified@example.org"));
    await life.rt.idle();

    expect(await answersTo("unverified@example.org")).toEqual([]);
    expect(life.rt.sendQueue.deadLetters).toHaveLength(1);
    // Listed as the operator lists it, with SES's reason (noted beside the email's claim), the address hidden.
    const letters = new SqsSendDeadLetters({
      client: life.rt.sqs.client,
      deadLetterQueueUrl: life.rt.sendQueue.deadLetterUrl,
      sendQueueUrl: life.rt.sendQueue.url,
      refusals: {
        dynamo: dynamoLocalClient(dynamoEndpoint as string),
        mailTable: life.rt.env[awsEnv.mailTable]!,
      },
    });
    const [letter] = (await letters.list()).letters;
    expect(letter!.command).toMatchObject({ type: "reply-confirm", to: "[email]@example.org" });
    expect(letter!.lastError).toMatch(/^MessageRejected: .*\[email\]@example\.org/);
    expect(letter!.lastError).not.toContain("unverified@");
  });
});
