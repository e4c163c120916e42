/**
 * The environment the stateless stack gives each Lambda function and `compose()` in each entry reads: one
 * list of names, so the stack and the entries cannot drift apart.
 */
export const awsEnv = {
  guestTable: "RSVP_GUEST_TABLE",
  auditTable: "RSVP_AUDIT_TABLE",
  /** The SES mailer's send-once claims (one item per email key). */
  mailTable: "RSVP_MAIL_TABLE",
  commandQueueUrl: "RSVP_COMMAND_QUEUE_URL",
  /** The command queue's FIFO dead-letter queue: the keeper sets a message it can never apply aside there. */
  commandDeadLetterQueueUrl: "RSVP_COMMAND_DEAD_LETTER_QUEUE_URL",
  /** Scheduler targets name the queue by ARN. */
  commandQueueArn: "RSVP_COMMAND_QUEUE_ARN",
  scheduleGroup: "RSVP_SCHEDULE_GROUP",
  /** Where Scheduler puts a timer it could not deliver (the failed-events queue's ARN). */
  scheduleDeadLetterArn: "RSVP_SCHEDULE_DEAD_LETTER_ARN",
  schedulerRoleArn: "RSVP_SCHEDULER_ROLE_ARN",
  signingKeySecret: "RSVP_SIGNING_KEY_SECRET",
  /** The From address of every email (as in the embedded runtime). */
  mailFrom: "RSVP_MAIL_FROM",
  sesConfigurationSet: "RSVP_SES_CONFIGURATION_SET",
  /** Emails per second one function may send (the SES account's rate); unset: no pacing. */
  sesSendRate: "RSVP_SES_SEND_RATE",
  /** The mail path's standard queue of send jobs (contracts/send-job.ts): the messenger queues, Send sends. */
  sendQueueUrl: "RSVP_SEND_QUEUE_URL",
  /**
   * Bulk emails a second (a host message, the thank-you, a moved event's news) the streams function lets show on
   * the send queue, below the account's rate so a guest's own emails keep a share of it; unset: all at once.
   */
  bulkSendRate: "RSVP_BULK_SEND_RATE",
  /**
   * Seconds a mail claim `sending` is held before another delivery may take it over (longer than the Send
   * function can run, so the holder is dead by then); unset: 5 minutes.
   */
  mailLeaseSeconds: "RSVP_MAIL_LEASE_SECONDS",
  inboundBucket: "RSVP_INBOUND_BUCKET",
  /**
   * The bucket a long guest list is written to as one file (under `exports/`, deleted after a day); absent:
   * the download comes in parts only (docs/aws-guest-list.md).
   */
  exportBucket: "RSVP_EXPORT_BUCKET",
  /** The RSVP mailbox's domain (`rsvp+EVENT@domain`), as in the embedded runtime. */
  inboundDomain: "RSVP_INBOUND_DOMAIN",
  /** The public base URL links are built from; empty → the request's own origin (the Function URL). */
  baseUrl: "RSVP_BASE_URL",
  /**
   * SHA-256 (hex) of the admin token that signs in to the admin area (`/admin`); absent: no admin area. Only the
   * hash is deployed: the owner keeps the token.
   */
  adminTokenHash: "RSVP_ADMIN_TOKEN_HASH",
} as const;

export type AwsEnvName = (typeof awsEnv)[keyof typeof awsEnv];

/** A variable the stack sets; its absence is a deployment bug, so it fails the cold start loudly. */
export function requireEnv(env: NodeJS.ProcessEnv, name: AwsEnvName): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set: this function runs only as deployed by the rsvp stacks`);
  return value;
}
