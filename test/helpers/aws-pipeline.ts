import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { DynamoDBRecord, SQSRecord } from "aws-lambda";
import pino from "pino";
import { createAuditTable, DynamoAuditLog } from "../../adapters/aws/dynamo-audit-log.ts";
import { DynamoGuestStore } from "../../adapters/aws/dynamo-guest-store.ts";
import { createGuestTable } from "../../adapters/aws/guest-table.ts";
import { SqsRedelivery } from "../../adapters/aws/sqs-redelivery.ts";
import type { Command } from "../../contracts/command.ts";
import type { Mailer, OutgoingEmail } from "../../core/mail-ports.ts";
import type { Clock, CommandQueue, Timer, Timers } from "../../core/ports.ts";
import { streamHandler } from "../../runtime/aws/handlers/dynamo-stream-handler.ts";
import { keeperHandler } from "../../runtime/aws/handlers/sqs-keeper-handler.ts";
import { changeHandlers } from "../../streams/change-handlers.ts";
import { DynamoStreamPoller } from "../../tools/aws-local/dynamo-stream-poller.ts";
import { LocalSqsFifo } from "../../tools/aws-local/local-sqs-fifo.ts";
import { uniqueTableName } from "./dynamo-local.ts";
import { testKeyring, testLinkMinter } from "./link-minter.ts";
import { lambdaContext, sqsEvent } from "./sqs-records.ts";
import { streamEvent } from "./stream-records.ts";

/** Every email handed to the mailer, repeats included: a second send of one email shows as a second call. */
class RecordingMailer implements Mailer {
  readonly calls: OutgoingEmail[] = [];
  readonly #keys = new Set<string>();

  async send(email: OutgoingEmail): Promise<boolean> {
    this.calls.push(email);
    if (this.#keys.has(email.key)) return false;
    this.#keys.add(email.key);
    return true;
  }
}

/** Commands the stream handlers queue (offers, thank-you drafts), kept in order. */
class RecordingQueue implements CommandQueue {
  readonly sent: Command[] = [];
  async send(commands: readonly Command[]): Promise<void> {
    this.sent.push(...commands);
  }
}

/** Timers by name: a booked name keeps its first booking, cancelling a name that is gone is fine. */
export class MapTimers implements Timers {
  readonly booked = new Map<string, Timer>();
  async book(timers: readonly Timer[]): Promise<void> {
    for (const t of timers) if (!this.booked.has(t.name)) this.booked.set(t.name, t);
  }
  async cancel(names: readonly string[]): Promise<void> {
    for (const name of names) this.booked.delete(name);
  }
}

export type AwsPipeline = Awaited<ReturnType<typeof awsPipeline>>;

/**
 * The AWS runtime's write path on DynamoDB Local: SQS records go through the real keeper Lambda handler
 * (runtime/aws/handlers/sqs-keeper-handler.ts) into the DynamoDB guest store; the table's real stream is read back and
 * run through the stream Lambda's handler into the real DynamoDB audit log. The side effects' queue, timers
 * and mailer are recorders (SQS, Scheduler and SES are not here).
 */
export async function awsPipeline(client: DynamoDBClient, endpoint: string, clock: Clock) {
  const guestTable = uniqueTableName("pipeline-guests");
  const auditTable = uniqueTableName("pipeline-audit");
  await Promise.all([createGuestTable(client, guestTable), createAuditTable(client, auditTable)]);
  const store = new DynamoGuestStore({ client, tableName: guestTable });
  const audit = new DynamoAuditLog({ client, tableName: auditTable });
  const mailer = new RecordingMailer();
  const queue = new RecordingQueue();
  const timers = new MapTimers();
  const silent = pino({ level: "silent" });
  const handleStream = streamHandler({
    handlers: changeHandlers({
      audit,
      queue,
      reader: store,
      timers,
      mailer,
      links: testLinkMinter(testKeyring(), clock),
      clock,
    }),
    logger: silent,
  });
  // The keeper's own dead-lettering and backoff go to an in-process queue (the records here are made by hand).
  const sqs = new LocalSqsFifo({ clock });
  const redelivery = new SqsRedelivery({
    client: sqs.client,
    queueUrl: sqs.url,
    deadLetterQueueUrl: sqs.deadLetterUrl,
  });
  const keeper = keeperHandler({
    store,
    clock,
    keeper: { pause: async () => {} },
    logger: silent,
    redelivery,
    timers,
  });
  const stream = await DynamoStreamPoller.open(client, guestTable, { endpoint });

  /** Delivers what the table streamed since the last call; returns those stream records. */
  const deliver = async (): Promise<DynamoDBRecord[]> => {
    const records = await stream.next();
    if (records.length > 0) {
      const response = await handleStream(streamEvent(records));
      if (response.batchItemFailures.length > 0)
        throw new Error(`stream handler failed ${response.batchItemFailures.length} record(s)`);
    }
    return records;
  };

  return {
    guestTable,
    auditTable,
    store,
    audit,
    mailer,
    queue,
    deliver,
    /** The stream Lambda's handler, for records handed to it by hand (a replayed batch). */
    handleStream,
    /** Hands SQS records to the keeper Lambda and leaves what the table streamed unread, as if the stream function failed. */
    async keepUndelivered(records: readonly SQSRecord[]): Promise<void> {
      await keeper(sqsEvent(...records), lambdaContext());
    },
    /** Skips what the table streamed so far: the next `deliver` starts after it. */
    skipStream: () => stream.next(),
    /**
     * Hands SQS records to the keeper Lambda as one batch, then delivers what the table streamed. Returns the
     * message ids the keeper reported failed, and the stream records its writes produced.
     */
    async keep(records: readonly SQSRecord[]): Promise<{ failed: string[]; streamed: DynamoDBRecord[] }> {
      const response = await keeper(sqsEvent(...records), lambdaContext());
      return { failed: response.batchItemFailures.map((f) => f.itemIdentifier), streamed: await deliver() };
    },
    close: () => stream.close(),
  };
}
