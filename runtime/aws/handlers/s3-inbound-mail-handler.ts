/**
 * The email-reply lane on AWS: SES receipt stores each message for the RSVP mailbox in S3; the new object is
 * announced (an S3 event notification, or EventBridge "Object Created") and this handler reads it and puts it
 * through the same lane as the embedded SMTP listener. SES prepends its X-SES-Spam-Verdict and
 * X-SES-Virus-Verdict headers to the stored message; the parser drops a message either calls FAIL.
 */
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import * as z from "zod";
import {
  handleInboundMail,
  type InboundMailResult,
  type ReplyLaneDeps,
} from "../../../producers/email/reply-lane.ts";

export interface InboundMailHandlerDeps extends ReplyLaneDeps {
  s3: S3Client;
  /** Only objects of this bucket are read (the one SES writes to); absent: any. */
  bucket?: string;
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

/** The objects an event announces, by bucket and (decoded) key. */
function announcedObjects(event: unknown): { bucket: string; key: string }[] {
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
    for (const { bucket, key } of announcedObjects(event)) {
      try {
        if (deps.bucket !== undefined && bucket !== deps.bucket)
          throw new InboundMailError(`an object of bucket ${bucket}, not of ${deps.bucket}`);
        const object = await deps.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (!object.Body) throw new InboundMailError(`s3://${bucket}/${key} has no body`);
        const raw = Buffer.from(await object.Body.transformToByteArray());
        const result = await handleInboundMail(raw, deps);
        const { action, reason, eventId, messageId, detail } = result.decision;
        deps.logger?.info({ key, action, reason, eventId, messageId, detail }, "inbound mail");
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
