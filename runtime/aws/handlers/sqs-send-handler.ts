import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { parseSendJob, type SendJob } from "../../../contracts/send-job.ts";
import type { OutgoingEmail } from "../../../core/mail-ports.ts";
import type { Clock } from "../../../core/ports.ts";
import { nextSendStep, type SendTry } from "../../../core/send-jobs.ts";

/** A send job whose body never parses: it fails every delivery and ends in the send queue's dead letters. */
export class UnreadableSendJobError extends Error {
  override readonly name = "UnreadableSendJobError";
}

export interface SendHandlerDeps {
  /**
   * Sends one email in the next slot of the account's rate, once per key (SesMailer.deliver behind a pacer):
   * `duplicate` when it was sent before, `held` while another delivery's lease on its key runs, `erased` when
   * the guest it is for was erased since it was queued (nothing is sent, ever). Throws when SES
   * refuses it; `isThrottled` tells a refusal for the sending rate.
   */
  deliver(email: OutgoingEmail): Promise<Exclude<SendTry, { kind: "throttled" } | { kind: "failed" }>>;
  isThrottled(error: unknown): boolean;
  /** Puts a job back on the queue, to show again after `delaySeconds`. */
  later(job: SendJob, delaySeconds: number): Promise<void>;
  clock: Clock;
  /** 0..1, spreads the backoff of jobs throttled together (Math.random by default). */
  jitter?: () => number;
  /** Told once per job that failed its delivery (pino's `error(details, message)` fits). */
  logger?: { error(details: object, message: string): void };
}

/** The Lambda handler of the send queue's event source (partial batch responses on). */
export type SendHandler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;

/**
 * The Send function: each job's email is sent, paced, at most once per key. A job SES throttles, or whose key
 * another delivery holds (a duplicate delivery, or a claim left `sending` by an invocation that timed out), is
 * put back with a delay and counts as handled here: it is never given up on and never spends the queue's
 * receive count, which is kept for jobs that fail (an unreadable body, an email SES refuses): those are
 * reported as batch item failures, redelivered, and set aside in the dead letters after the queue's
 * `maxReceiveCount`.
 */
export function sendHandler(deps: SendHandlerDeps): SendHandler {
  const jitter = deps.jitter ?? Math.random;
  const handleJob = async (record: SQSRecord) => {
    const read = parseSendJob(record.body);
    if (!read.ok) throw new UnreadableSendJobError(`send job ${record.messageId}: ${read.error}`);
    const job = read.job;
    let tried: SendTry;
    try {
      tried = await deps.deliver(job.email as OutgoingEmail);
    } catch (error) {
      tried = deps.isThrottled(error)
        ? { kind: "throttled" }
        : {
            kind: "failed",
            error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          };
    }
    const step = nextSendStep(tried, job.attempt, deps.clock.now(), jitter());
    if (step.kind === "later") await deps.later({ ...job, attempt: step.attempt }, step.delaySeconds);
    else if (step.kind === "fail") throw new Error(step.error);
  };

  return async (event) => {
    // All at once: the pacer behind `deliver` takes them one slot at a time, in order; the claims, reads and
    // put-backs around the sends overlap.
    const results = await Promise.allSettled(event.Records.map(handleJob));
    const batchItemFailures: { itemIdentifier: string }[] = [];
    results.forEach((result, i) => {
      if (result.status === "fulfilled") return;
      const record = event.Records[i]!;
      deps.logger?.error(
        {
          err: result.reason,
          messageId: record.messageId,
          receives: record.attributes.ApproximateReceiveCount,
        },
        "send job failed; it will be delivered again (then set aside)",
      );
      batchItemFailures.push({ itemIdentifier: record.messageId });
    });
    return { batchItemFailures };
  };
}
