import { randomUUID } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import pino from "pino";
import { awsEnv } from "../../../runtime/aws/env.ts";
import { composeInboundMail } from "../../../runtime/aws/inbound-mail.ts";
import type { AwsLocalRuntime } from "../../aws-local/aws-local-runtime.ts";
import { offlineClientConfig, standIn, unsupported } from "../../aws-local/sdk-stand-in.ts";
import { countCall, type Tally } from "../model/tally.ts";
import type { CallCounter } from "./call-counter.ts";
import type { RunClock } from "./run-clock.ts";

/** The email-reply lane's domain: the runtime is started with it, and the replies are sent to it. */
export const inboundDomain = "rsvp.example.org";
/** Bytes of a received reply (what SES stores in S3 and bills in 256 KB chunks). */
const replyChunkBytes = 256 * 1024;

/** The measured run's replies to the invitation by email, through the inbound-mail Lambda's handler. */
export class EmailReplies {
  /** How often the inbound-mail Lambda ran. */
  invocations = 0;
  readonly #rt: AwsLocalRuntime;
  /** The counted client the runtime's tables are read and written with. */
  readonly #dynamo: DynamoDBClient;
  readonly #counter: CallCounter;
  readonly #clock: RunClock;
  readonly #eventId: string;
  #handler: ((event: unknown) => Promise<unknown>) | null = null;
  readonly #replies = new Map<string, Buffer>();

  constructor(
    rt: AwsLocalRuntime,
    dynamo: DynamoDBClient,
    counter: CallCounter,
    clock: RunClock,
    eventId: string,
  ) {
    this.#rt = rt;
    this.#dynamo = dynamo;
    this.#counter = counter;
    this.#clock = clock;
    this.#eventId = eventId;
  }

  get #tally(): Tally {
    return this.#counter.tally;
  }

  /** A reply to the invitation by email: SES stores it in S3 and the inbound-mail Lambda handles it. */
  async reply(email: string, name: string): Promise<void> {
    const key = `inbound/${randomUUID()}`;
    const raw = Buffer.from(
      [
        // SES puts its verdicts on top of the message it stores; the sender's domain vouches for them.
        `Authentication-Results: amazonses.com; spf=pass smtp.mailfrom=${email}; dkim=pass header.i=@example.org; dmarc=pass header.from=example.org;`,
        `From: ${name} <${email}>`,
        `To: rsvp+${this.#eventId}@${inboundDomain}`,
        "Subject: Re: You're invited",
        `Message-ID: <${randomUUID()}@mail.example.org>`,
        `Date: ${this.#clock.now().toUTCString()}`,
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Count me in, thank you!",
        "",
      ].join("\r\n"),
    );
    this.#replies.set(key, raw);
    this.#tally.ses.inboundMessages += 1;
    this.#tally.ses.inboundChunks += Math.ceil(raw.byteLength / replyChunkBytes);
    this.#tally.s3StorageBytes += raw.byteLength;
    countCall(this.#tally, "AWS", "S3.PutObject");
    const handle = this.#inboundHandler();
    this.invocations += 1;
    await this.#counter.runAs("InboundMail", () =>
      handle({
        "detail-type": "Object Created",
        source: "aws.s3",
        detail: { bucket: { name: "rsvp-inbound" }, object: { key } },
      }),
    );
    await this.#rt.idle();
    const answered = this.#rt.ses.sent.some(
      (e) => e.to.includes(email) && e.headers["X-Rsvp-Kind"] === "reply-confirm",
    );
    if (!answered) throw new Error(`the reply of ${email} got no register link`);
  }

  /** The inbound-mail Lambda's handler on the runtime's clients, with S3 in-process (it holds the replies). */
  #inboundHandler(): (event: unknown) => Promise<unknown> {
    if (this.#handler) return this.#handler;
    const replies = this.#replies;
    const s3 = standIn(
      new S3Client(offlineClientConfig),
      "S3",
      async (command, input) => {
        if (command !== "GetObjectCommand") return unsupported("S3", command);
        const body = replies.get((input as { Key: string }).Key);
        if (!body) throw new Error("no such object");
        return { Body: { transformToByteArray: async () => new Uint8Array(body) } };
      },
      new Map(),
    );
    this.#counter.attach(s3, "rsvpLocalS3");
    const env = {
      ...this.#rt.env,
      [awsEnv.inboundBucket]: "rsvp-inbound",
      [awsEnv.inboundDomain]: inboundDomain,
    };
    this.#handler = composeInboundMail(
      env,
      { dynamo: this.#dynamo, sqs: this.#rt.sqs.client, secrets: this.#rt.secrets.client, s3 },
      this.#clock,
      pino({ level: "silent" }),
    );
    return this.#handler;
  }
}
