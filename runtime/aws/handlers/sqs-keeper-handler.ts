import { processPartialResponse, SqsFifoPartialProcessorAsync } from "@aws-lambda-powertools/batch";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { readCommandMessage } from "../../../adapters/aws/command-message.ts";
import { type EventRun, runsByEvent } from "../../../consumers/keeper-consumer.ts";
import type { Command } from "../../../contracts/command.ts";
import type { CommandResult } from "../../../contracts/outcome.ts";
import { applyCommands, type KeeperOptions } from "../../../core/keeper.ts";
import type { Clock, GuestStore } from "../../../core/ports.ts";

export interface KeeperHandlerDeps {
  store: GuestStore;
  clock: Clock;
  keeper?: KeeperOptions;
  /** Told once per run that failed (pino's `error(details, message)` fits). */
  logger?: { error(details: object, message: string): void };
}

/** A message the keeper cannot apply as it is: retrying will not change that, so it ends in the DLQ. */
export class UnreadableMessageError extends Error {
  override readonly name = "UnreadableMessageError";
}

/** What the batch holds for one message: its share of a run, or why it cannot be read. */
type Planned = { run: PlannedRun } | { unreadable: UnreadableMessageError };

/** A run and, once its first message is handled, the one application all its messages wait on. */
interface PlannedRun {
  run: EventRun;
  applied?: Promise<CommandResult[]>;
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
      const planned: PlannedRun = { run };
      for (const { messageId } of segment.slice(next, next + run.commands.length))
        plan.set(messageId, { run: planned });
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

/**
 * The keeper consumer as a Lambda handler on the SQS FIFO command queue (report batch item failures on).
 *
 * Powertools' `SqsFifoPartialProcessorAsync` with `skipGroupOnError` walks the records in order and, once a
 * record of a message group has failed, fails the rest of that group without handling them, so one event's
 * failure holds back only that event. Powertools hands over one record at a time, but the keeper should
 * decide an event's consecutive commands together (several seat requests in one conditional write), so the
 * batch is planned into runs first: a run is applied when its first record is handled, and each of its
 * records succeeds or fails with that one application. A run after a failure of its group is never applied
 * (Powertools skips its records). An unreadable body fails its own record, so after the queue's retries it
 * lands in the dead-letter queue.
 */
export function keeperHandler(
  deps: KeeperHandlerDeps,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  return async (event, context) => {
    const plan = planBatch(event.Records);
    const recordHandler = async (record: SQSRecord): Promise<void> => {
      const planned = plan.get(record.messageId);
      if (!planned) throw new Error(`message ${record.messageId} was not planned`);
      if ("unreadable" in planned) throw planned.unreadable;
      const { run } = planned.run;
      planned.run.applied ??= applyCommands(
        deps.store,
        run.eventId,
        run.commands,
        deps.clock,
        deps.keeper,
      ).catch((error: unknown) => {
        deps.logger?.error(
          { err: error, eventId: run.eventId, commands: run.commands.map((c) => c.commandId) },
          "keeper run failed; its event's messages are retried",
        );
        throw error;
      });
      await planned.run.applied;
    };
    // A fresh processor per invocation: it holds the batch's state. When every record failed the response
    // says so like any other (instead of Powertools throwing), and SQS retries each message the same way.
    return processPartialResponse(event, recordHandler, new SqsFifoPartialProcessorAsync(), {
      context,
      skipGroupOnError: true,
      throwOnFullBatchFailure: false,
    });
  };
}
