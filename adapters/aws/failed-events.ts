/**
 * The failed-events queue (`rsvp dlq list --failed --aws`, `rsvp dlq replay --failed --aws`): what failed
 * through every retry outside the command queue. Three kinds of message land there:
 *
 * - a **stream batch** the change handlers failed on 5 times: Lambda's on-failure record names the shard and
 *   the first and last sequence numbers, not the records. Replaying reads those records back from the stream
 *   (it keeps them 24 hours) and invokes the stream function with them, as the event source would;
 * - an **inbound email** the parser failed on after Lambda's async retries: the record holds the S3 event,
 *   which replaying hands to the parser again (asynchronously, as EventBridge did);
 * - a **timer** Scheduler could not deliver: the message is the timer's command, which replaying sends to the
 *   command queue in its event's group.
 *
 * Every handler behind them is idempotent (change handlers claim each side effect once, the parser's command
 * ids are derived from the message, the keeper records every command it applied), so replaying twice is
 * harmless. A message is deleted only after its replay succeeded; anything else stays for a later look.
 */
import { type DynamoDBStreamsClient, TrimmedDataAccessException } from "@aws-sdk/client-dynamodb-streams";
import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { type Message, SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import * as z from "zod";
import { Command } from "../../contracts/command.ts";
import type { DeadLetter, DeadLetterListing, DeadLetters, ReplayReport } from "../../core/ports.ts";
import { deduplicationId, messageBody } from "./command-message.ts";
import { type ReplayFailure, SqsLetterBox } from "./sqs-letter-box.ts";
import { readStreamBatch } from "./stream-batch.ts";

export interface SqsFailedEventsOptions {
  sqs: SQSClient;
  lambda: LambdaClient;
  streams: DynamoDBStreamsClient;
  /** The standard queue the stream's on-failure destination, the parser's and Scheduler's dead letters name. */
  queueUrl: string;
  /** The FIFO command queue an undelivered timer goes to. */
  commandQueueUrl: string;
  /** Long-poll wait of each receive, in seconds (default 1). */
  waitSeconds?: number;
}

const requestContext = z.object({ functionArn: z.string().min(1), condition: z.string().optional() });

const StreamFailure = z.object({
  timestamp: z.string().optional(),
  requestContext,
  DDBStreamBatchInfo: z.object({
    streamArn: z.string().min(1),
    shardId: z.string().min(1),
    startSequenceNumber: z.string().regex(/^\d+$/),
    endSequenceNumber: z.string().regex(/^\d+$/),
    batchSize: z.number().optional(),
  }),
});

const InvokeFailure = z.object({
  timestamp: z.string().optional(),
  requestContext,
  requestPayload: z.unknown(),
  responsePayload: z.object({ errorMessage: z.string().optional() }).loose().nullish(),
});

type FailedEvent =
  | { kind: "stream batch"; record: z.infer<typeof StreamFailure> }
  | { kind: "inbound email"; record: z.infer<typeof InvokeFailure> }
  | { kind: "timer"; command: Command }
  | { kind: "unreadable"; reason: string };

/** What a message of the queue holds. */
export function readFailedEvent(body: string): FailedEvent {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { kind: "unreadable", reason: "not JSON" };
  }
  const stream = StreamFailure.safeParse(json);
  if (stream.success) return { kind: "stream batch", record: stream.data };
  const invoke = InvokeFailure.safeParse(json);
  if (invoke.success) return { kind: "inbound email", record: invoke.data };
  const command = Command.safeParse(json);
  if (command.success) return { kind: "timer", command: command.data };
  return { kind: "unreadable", reason: "neither a stream batch, a failed invocation nor a command" };
}

/** The function an on-failure record names, without the version qualifier Lambda appends. */
const functionOf = (arn: string) => arn.replace(/:(\$LATEST|\d+)$/, "");

