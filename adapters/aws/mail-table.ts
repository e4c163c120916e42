/**
 * The mail table's time to live: DynamoDB deletes an item some time after the epoch second its `expiresAt`
 * holds. The send-once claims (`MAIL#<key>`/`MAIL`, ses-mailer.ts) and the refusal notes beside them
 * (`MAIL#<key>`/`REFUSED`, mail-refusals.ts) carry it; the bounce and complaint records (`PROBLEM#<event>`,
 * delivery-feedback.ts) do not: they are the host's, for as long as the event is kept. The stack names the
 * attribute as the table's TTL (stacks/stateful-stack.ts).
 */

/** The mail table's TTL attribute (epoch seconds). */
export const mailTtlAttribute = "expiresAt";

/**
 * How long a claim and its refusal note are kept: well beyond the longest any delivery of their email can come
 * (a send job lives at most 14 days, in the send queue's dead letters; a stream record 24 hours), so send-once
 * holds for as long as the email can be asked for.
 */
export const claimLifetimeDays = 30;

/** When an item written at `now` expires, as the TTL attribute holds it. */
export function mailExpiry(now: Date): number {
  return Math.floor(now.getTime() / 1000) + claimLifetimeDays * 24 * 60 * 60;
}
