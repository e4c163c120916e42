/**
 * A send job: one email, rendered, on its way from the change stream (the messenger) to the mail path that
 * sends it paced to the account's rate (on AWS a standard SQS queue and the Send function; see
 * docs/aws-deployment.md#mail). The stream only renders and enqueues, so a rush's confirmations never wait
 * behind another email's send in the event's single stream shard.
 *
 * The email's `key` is its idempotency key (the mail claim's): a job delivered twice, or enqueued twice by a
 * redelivered change, sends one email. `attempt` counts the times the job was put back because SES throttled
 * or another delivery held the key; it sets the next backoff and is not a failure count (a throttled email is
 * never given up on).
 */
import * as z from "zod";

/** The most bytes of a job's body: a standard SQS queue takes 256 KiB in one message. */
export const maxSendJobBytes = 262_144;

const Attachment = z.object({
  filename: z.string().min(1).max(200),
  contentType: z.string().min(1).max(200),
  content: z.string(),
  encoding: z.literal("base64").optional(),
  cid: z.string().max(200).optional(),
});

/** The email as the Mailer port takes it (core/ports.ts `OutgoingEmail`). */
export const SendJobEmail = z.object({
  key: z.string().min(1).max(512),
  eventId: z.string().min(1).max(64),
  guestId: z.string().min(1).max(64).nullable(),
  to: z.string().min(3).max(320),
  fromName: z.string().max(200).optional(),
  subject: z.string().min(1).max(2_000),
  text: z.string(),
  html: z.string(),
  links: z.record(z.string(), z.string()),
  attachments: z.array(Attachment).max(10),
  headers: z.record(z.string(), z.string()),
});

/** One email to send, and how many times it was put back to wait. */
export const SendJob = z.object({
  v: z.literal(1),
  email: SendJobEmail,
  attempt: z.number().int().min(0).max(1_000_000).default(0),
});
export type SendJob = z.infer<typeof SendJob>;

/** A job's body as queued: JSON of the job. */
export function sendJobBody(job: SendJob): string {
  return JSON.stringify(job);
}

/** The job a body holds, or why it holds none (a body that never parses can never be sent). */
export function parseSendJob(body: string): { ok: true; job: SendJob } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, error: "the body is not JSON" };
  }
  const parsed = SendJob.safeParse(json);
  return parsed.success
    ? { ok: true, job: parsed.data }
    : { ok: false, error: z.prettifyError(parsed.error).slice(0, 500) };
}