function asLetter(message: Message): DeadLetter {
  const failed = readFailedEvent(message.Body ?? "");
  const sent = Number(message.Attributes?.SentTimestamp);
  const base = {
    id: message.MessageId ?? "",
    attempts: Number(message.Attributes?.ApproximateReceiveCount ?? 0),
    sentAt: Number.isFinite(sent) && sent > 0 ? new Date(sent).toISOString() : null,
  };
  switch (failed.kind) {
    case "stream batch": {
      const { DDBStreamBatchInfo: b, requestContext: c, timestamp } = failed.record;
      return {
        ...base,
        eventId: "",
        command: {
          type: failed.kind,
          shard: b.shardId,
          from: b.startSequenceNumber,
          to: b.endSequenceNumber,
        },
        failedAt: timestamp ?? null,
        lastError: c.condition ?? null,
      };
    }
    case "inbound email":
      return {
        ...base,
        eventId: "",
        command: { type: failed.kind, function: functionOf(failed.record.requestContext.functionArn) },
        failedAt: failed.record.timestamp ?? null,
        lastError:
          failed.record.responsePayload?.errorMessage ?? failed.record.requestContext.condition ?? null,
      };
    case "timer": {
      const error = message.MessageAttributes?.ERROR_MESSAGE?.StringValue ?? null;
      return {
        ...base,
        eventId: failed.command.eventId,
        command: failed.command,
        failedAt: null,
        lastError: error,
      };
    }
    default:
      return { ...base, eventId: "", command: message.Body ?? "", failedAt: null, lastError: failed.reason };
  }
}

/** The failed-events queue: listing and replaying (see the top of this file). */
export class SqsFailedEvents implements DeadLetters {
  readonly #o: Required<SqsFailedEventsOptions>;
  readonly #box: SqsLetterBox;

  constructor(options: SqsFailedEventsOptions) {
    this.#o = { waitSeconds: 1, ...options };
    this.#box = new SqsLetterBox({
      client: this.#o.sqs,
      queueUrl: this.#o.queueUrl,
      waitSeconds: this.#o.waitSeconds,
    });
  }

  list(options: { limit?: number } = {}): Promise<DeadLetterListing> {
    return this.#box.list(options.limit, asLetter);
  }

  replay(options: { ids?: readonly string[]; limit?: number } = {}): Promise<ReplayReport> {
    return this.#box.replay(options, (message) => this.#replayOne(message));
  }

  /** Replays one message; null when it was handled, else why not. */
  async #replayOne(message: Message): Promise<ReplayFailure | null> {
    const failed = readFailedEvent(message.Body ?? "");
    try {
      switch (failed.kind) {
        case "timer":
          await this.#o.sqs.send(
            new SendMessageCommand({
              QueueUrl: this.#o.commandQueueUrl,
              MessageBody: messageBody(failed.command),
              MessageGroupId: failed.command.eventId,
              MessageDeduplicationId: deduplicationId(failed.command),
            }),
          );
          return null;
        case "inbound email":
          return await this.#invoke(
            failed.record.requestContext.functionArn,
            failed.record.requestPayload,
            "Event",
          );
        case "stream batch": {
          const records = await readStreamBatch(this.#o.streams, failed.record.DDBStreamBatchInfo);
          if (records.length === 0)
            return { code: "Gone", message: "the stream holds none of the batch's records" };
          return await this.#invoke(
            failed.record.requestContext.functionArn,
            { Records: records },
            "RequestResponse",
          );
        }
        default:
          return { reason: failed.reason };
      }
    } catch (error) {
      if (error instanceof TrimmedDataAccessException)
        return { code: "Gone", message: "the stream no longer holds the batch (records are kept 24 hours)" };
      const e = error as Error;
      return { code: e.name, message: e.message };
    }
  }

  /** Invokes a function with a payload; a function error or records it failed on again are a failure. */
  async #invoke(
    functionArn: string,
    payload: unknown,
    type: "Event" | "RequestResponse",
  ): Promise<{ code: string; message: string } | null> {
    const out = await this.#o.lambda.send(
      new InvokeCommand({
        FunctionName: functionOf(functionArn),
        InvocationType: type,
        Payload: new TextEncoder().encode(JSON.stringify(payload)),
      }),
    );
    const text = out.Payload ? new TextDecoder().decode(out.Payload) : "";
    if (out.FunctionError) return { code: out.FunctionError, message: text.slice(0, 300) };
    if (type === "Event") return null;
    const again = (JSON.parse(text || "{}") as { batchItemFailures?: unknown[] }).batchItemFailures ?? [];
    return again.length === 0 ? null : { code: "Failed", message: `${again.length} record(s) failed again` };
  }
}
