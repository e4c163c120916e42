import { processPartialResponse, SqsFifoPartialProcessorAsync } from "@aws-lambda-powertools/batch";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { readCommandMessage } from "../../../adapters/aws/command-message.ts";
import type { DeliveredMessage, Redelivery } from "../../../adapters/aws/sqs-redelivery.ts";
import { type EventRun, runsByEvent } from "../../../consumers/keeper-consumer.ts";
import type { Command } from "../../../contracts/command.ts";
import { applyCommands, type KeeperOptions } from "../../../core/keeper.ts";
import type { Clock, GuestStore, Timers } from "../../../core/ports.ts";
import { retryTimer } from "../../../core/timer-plan.ts";

export interface KeeperHandlerDeps {
  store: GuestStore;
  clock: Clock;
  keeper?: KeeperOptions;
  /** Sets messages that can never be applied aside at once, and brings failed ones back after a short backoff. */
  redelivery: Redelivery;
  /** Books a timer command that came before its time again, for when it is due (EventBridge Scheduler). */
  timers: Timers;
  /** Told once per run that failed (pino's `error(details, message)` fits). */
  logger?: { error(details: object, message: string): void };
}

/**
 * Whether a failure will stay whatever the retries: the command is invalid as data (a schema or type error,
 * a value out of range) or the service refused the request as the sender's fault for a reason no retry mends
 * (DynamoDB's ValidationException: an item too large, an attribute malformed). Throttling, conflicts, the
 * service's own faults, broken connections and anything unknown may pass, so they are retried.
 */
export function isLastingFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (["ZodError", "TypeError", "RangeError", "SyntaxError"].includes(error.name)) return true;
  const service = error as Error & { $fault?: string; $retryable?: unknown };
  if (service.$fault !== "client" || service.$retryable) return false;
  return !/Throttl|LimitExceeded|Conflict|InProgress|RequestTimeout|TooManyRequests/i.test(error.name);
}

/** Seconds a failed message waits before its next delivery: 1, 2, 4, 8, 16, then 30 (not the queue's 180). */
export function retryBackoffSeconds(receiveCount: number): number {
  return Math.min(30, 2 ** Math.max(0, receiveCount - 1));
}

/** A message the keeper cannot apply as it is: retrying will not change that, so it ends in the DLQ. */
export class UnreadableMessageError extends Error {
  override readonly name = "UnreadableMessageError";
}

/** What the batch holds for one message: its share of a run, or why it cannot be read. */
type Planned = { run: PlannedRun } | { unreadable: UnreadableMessageError };

/** What became of one message of a run: applied, set aside for good (with why), or failed for now. */
type Verdict = { ok: true } | { lasting: string } | { failed: unknown };

/** A run and, once its first message is handled, the one application all its messages wait on. */
interface PlannedRun {
  run: EventRun;
  messageIds: string[];
  applied?: Promise<Map<string, Verdict>>;
}

/**
 * Plans a batch of SQS FIFO records: each readable command joins the run of consecutive commands of its event
 * (`runsByEvent`), and an unreadable message ends every run, so no command after it can be applied in the
 * same run as commands before it.
 */
function planBatch(records: readonly SQSRecord[]): Map<string, Planned> {
  const plan = new Map<string, Planned>();
  let segment: { messageId: string; command: Command }[] = [];
  const endSegment = () => {
    let next = 0;
    for (const run of runsByEvent(segment.map((s) => s.command))) {
      const messageIds = segment.slice(next, next + run.commands.length).map((s) => s.messageId);
      const planned: PlannedRun = { run, messageIds };
      for (const messageId of messageIds) plan.set(messageId, { run: planned });
      next += run.commands.length;
    }
    segment = [];
  };
  for (const record of records) {
    const read = readCommand(record);
    if (read instanceof UnreadableMessageError) {
      endSegment();
      plan.set(record.messageId, { unreadable: read });
    } else segment.push({ messageId: record.messageId, command: read });
  }
  endSegment();
  return plan;
}

function readCommand(record: SQSRecord): Command | UnreadableMessageError {
  const read = readCommandMessage(record.body, record.attributes.MessageGroupId);
  if ("command" in read) return read.command;
  return new UnreadableMessageError(
    `message ${record.messageId} is ${read.reason}${read.detail ? `: ${read.detail}` : ""}`,
  );
}

const delivered = (record: SQSRecord): DeliveredMessage => ({
  messageId: record.messageId,
  receiptHandle: record.receiptHandle,
  body: record.body,
  groupId: record.attributes.MessageGroupId ?? "",
  deduplicationId: record.attributes.MessageDeduplicationId,
});

const describe = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/**
 * Applies a run and books again each timer command the keeper found early (`not-yet`: Scheduler fires anywhere
 * in the minute of its schedule), for the whole minute after it is due; the keeper did not record it as
 * applied, so the copy that comes back is decided afresh. If the booking fails, the run fails with it and its
 * messages come back (the commands applied meanwhile are recognised as such).
 */
async function applyAndRebook(deps: KeeperHandlerDeps, run: EventRun): Promise<void> {
  const results = await applyCommands(deps.store, run.eventId, run.commands, deps.clock, deps.keeper);
  const now = deps.clock.now();
  const retries = results.flatMap(({ commandId, outcome }) => {
    const command = run.commands.find((c) => c.commandId === commandId);
    return outcome.kind === "not-yet" && command ? [retryTimer(command, new Date(outcome.dueAt), now)] : [];
  });
  if (retries.length > 0) await deps.timers.book(retries);
}

