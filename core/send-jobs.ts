/**
 * What becomes of a send job (contracts/send-job.ts) after one try: the decisions of the mail path, apart from
 * the queue and SES that carry them out (adapters/aws/ses-mailer.ts claims, runtime/aws/handlers/
 * sqs-send-handler.ts acts). Pure.
 *
 * An email's key is claimed before it is sent (`sending`, with the instant), and marked `sent` after. A claim
 * is a lease: an invocation that claimed and then died (timed out, crashed) never marks it, so once the lease
 * has run out the key may be claimed again and the email sent. The lease is longer than the sending function
 * can live, so a claim within it belongs to a delivery that may still be sending: a second delivery of the same
 * job waits for the lease rather than dropping the email or sending it twice.
 */

/**
 * A mail claim as stored: who holds the key, and since when. A claim is only ever `sending` or `sent`: a send
 * SES refused gives its claim back (no claim: the next delivery claims again), and the refusal's reason is a
 * note of its own beside it (`MAIL#<key>`/`REFUSED`, adapters/aws/mail-refusals.ts), not a state; an email
 * whose guest was erased is dropped before it is claimed (`erased` below). The embedded outbox claims nothing:
 * its rows' `outbox`/`pending`/`sent`/`failed` are delivery states (`MailState` in core/ports.ts).
 */
export interface MailClaim {
  state: "sending" | "sent";
  /** When it was claimed, UTC ISO-8601. */
  claimedAt: string;
}

/** Why a key could not be claimed, read from the claim that stood in the way (null: it is gone again). */
export type ClaimVerdict =
  /** Sent already: nothing more to do. */
  | { kind: "duplicate" }
  /** Held by a delivery that may still be sending: try again once its lease has run out. */
  | { kind: "held"; until: Date }
  /** The claim ran out or was released in between: claim again now. */
  | { kind: "retry" };

/** The instant before which a `sending` claim has outlived its lease and may be taken over. */
export function leaseExpiredBefore(now: Date, leaseMs: number): Date {
  return new Date(now.getTime() - leaseMs);
}

/** What a claim that refused ours means, at `now`, with leases of `leaseMs`. */
export function claimVerdict(claim: MailClaim | null, now: Date, leaseMs: number): ClaimVerdict {
  if (!claim) return { kind: "retry" };
  if (claim.state === "sent") return { kind: "duplicate" };
  const until = Date.parse(claim.claimedAt) + leaseMs;
  return until > now.getTime() ? { kind: "held", until: new Date(until) } : { kind: "retry" };
}

/** How one try of a job ended. */
export type SendTry =
  | { kind: "sent" }
  | { kind: "duplicate" }
  /** The guest it is for was erased (or is gone) since it was queued: never sent (core/mail-recipient.ts). */
  | { kind: "erased" }
  | { kind: "held"; until: Date }
  /** SES refused for the sending rate: the email was not taken. */
  | { kind: "throttled" }
  /** Anything else: the job fails this delivery (the queue redelivers it, then sets it aside). */
  | { kind: "failed"; error: string };

/** What to do with the job next. */
export type SendStep =
  | { kind: "done" }
  /** Put the job back, to show again after `delaySeconds`, with its `attempt` counted up. */
  | { kind: "later"; delaySeconds: number; attempt: number }
  | { kind: "fail"; error: string };

/** The longest a job can wait in the queue before it shows again (SQS's DelaySeconds: 15 minutes). */
export const maxDelaySeconds = 900;

/**
 * The wait after the `attempt`-th throttling: 1, 2, 4, … seconds, at most a minute, with up to a quarter more
 * of `jitter` (0..1) so that jobs throttled together do not come back together.
 */
export function throttleBackoffSeconds(attempt: number, jitter: number): number {
  const base = Math.min(60, 2 ** Math.min(attempt, 6));
  return Math.max(
    1,
    Math.min(maxDelaySeconds, Math.round(base * (1 + Math.min(1, Math.max(0, jitter)) / 4))),
  );
}

/**
 * The next step of a job after a try, at `now`. A throttled job waits and comes back however often SES asks:
 * it is never given up on. A held key comes back when its lease runs out (a second past it).
 */
export function nextSendStep(tried: SendTry, attempt: number, now: Date, jitter: number): SendStep {
  switch (tried.kind) {
    case "sent":
    case "duplicate":
    case "erased":
      return { kind: "done" };
    case "held": {
      const seconds = Math.ceil((tried.until.getTime() - now.getTime()) / 1000) + 1;
      return {
        kind: "later",
        delaySeconds: Math.min(maxDelaySeconds, Math.max(1, seconds)),
        attempt: attempt + 1,
      };
    }
    case "throttled":
      return { kind: "later", delaySeconds: throttleBackoffSeconds(attempt, jitter), attempt: attempt + 1 };
    case "failed":
      return { kind: "fail", error: tried.error };
  }
}
