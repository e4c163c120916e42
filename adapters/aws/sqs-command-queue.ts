/**
 * The command queue on SQS FIFO: one message per command, the event id as its message group (the keeper
 * applies each event's commands in order) and a digest of the command's identity as its deduplication id (a
 * command sent twice within SQS's five-minute window is delivered once; later, the keeper's CMD# items catch it).
 *
 * Commands go out with SendMessageBatch, at most 10 entries and 256 KiB per request. Chunks are sent one after
 * the other, never in parallel: two chunks racing would let one event's later commands overtake its earlier
 * ones. Entries SQS reports as failed for its own reasons (throttling, an internal error) are sent again
 * before the next chunk, so a retry moves a command back by at most one chunk; entries refused as the
 * sender's fault are not retried, since the same request would be refused again.
 */
import {
  type BatchResultErrorEntry,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { Command } from "../../contracts/command.ts";
import { CommandQueueSendError, type FailedCommand } from "../../core/errors.ts";
import type { CommandQueue } from "../../core/ports.ts";
import { deduplicationId, messageBody } from "./command-message.ts";

export interface SqsCommandQueueOptions {
  client: SQSClient;
  /** The FIFO queue's URL (`https://sqs.<region>.amazonaws.com/<account>/<name>.fifo`). */
  queueUrl: string;
  /** How often entries that failed on SQS's side are sent again before `send` gives up (default 4). */
  maxRetries?: number;
  /** Waits before retry `attempt` (1-based); injected so tests need not sleep. */
  pause?: (attempt: number) => Promise<void>;
}

/** SendMessageBatch takes at most this many entries… */
export const sqsBatchEntries = 10;
/** …and at most this many bytes of message bodies in one request (256 KiB, also the limit per message). */
export const sqsBatchBytes = 262_144;

interface Entry {
  command: Command;
  entry: SendMessageBatchRequestEntry;
  bytes: number;
}

const jitteredPause = (attempt: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.random() * Math.min(2_000, 50 * 2 ** attempt)));

/** The CommandQueue port on an SQS FIFO queue. */
export class SqsCommandQueue implements CommandQueue {
  readonly #client: SQSClient;
  readonly #queueUrl: string;
  readonly #maxRetries: number;
  readonly #pause: (attempt: number) => Promise<void>;

  constructor(options: SqsCommandQueueOptions) {
    this.#client = options.client;
    this.#queueUrl = options.queueUrl;
    this.#maxRetries = options.maxRetries ?? 4;
    this.#pause = options.pause ?? jitteredPause;
  }

  /**
   * Sends the commands in order. Throws `CommandQueueSendError` naming the commands SQS would not take (the
   * ones before them went out; sending all of them again is harmless, as their deduplication ids repeat), and
   * a RangeError before sending anything when one command alone is larger than SQS allows.
   */
  async send(commands: readonly Command[]): Promise<void> {
    const entries = commands.map((command): Entry => {
      const body = messageBody(command);
      const bytes = Buffer.byteLength(body, "utf8");
      if (bytes > sqsBatchBytes)
        throw new RangeError(
          `command ${command.commandId} is ${bytes} bytes; SQS takes at most ${sqsBatchBytes}`,
        );
      return {
        command,
        bytes,
        entry: {
          Id: "",
          MessageBody: body,
          MessageGroupId: command.eventId,
          MessageDeduplicationId: deduplicationId(command),
        },
      };
    });
    for (const chunk of chunks(entries)) await this.#sendChunk(chunk);
  }

  async #sendChunk(chunk: readonly Entry[]): Promise<void> {
    // Entry ids only need to be unique within one request; the position says which command it is.
    let pending = new Map(chunk.map((e, i) => [String(i), e]));
    for (let attempt = 0; ; attempt += 1) {
      const out = await this.#client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.#queueUrl,
          Entries: [...pending].map(([Id, e]) => ({ ...e.entry, Id })),
        }),
      );
      const failed = out.Failed ?? [];
      if (failed.length === 0) return;
      if (attempt >= this.#maxRetries || failed.some((f) => f.SenderFault))
        throw new CommandQueueSendError(
          failed.map((f) => describe(f, pending.get(f.Id ?? ""))),
          "SQS",
        );
      const before = pending;
      pending = new Map(
        failed.flatMap((f) => (before.get(f.Id ?? "") ? [[f.Id ?? "", before.get(f.Id ?? "")!]] : [])),
      );
      await this.#pause(attempt + 1);
    }
  }
}

/** Consecutive runs of at most 10 entries and 256 KiB of bodies, in order. */
function* chunks(entries: readonly Entry[]): Generator<Entry[]> {
  let chunk: Entry[] = [];
  let bytes = 0;
  for (const e of entries) {
    if (chunk.length === sqsBatchEntries || bytes + e.bytes > sqsBatchBytes) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(e);
    bytes += e.bytes;
  }
  if (chunk.length > 0) yield chunk;
}

function describe(failure: BatchResultErrorEntry, entry: Entry | undefined): FailedCommand {
  return {
    eventId: entry?.command.eventId ?? "?",
    commandId: entry?.command.commandId ?? `entry ${failure.Id}`,
    code: failure.Code ?? "unknown",
    message: failure.Message ?? "",
    senderFault: failure.SenderFault ?? false,
  };
}