/**
 * Applies a run; when it fails for a lasting reason, applies its commands one at a time instead, so that only
 * the command that can never succeed is set aside and the others are applied. A passing failure fails the
 * command it met and every later one of the run (their order must hold), for the queue to bring back soon.
 */
async function applyRun(deps: KeeperHandlerDeps, planned: PlannedRun): Promise<Map<string, Verdict>> {
  const { run, messageIds } = planned;
  const verdicts = new Map<string, Verdict>();
  const log = (error: unknown, commands: readonly Command[]) =>
    deps.logger?.error(
      { err: error, eventId: run.eventId, commands: commands.map((c) => c.commandId) },
      isLastingFailure(error)
        ? "keeper run failed for good; its failing command goes to the dead letters"
        : "keeper run failed; its event's messages are retried shortly",
    );
  try {
    await applyAndRebook(deps, run);
    for (const id of messageIds) verdicts.set(id, { ok: true });
    return verdicts;
  } catch (error) {
    log(error, run.commands);
    if (!isLastingFailure(error) || run.commands.length === 1) {
      const verdict: Verdict = isLastingFailure(error) ? { lasting: describe(error) } : { failed: error };
      for (const id of messageIds) verdicts.set(id, verdict);
      return verdicts;
    }
  }
  for (const [i, command] of run.commands.entries()) {
    const id = messageIds[i] as string;
    try {
      await applyAndRebook(deps, { eventId: run.eventId, commands: [command] });
      verdicts.set(id, { ok: true });
    } catch (error) {
      if (isLastingFailure(error)) {
        verdicts.set(id, { lasting: describe(error) });
        continue;
      }
      for (const rest of messageIds.slice(i)) verdicts.set(rest, { failed: error });
      return verdicts;
    }
  }
  return verdicts;
}

/**
 * The keeper consumer as a Lambda handler on the SQS FIFO command queue (report batch item failures on).
 *
 * Powertools' `SqsFifoPartialProcessorAsync` with `skipGroupOnError` walks the records in order and, once a
 * record of a message group has failed, fails the rest of that group without handling them, so one event's
 * failure holds back only that event. Powertools hands over one record at a time, but the keeper should
 * decide an event's consecutive commands together (several seat requests in one conditional write), so the
 * batch is planned into runs first: a run is applied when its first record is handled, and each of its
 * records succeeds or fails with that one application. A run after a failure of its group is never applied
 * (Powertools skips its records).
 *
 * One bad command never blocks its event: a message that cannot be read, or whose command fails for a lasting
 * reason (`isLastingFailure`), is sent to the dead-letter queue at once, alone, and acknowledged, so the
 * commands behind it are applied in the same batch (were it only failed, every one of them would ride along
 * through the queue's five deliveries and land in the dead letters with it). A message that failed for a
 * passing reason (throttling, a lost connection) comes back after a backoff of seconds
 * (`retryBackoffSeconds`), not the queue's visibility timeout of minutes, and the messages of its group behind
 * it with it. A timer that came before its time is booked again (`applyAndRebook`), never swallowed.
 */
export function keeperHandler(
  deps: KeeperHandlerDeps,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  return async (event, context) => {
    const plan = planBatch(event.Records);
    const recordHandler = async (record: SQSRecord): Promise<void> => {
      const planned = plan.get(record.messageId);
      if (!planned) throw new Error(`message ${record.messageId} was not planned`);
      if ("unreadable" in planned) {
        deps.logger?.error({ err: planned.unreadable }, "unreadable command message set aside");
        return deps.redelivery.deadLetter(delivered(record), planned.unreadable.message);
      }
      planned.run.applied ??= applyRun(deps, planned.run);
      const verdict = (await planned.run.applied).get(record.messageId);
      if (!verdict || "failed" in verdict) throw verdict?.failed ?? new Error("no verdict");
      if ("lasting" in verdict) await deps.redelivery.deadLetter(delivered(record), verdict.lasting);
    };
    // A fresh processor per invocation: it holds the batch's state. When every record failed the response
    // says so like any other (instead of Powertools throwing), and SQS retries each message the same way.
    const response = await processPartialResponse(event, recordHandler, new SqsFifoPartialProcessorAsync(), {
      context,
      skipGroupOnError: true,
      throwOnFullBatchFailure: false,
    });
    await backOff(deps, event.Records, response);
    return response;
  };
}

/** Shortens the failed messages' wait; if that request fails, they come back after the queue's timeout. */
async function backOff(deps: KeeperHandlerDeps, records: readonly SQSRecord[], response: SQSBatchResponse) {
  const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
  if (failed.size === 0) return;
  const retries = records
    .filter((r) => failed.has(r.messageId))
    .map((r) => ({
      message: delivered(r),
      seconds: retryBackoffSeconds(Number(r.attributes.ApproximateReceiveCount) || 1),
    }));
  try {
    await deps.redelivery.retryAfter(retries);
  } catch (error) {
    deps.logger?.error({ err: error }, "failed messages could not be brought back early");
  }
}
