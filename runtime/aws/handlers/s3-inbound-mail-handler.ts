/**
 * The email-reply lane on AWS: SES receipt stores each message for the RSVP mailbox in S3; the new object is
 * announced (an S3 event notification, or EventBridge "Object Created") and this handler reads it and puts it
 * through the same lane as the embedded SMTP listener. SES prepends its X-SES-Spam-Verdict and
 * X-SES-Virus-Verdict headers to the stored message; the parser drops a message either calls FAIL.
 *
 * SES's SPF/DKIM/DMARC verdicts count: a DMARC `fail` keeps even a signed reply from acting, and only a
 * `pass` earns an answer to someone not on the guest list. They come from SES's receipt notification when the
 * function is invoked with one (an SES rule's Lambda or SNS action, whose action names the S3 object), else
 * from the Authentication-Results header SES put on top of the stored message.
 */
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import * as z from "zod";
import type { SesVerdicts } from "../../../producers/email/not-a-person.ts";
import {
  handleInboundMail,
  type InboundMailResult,
  type ReplyLaneDeps,
} from "../../../producers/email/reply-lane.ts";
import { type DmarcVerdict, dmarcOfSesStatus } from "../../../producers/email/sender-auth.ts";

export interface InboundMailHandlerDeps extends ReplyLaneDeps {
  s3: S3Client;
  /** Only objects of this bucket are read (the one SES writes to); absent: any. */
  bucket?: string;
  /** Loads the signing keys before the messages are read (a no-op while the cache is fresh). */
  refreshKeyring?: () => Promise<unknown>;
  /** Told of each message's decision and of each failure (pino's `info`/`error(details, message)` fit). */
  logger?: {
    info(details: object, message: string): void;
    error(details: object, message: string): void;
  };
}

/** An S3 event notification: object keys arrive URL-encoded, spaces as "+". */
const S3Notification = z.object({
  Records: z.array(
    z.object({
      s3: z.object({
        bucket: z.object({ name: z.string().min(1) }),
        object: z.object({ key: z.string().min(1) }),
      }),
    }),
  ),
});

/** EventBridge's "Object Created" event of S3: one object, its key as it is. */
const ObjectCreated = z.object({
  "detail-type": z.literal("Object Created"),
  source: z.literal("aws.s3"),
  detail: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({ key: z.string().min(1) }),
  }),
});

/** SES receipt's verdicts, as its Lambda and SNS notifications carry them. */
const Verdict = z.object({ status: z.string() }).optional();
const SesReceipt = z.object({
  receipt: z.object({
    spamVerdict: Verdict,
    virusVerdict: Verdict,
    dmarcVerdict: Verdict,
    action: z.object({ type: z.literal("S3"), bucketName: z.string().min(1), objectKey: z.string().min(1) }),
  }),
});

/**
 * SES receipt notifications: an SNS action's message (JSON in `Sns.Message`) or an SES event whose `ses`
 * holds the receipt. Only those whose action stored the message in S3 name an object to read.
 */
const SesNotifications = z.object({
  Records: z.array(
    z.union([
      z.object({ Sns: z.object({ Message: z.string() }) }),
      z.object({ eventSource: z.literal("aws:ses"), ses: z.unknown() }),
    ]),
  ),
});

/** One message to read: its object, and SES's verdicts when the event carried them. */
interface Announced {
  bucket: string;
  key: string;
  verdicts?: { ses: SesVerdicts; dmarc: DmarcVerdict };
}

function receiptOf(value: unknown): Announced | null {
  const parsed = SesReceipt.safeParse(value);
  if (!parsed.success) return null;
  const { receipt } = parsed.data;
  return {
    bucket: receipt.action.bucketName,
    key: receipt.action.objectKey,
    verdicts: {
      ses: { spam: receipt.spamVerdict?.status, virus: receipt.virusVerdict?.status },
      dmarc: dmarcOfSesStatus(receipt.dmarcVerdict?.status),
    },
  };
}

/** The objects an event announces, by bucket and (decoded) key, with SES's verdicts when it has them. */
function announcedObjects(event: unknown): Announced[] {
  const ses = SesNotifications.safeParse(event);
  if (ses.success)
    return ses.data.Records.map((r) => {
      let body: unknown;
      try {
        body = "Sns" in r ? JSON.parse(r.Sns.Message) : r.ses;
      } catch {
        body = null;
      }
      const receipt = receiptOf(body);
      if (!receipt) throw new InboundMailError("an SES notification without an S3 action");
      return receipt;
    });
  const bridged = ObjectCreated.safeParse(event);
  if (bridged.success)
    return [{ bucket: bridged.data.detail.bucket.name, key: bridged.data.detail.object.key }];
  const notification = S3Notification.parse(event);
  return notification.Records.map((r) => ({
    bucket: r.s3.bucket.name,
    key: decodeURIComponent(r.s3.object.key.replace(/\+/g, " ")),
  }));
}

/** A failure to read or handle one object, named for Lambda's logs and the failed-events destination. */
export class InboundMailError extends Error {
  override readonly name = "InboundMailError";
}

/**
 * The handler: reads every announced object and hands it to the email-reply lane. Expected outcomes (a
 * bounce, an unknown event) are results; a failure to read an object or reach a port fails the invocation
 * after the other objects are done, so Lambda retries it — harmless, since a message's command id derives
 * from its Message-ID and the answer to an unknown event is keyed per sender and day.
 */
export function inboundMailHandler(deps: InboundMailHandlerDeps) {
  return async (event: unknown): Promise<InboundMailResult[]> => {
    const results: InboundMailResult[] = [];
    const failures: unknown[] = [];
    await deps.refreshKeyring?.();
    for (const { bucket, key, verdicts } of announcedObjects(event)) {
      try {
        if (deps.bucket !== undefined && bucket !== deps.bucket)
          throw new InboundMailError(`an object of bucket ${bucket}, not of ${deps.bucket}`);
        const object = await deps.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (!object.Body) throw new InboundMailError(`s3://${bucket}/${key} has no body`);
        const raw = Buffer.from(await object.Body.transformToByteArray());
        // The stored message's top headers are SES's own; the notification's verdicts, when given, win.
        const result = await handleInboundMail(raw, deps, {
          sesHeaders: true,
          ...(verdicts ? { sesVerdicts: verdicts.ses, dmarc: verdicts.dmarc } : {}),
        });
        const { action, reason, eventId, messageId, detail } = result.decision;
        const why = result.outcome === "confirm-by-link" ? result.why : undefined;
        deps.logger?.info(
          { key, outcome: result.outcome, action, reason, eventId, messageId, detail, why },
          "inbound mail",
        );
        results.push(result);
      } catch (error) {
        deps.logger?.error({ err: error, bucket, key }, "an inbound message could not be handled");
        failures.push(error);
      }
    }
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new AggregateError(failures, `${failures.length} inbound messages failed`);
    return results;
  };
}
