import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import pino, { type Logger } from "pino";
import { changeRecordOf } from "../../../adapters/aws/change-records.ts";
import type { NamedChangeHandler } from "../../../streams/change-handlers.ts";

/** One stream handler failed on a change; the record is reported and redelivered. */
export class ChangeHandlerError extends Error {
  override readonly name = "ChangeHandlerError";
  readonly handler: string;

  constructor(handler: string, eventID: string | undefined, cause: unknown) {
    super(`stream handler "${handler}" failed on record ${eventID}: ${String(cause)}`, { cause });
    this.handler = handler;
  }
}

/** A record not handled because one before it in the batch failed: it is redelivered after that one. */
export class HeldBackError extends Error {
  override readonly name = "HeldBackError";
}

export interface StreamHandlerDeps {
  /** The stream handlers, run in this order on every change (`changeHandlers` gives the standard list). */
  handlers: readonly NamedChangeHandler[];
  /** Where failures are logged; JSON lines on stdout by default (CloudWatch picks them up). */
  logger?: Logger;
}

/** The Lambda handler for the guest table's DynamoDB stream. */
export type DynamoStreamHandler = (
  event: DynamoDBStreamEvent,
  context?: Context,
) => Promise<DynamoDBBatchResponse>;

/**
 * The guest table's DynamoDB Streams consumer: each stream record becomes the ChangeRecord the embedded change
 * feed delivers, and goes through the same stream handlers, in order.
 *
 * Records are handled one at a time in stream order, because a shard is ordered per item and the handlers
 * rely on it (a guest's reminders are booked on confirmation before a later cancel removes them). When a
 * record fails, every record after it is held back and reported failed too, so nothing is handled ahead of a
 * change that has not been: Lambda retries from the first reported record, and redelivering the ones that
 * had succeeded is harmless since every handler is idempotent (keys, deterministic names, command ids).
 * A failure in one handler fails the record for all of them; the ones that had already succeeded see it again.
 */
export function streamHandler(deps: StreamHandlerDeps): DynamoStreamHandler {
  const logger = deps.logger ?? pino({ base: { app: "rsvp", part: "stream" } });
  return async (event, context) => {
    // Per invocation: the held-back state belongs to one batch.
    const processor = new BatchProcessor(EventType.DynamoDBStreams);
    let failedAt: string | null = null;
    const handleRecord = async (record: DynamoDBRecord) => {
      if (failedAt !== null) throw new HeldBackError(`held back behind failed record ${failedAt}`);
      try {
        await handleChange(record, deps.handlers);
      } catch (error) {
        failedAt = record.eventID ?? "(no id)";
        logger.error(
          { err: error, eventID: record.eventID, sequenceNumber: record.dynamodb?.SequenceNumber },
          "stream record failed; it and the records after it will be redelivered",
        );
        throw error;
      }
    };
    return processPartialResponse(event, handleRecord, processor, {
      ...(context ? { context } : {}),
      processInParallel: false,
    });
  };
}

async function handleChange(record: DynamoDBRecord, handlers: readonly NamedChangeHandler[]): Promise<void> {
  const change = changeRecordOf(record);
  if (!change) return;
  for (const h of handlers) {
    try {
      await h.handle([change]);
    } catch (error) {
      throw new ChangeHandlerError(h.name, record.eventID, error);
    }
  }
}
