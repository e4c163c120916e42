/**
 * What the keeper's handler does to the messages of the command queue besides answering its batch: it sets a
 * message it can never apply aside in the dead-letter queue at once (so the commands behind it in its event's
 * group go on instead of riding along through every retry), and it shortens the wait of a message that failed
 * for a passing reason (seconds of backoff instead of the queue's visibility timeout of minutes).
 */
import { ChangeMessageVisibilityBatchCommand, SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";

/** A delivered message as the handler names it: its record's fields the requests need. */
export interface DeliveredMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  /** Its message group (the event id, or whatever an unreadable message came with). */
  groupId: string;
  deduplicationId?: string;
}

/** The two requests, so the handler can be tested without SQS. */
export interface Redelivery {
  /** Sends the message to the dead-letter queue with why; the caller then acknowledges it. */
  deadLetter(message: DeliveredMessage, reason: string): Promise<void>;
  /** Makes failed messages visible again after `seconds` each, instead of the queue's visibility timeout. */
  retryAfter(messages: readonly { message: DeliveredMessage; seconds: number }[]): Promise<void>;
}

export interface SqsRedeliveryOptions {
  client: SQSClient;
  /** The FIFO command queue the messages were received from. */
  queueUrl: string;
  /** Its FIFO dead-letter queue (the one its redrive policy names, which `rsvp dlq --aws` reads). */
  deadLetterQueueUrl: string;
}

/** SQS caps a message attribute's value far above this; a reason is a line for an operator. */
const maxReason = 1000;

/** `Redelivery` on SQS. */
export class SqsRedelivery implements Redelivery {
  readonly #client: SQSClient;
  readonly #queueUrl: string;
  readonly #deadLetterQueueUrl: string;

  constructor(options: SqsRedeliveryOptions) {
    this.#client = options.client;
    this.#queueUrl = options.queueUrl;
    this.#deadLetterQueueUrl = options.deadLetterQueueUrl;
  }

  async deadLetter(message: DeliveredMessage, reason: string): Promise<void> {
    await this.#client.send(
      new SendMessageCommand({
        QueueUrl: this.#deadLetterQueueUrl,
        MessageBody: message.body,
        // A FIFO queue needs a group; a message that came with none (it could not have) is kept apart.
        MessageGroupId: message.groupId || "unreadable",
        // The original message's id: a second attempt (a redelivered batch) is dropped by the queue as a repeat.
        MessageDeduplicationId: message.messageId,
        MessageAttributes: {
          reason: { DataType: "String", StringValue: reason.slice(0, maxReason) || "unknown" },
        },
      }),
    );
  }

  async retryAfter(messages: readonly { message: DeliveredMessage; seconds: number }[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 10) {
      const chunk = messages.slice(i, i + 10);
      await this.#client.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: this.#queueUrl,
          Entries: chunk.map(({ message, seconds }, n) => ({
            Id: String(n),
            ReceiptHandle: message.receiptHandle,
            VisibilityTimeout: seconds,
          })),
        }),
      );
    }
  }
}
