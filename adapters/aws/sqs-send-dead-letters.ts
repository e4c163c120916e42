/**
 * The send queue's dead letters (`rsvp dlq list --sends --aws`, `rsvp dlq replay --sends --aws`): send jobs
 * (contracts/send-job.ts) the Send function failed on `maxReceiveCount` times (an email SES refused, a body that
 * never parses), which SQS moved to the standard `SendDeadLetters` queue.
 *
 * Listing receives the jobs with a visibility timeout and makes them visible again at once, deleting nothing.
 * It shows what the job is for (the email's kind, event and guest) with the address's local part hidden, as the
 * logs show it; never the email's body. SQS's redrive keeps no error with the message, so the last error is
 * SES's last refusal as the Send function noted it beside the email's claim in the mail table
 * (mail-refusals.ts), any address in it hidden the same way; without the mail table, or with no note, none.
 *
 * Replaying sends each chosen job to the send queue (its body as it was) and deletes it from the dead letters
 * only once SQS took it; a body that is no send job stays. Harmless to repeat: the Send function claims each
 * email's key before sending, so a job whose email went out after all (or was replayed twice) sends nothing.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { type Message, SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { parseSendJob } from "../../contracts/send-job.ts";
import type { DeadLetter, DeadLetterListing, DeadLetters, ReplayReport } from "../../core/ports.ts";
import { hiddenAddress, hiddenAddresses, refusalsOf } from "./mail-refusals.ts";
import { type ReplayFailure, SqsLetterBox } from "./sqs-letter-box.ts";

export interface SqsSendDeadLettersOptions {
  client: SQSClient;
  /** The standard queue the send queue's redrive policy names. */
  deadLetterQueueUrl: string;
  /** The send queue replayed jobs go back to. */
  sendQueueUrl: string;
  /** Long-poll wait of each receive, in seconds (default 1). */
  waitSeconds?: number;
  /** The mail table, where the Send function notes why SES refused an email (the listing's last error). */
  refusals?: { dynamo: DynamoDBClient; mailTable: string };
}

/** A dead-lettered job as listed: what it is for, never its content. */
function asLetter(message: Message): DeadLetter {
  const sent = Number(message.Attributes?.SentTimestamp);
  const base = {
    id: message.MessageId ?? "",
    attempts: Number(message.Attributes?.ApproximateReceiveCount ?? 0),
    sentAt: Number.isFinite(sent) && sent > 0 ? new Date(sent).toISOString() : null,
    failedAt: null,
  };
  const read = parseSendJob(message.Body ?? "");
  if (!read.ok)
    return { ...base, eventId: "", command: "not a send job", lastError: read.error.split("\n")[0] ?? null };
  const { email, attempt } = read.job;
  return {
    ...base,
    eventId: email.eventId,
    command: {
      type: email.headers["X-Rsvp-Kind"] ?? "email",
      guestId: email.guestId,
      to: hiddenAddress(email.to),
      key: email.key,
      putBack: attempt,
    },
    lastError: null,
  };
}

/** The dead letters of the send queue: listing and replaying (see the top of this file). */
export class SqsSendDeadLetters implements DeadLetters {
  readonly #o: SqsSendDeadLettersOptions & { waitSeconds: number };
  readonly #box: SqsLetterBox;

  constructor(options: SqsSendDeadLettersOptions) {
    this.#o = { waitSeconds: 1, ...options };
    this.#box = new SqsLetterBox({
      client: this.#o.client,
      queueUrl: this.#o.deadLetterQueueUrl,
      waitSeconds: this.#o.waitSeconds,
    });
  }

  async list(options: { limit?: number } = {}): Promise<DeadLetterListing> {
    const listing = await this.#box.list(options.limit, asLetter);
    return { ...listing, letters: await this.#withLastErrors(listing.letters) };
  }

  /** Each job's last error: SES's last refusal of its email, as noted in the mail table, addresses hidden. */
  async #withLastErrors(letters: DeadLetter[]): Promise<DeadLetter[]> {
    const refusals = this.#o.refusals;
    const keyOf = (letter: DeadLetter) => (letter.command as { key?: unknown }).key;
    const keys = letters.map(keyOf).filter((key): key is string => typeof key === "string");
    if (!refusals || keys.length === 0) return letters;
    const noted = await refusalsOf(refusals.dynamo, refusals.mailTable, keys);
    return letters.map((letter) => {
      const key = keyOf(letter);
      const refusal = typeof key === "string" ? noted.get(key) : undefined;
      return refusal ? { ...letter, lastError: hiddenAddresses(refusal.error) } : letter;
    });
  }

  /**
   * Puts dead-lettered jobs back on the send queue: all, those named by `ids`, or at most `limit`. A job is
   * deleted from the dead letters only once the send queue took it.
   */
  replay(options: { ids?: readonly string[]; limit?: number } = {}): Promise<ReplayReport> {
    return this.#box.replay(options, (message) => this.#replayOne(message));
  }

  /** Sends one job back to the send queue, its body as it was; null when SQS took it, else why not. */
  async #replayOne(message: Message): Promise<ReplayFailure | null> {
    const read = parseSendJob(message.Body ?? "");
    if (!read.ok) return { reason: read.error.split("\n")[0] ?? "not a send job" };
    try {
      await this.#o.client.send(
        new SendMessageCommand({ QueueUrl: this.#o.sendQueueUrl, MessageBody: message.Body }),
      );
      return null;
    } catch (error) {
      const e = error as Error;
      return { code: e.name, message: e.message };
    }
  }
}
