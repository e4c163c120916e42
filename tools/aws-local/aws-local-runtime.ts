/**
 * The AWS runtime in one process: the Lambda functions' own compositions (runtime/aws: web, keeper, streams,
 * send, and inbound mail when given an S3 client to read the received messages from) on the real AWS adapters, with DynamoDB (the guest, audit and mail-claim tables, and the guest table's
 * stream) on a given endpoint, normally DynamoDB Local, and in-process stand-ins for the services DynamoDB
 * Local does not cover: the SQS FIFO command queue, the standard queue of send jobs, EventBridge Scheduler,
 * SES and Secrets Manager. The
 * stand-ins answer the real SDK clients, so `SqsCommandQueue`, `SchedulerTimers`, `SesMailer` and
 * `SecretsKeyring` run unchanged (see sdk-stand-in.ts).
 *
 * What Lambda's event sources do is done by `idle()`: it delivers the queue to the keeper handler in batches of
 * up to 10 SQS records, reads the guest table's stream back through the Streams API and hands it to the
 * streams handler in batches of up to 100 (retrying from the first failed record, as the event source does
 * with reported batch item failures), delivers the send jobs the streams function queued to the Send function
 * (`sendConcurrency` batches of up to 10 at a time), and repeats until all are quiet; with `waitUntil` it also
 * waits for send jobs put back with a delay (throttled, or their key held). `tick()` fires the schedules the clock
 * has passed. Everything runs on the injected clock, so tests and measurements move time by hand.
 *
 * The DynamoDB client is injected, so a caller can count its requests; each stand-in counts its own in `calls`,
 * and `invocations` counts the functions' invocations (what a cost estimate multiplies by prices).
 */
import { createHash, randomBytes } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import type { S3Client } from "@aws-sdk/client-s3";
import type { DynamoDBRecord } from "aws-lambda";
import pino, { type Logger } from "pino";
import { createAuditTable, type DynamoAuditLog } from "../../adapters/aws/dynamo-audit-log.ts";
import type { DynamoGuestStore } from "../../adapters/aws/dynamo-guest-store.ts";
import { createGuestTable } from "../../adapters/aws/guest-table.ts";
import { createMailClaimTable } from "../../adapters/aws/ses-mailer.ts";
import type { SqsCommandQueue } from "../../adapters/aws/sqs-command-queue.ts";
import type { Keyring } from "../../contracts/link.ts";
import { type Clock, systemClock } from "../../core/ports.ts";
import { type AwsClients, commandQueue } from "../../runtime/aws/adapters.ts";
import { awsEnv } from "../../runtime/aws/env.ts";
import { composeInboundMail } from "../../runtime/aws/inbound-mail.ts";
import { composeKeeper } from "../../runtime/aws/keeper.ts";
import { composeSend } from "../../runtime/aws/send.ts";
import { composeStreams } from "../../runtime/aws/streams.ts";
import { auditLog, guestStore } from "../../runtime/aws/tables.ts";
import { composeWeb } from "../../runtime/aws/web.ts";
import { DynamoStreamPoller } from "./dynamo-stream-poller.ts";
import { lambdaContext } from "./lambda-context.ts";
import { LocalScheduler, type SchedulerWindow } from "./local-scheduler.ts";
import { LocalSecrets } from "./local-secrets.ts";
import { LocalSes } from "./local-ses.ts";
import { LocalSqsFifo } from "./local-sqs-fifo.ts";
import { LocalSqsStandard } from "./local-sqs-standard.ts";

export interface AwsLocalConfig {
  /** The client for the tables (and the streams' region and credentials): injected so its calls can be counted. */
  dynamo: DynamoDBClient;
  /** Where the Streams API answers: DynamoDB Local's endpoint (the tables' own), or a client for it. */
  streams: { endpoint: string } | { streams: DynamoDBStreamsClient };
  /** The three tables' names; use fresh names per runtime (they are created unless `createTables` is false). */
  tables: { guest: string; audit: string; mail: string };
  /** Create the tables first (default true); false uses tables that exist. */
  createTables?: boolean;
  clock?: Clock;
  logger?: Logger;
  /** The public base URL email links start with; default none (links are paths, as behind a Function URL). */
  baseUrl?: string;
  /** The signing keys in the secret; default one fresh random key. */
  keyring?: Keyring;
  /** The From of every email. */
  mailFrom?: string;
  /** The email-reply lane's domain: guest emails get Reply-To rsvp+EVENT@it. */
  inboundDomain?: string;
  /** The admin token that signs in to the web function's admin area; absent: no admin area. */
  adminToken?: string;
  /** Fire schedules anywhere in their minute, some twice, as EventBridge Scheduler does (default: on time). */
  schedulerWindow?: SchedulerWindow;
  /** SES throttles above this many sends per second, as an account does (default: no limit). */
  sesMaxSendRate?: number;
  /** The Send function paces its sends to this many per second (`RSVP_SES_SEND_RATE`; default: no pacing). */
  sesSendRate?: number;
  /**
   * How the paced mailer waits for an instant (ms), and how `idle()` waits for a send job put back with a delay:
   * a test moves its fake clock. Absent: real timers for the pacing, and delayed send jobs wait for a later tick.
   */
  waitUntil?: (at: number) => Promise<void>;
  /** Bulk emails a second the streams function lets show on the send queue (`RSVP_BULK_SEND_RATE`; default all at once). */
  bulkSendRate?: number;
  /** Send invocations at once (the send queue's event source's maximum concurrency; default 2). */
  sendConcurrency?: number;
  /** Seconds a mail claim `sending` is held (`RSVP_MAIL_LEASE_SECONDS`; the stack's: 2 × the Send timeout). */
  mailLeaseSeconds?: number;
  /**
   * The S3 client the inbound-mail function reads received messages with (the bucket is `inboundBucket`); with
   * it (and `inboundDomain`) the runtime composes that function as `receiveMail`. Absent: no inbound mail.
   */
  s3?: S3Client;
}

/** The bucket the inbound-mail function reads from in the in-process runtime. */
export const inboundBucket = "rsvp-inbound-mail";

/** Stream records the streams function failed on through every retry (the event source's on-failure target). */
export interface FailedStreamBatch {
  sequenceNumbers: string[];
  attempts: number;
}

export interface AwsLocalRuntime {
  /** The functions' environment, as the stateless stack would set it. */
  env: Record<string, string>;
  store: DynamoGuestStore;
  audit: DynamoAuditLog;
  /** The producers' command queue (the real SQS adapter on the stand-in queue). */
  queue: SqsCommandQueue;
  sqs: LocalSqsFifo;
  /** The mail path's standard queue of send jobs (the streams function queues, the Send function sends). */
  sendQueue: LocalSqsStandard;
  scheduler: LocalScheduler;
  ses: LocalSes;
  secrets: LocalSecrets;
  /** Invocations of each function so far. */
  invocations: { web: number; keeper: number; streams: number; send: number; inboundMail: number };
  /**
   * The inbound-mail function on an S3 or EventBridge event (what its rule would invoke it with); null without
   * `s3` and `inboundDomain`. Call `idle()` afterwards to apply what it queued and send its answer.
   */
  receiveMail: ((event: unknown) => Promise<unknown>) | null;
  failedStreamBatches: FailedStreamBatch[];
  /** The web function's app in-process: what the Function URL would answer. */
  fetch(request: Request): Promise<Response>;
  /**
   * Delivers the queue to the keeper and the guest table's stream to the streams function, again and again,
   * until the queue is empty and the stream has nothing new (including what the deliveries queued).
   */
  idle(): Promise<void>;
  /** The keeper and the stream alone, until both are quiet (the send queue is left as it is). */
  drainCommands(): Promise<void>;
  /** The Send function on the send queue, `sendConcurrency` batches at a time, until no job is visible. */
  drainSends(): Promise<void>;
  /**
   * Fires the schedules due by the clock's now, then waits until idle. When nothing fired, nothing is queued
   * and the stream was drained after the last keeper run, it reads nothing: the guest table is written only
   * by the keeper (call `idle()` after writing to it directly, as `createEvent` does).
   */
  tick(): Promise<void>;
  /** Waits for the delivery in hand and closes what the runtime opened (not the injected DynamoDB client). */
  stop(): Promise<void>;
}

/** Records per streams invocation and retries of a failing batch (the stateless stack's event source). */
const streamBatchSize = 100;
const streamRetryAttempts = 5;

/** The functions' environment, as the stateless stack sets it, naming the stand-ins and this run's tables. */
function awsLocalEnv(
  config: AwsLocalConfig,
  sqs: LocalSqsFifo,
  sendQueue: LocalSqsStandard,
  names: { scheduleGroup: string; secretName: string },
): Record<string, string> {
  const { tables } = config;
  const { scheduleGroup, secretName } = names;
  return {
    [awsEnv.guestTable]: tables.guest,
    [awsEnv.auditTable]: tables.audit,
    [awsEnv.mailTable]: tables.mail,
    [awsEnv.commandQueueUrl]: sqs.url,
    [awsEnv.commandQueueArn]: sqs.arn,
    [awsEnv.commandDeadLetterQueueUrl]: sqs.deadLetterUrl,
    [awsEnv.sendQueueUrl]: sendQueue.url,
    [awsEnv.mailLeaseSeconds]: String(config.mailLeaseSeconds ?? 60),
    [awsEnv.scheduleGroup]: scheduleGroup,
    [awsEnv.schedulerRoleArn]: "arn:aws:iam::000000000000:role/rsvp-scheduler",
    [awsEnv.signingKeySecret]: secretName,
    [awsEnv.mailFrom]: config.mailFrom ?? "rsvp <noreply@rsvp.localhost>",
    [awsEnv.sesConfigurationSet]: "rsvp",
    [awsEnv.baseUrl]: config.baseUrl ?? "",
    ...(config.sesSendRate ? { [awsEnv.sesSendRate]: String(config.sesSendRate) } : {}),
    ...(config.bulkSendRate ? { [awsEnv.bulkSendRate]: String(config.bulkSendRate) } : {}),
    ...(config.inboundDomain ? { [awsEnv.inboundDomain]: config.inboundDomain } : {}),
    [awsEnv.inboundBucket]: inboundBucket,
    ...(config.adminToken
      ? { [awsEnv.adminTokenHash]: createHash("sha256").update(config.adminToken).digest("hex") }
      : {}),
  };
}

/**
 * One batch of stream records through the streams function, retried from the first failed record, as the
 * stateless stack's event source does; a batch still failing after its retries is noted in
 * `failedStreamBatches`.
 */
function streamsWithRetries(
  streams: ReturnType<typeof composeStreams>,
  invocations: { streams: number },
  failedStreamBatches: FailedStreamBatch[],
): (batch: DynamoDBRecord[]) => Promise<void> {
  return async (batch) => {
    let pending = batch;
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      invocations.streams += 1;
      let failed: string[];
      try {
        const response = await streams({ Records: pending }, lambdaContext("rsvp-streams"));
        failed = response.batchItemFailures.map((f) => f.itemIdentifier);
      } catch {
        failed = pending.map((r) => r.dynamodb?.SequenceNumber ?? "");
      }
      if (failed.length === 0) return;
      const from = pending.findIndex((r) => failed.includes(r.dynamodb?.SequenceNumber ?? ""));
      pending = pending.slice(Math.max(0, from));
      if (attempt > streamRetryAttempts) {
        failedStreamBatches.push({
          sequenceNumbers: pending.map((r) => r.dynamodb?.SequenceNumber ?? ""),
          attempts: attempt,
        });
        return;
      }
    }
  };
}

/** Creates the tables (unless told not to) and composes the functions on the stand-ins. */
export async function startAwsLocal(config: AwsLocalConfig): Promise<AwsLocalRuntime> {
  const clock = config.clock ?? systemClock;
  const logger = config.logger ?? pino({ level: "silent" });
  const { dynamo, tables } = config;
  if (config.createTables !== false)
    await Promise.all([
      createGuestTable(dynamo, tables.guest),
      createAuditTable(dynamo, tables.audit),
      createMailClaimTable(dynamo, tables.mail),
    ]);

  const sqs = new LocalSqsFifo({ clock });
  // The mail path: visibility 6 × the Send function's 30 s timeout, 5 receives, as the stateful stack has it.
  const sendQueue = new LocalSqsStandard({ clock, queueName: "rsvp-send-jobs", maxReceiveCount: 5 });
  sqs.route(sendQueue.url, sendQueue.handle);
  sqs.route(sendQueue.deadLetterUrl, sendQueue.handleDeadLetters);
  const scheduleGroup = "rsvp-timers";
  const scheduler = new LocalScheduler({
    clock,
    queue: sqs,
    groups: [scheduleGroup],
    window: config.schedulerWindow,
  });
  const ses = new LocalSes({ clock, maxSendRate: config.sesMaxSendRate });
  const secretName = "rsvp-signing-keys";
  const keyring: Keyring = config.keyring ?? {
    current: { kid: "local", secret: randomBytes(32).toString("base64url") },
    previous: [],
  };
  const secrets = new LocalSecrets({ [secretName]: JSON.stringify(keyring) });
  const env = awsLocalEnv(config, sqs, sendQueue, { scheduleGroup, secretName });
  const clients: AwsClients = {
    dynamo,
    sqs: sqs.client,
    scheduler: scheduler.client,
    ses: ses.client,
    secrets: secrets.client,
  };
  const keeper = composeKeeper(env, clients, clock, logger.child({ part: "keeper" }));
  const streams = composeStreams(env, clients, clock, logger.child({ part: "streams" }));
  const send = composeSend(env, clients, clock, logger.child({ part: "send" }), config.waitUntil);
  const sendConcurrency = config.sendConcurrency ?? 2;
  const web = composeWeb(env, clients, clock, logger.child({ part: "web" }));
  const inboundMail =
    config.s3 && config.inboundDomain
      ? composeInboundMail(env, { ...clients, s3: config.s3 }, clock, logger.child({ part: "inbound-mail" }))
      : null;
  const stream = await DynamoStreamPoller.open(dynamo, tables.guest, config.streams);

  const invocations = { web: 0, keeper: 0, streams: 0, send: 0, inboundMail: 0 };
  const failedStreamBatches: FailedStreamBatch[] = [];
  /** Whether the keeper may have written since the stream was last found empty. */
  let unread = true;

  const invokeKeeper = async () => {
    const delivered = await sqs.deliver(async (event, context) => {
      invocations.keeper += 1;
      return keeper(event, context);
    }, lambdaContext("rsvp-keeper"));
    if (delivered > 0) unread = true;
    return delivered;
  };

  const invokeStreams = streamsWithRetries(streams, invocations, failedStreamBatches);

  const deliverStream = async () => {
    const records = await stream.next();
    for (let i = 0; i < records.length; i += streamBatchSize)
      await invokeStreams(records.slice(i, i + streamBatchSize));
    return records.length;
  };

  const drainCommands = async () => {
    for (;;) {
      while ((await invokeKeeper()) > 0) {}
      // Messages hidden by a visibility timeout wait for the clock (a later tick), as they would on SQS.
      if ((await deliverStream()) === 0 && sqs.visibleDepth() === 0) {
        unread = false;
        return;
      }
    }
  };
  const invokeSend = () =>
    sendQueue.deliver(async (event, context) => {
      invocations.send += 1;
      return send(event, context);
    }, lambdaContext("rsvp-send"));
  /** `sendConcurrency` invocations side by side, each taking the next batch until none is visible. */
  const drainSends = async () => {
    const worker = async () => {
      while ((await invokeSend()) > 0) {}
    };
    await Promise.all(Array.from({ length: sendConcurrency }, worker));
  };
  const drain = async () => {
    for (;;) {
      await drainCommands();
      await drainSends();
      if (sqs.visibleDepth() > 0 || sendQueue.visibleDepth() > 0) continue;
      // A send job put back to wait (throttled, or its key held): with a clock the caller moves, wait for it.
      const next = sendQueue.nextVisibleAt();
      if (!next || !config.waitUntil) return;
      await config.waitUntil(next.getTime());
    }
  };
  // One delivery at a time, as one event source mapping per function (and FIFO order) would have it.
  let busy: Promise<void> = Promise.resolve();
  const serially = (work: () => Promise<void>) => {
    const run = busy.then(work);
    busy = run.catch(() => {});
    return run;
  };
  const idle = () => serially(drain);

  return {
    env,
    store: guestStore(env, dynamo),
    audit: auditLog(env, dynamo),
    queue: commandQueue(env, sqs.client),
    sqs,
    sendQueue,
    scheduler,
    ses,
    secrets,
    invocations,
    failedStreamBatches,
    fetch: async (request) => {
      invocations.web += 1;
      // As the web function does before serving: the link pages read the keyring synchronously.
      await web.keyring.refresh();
      return web.app.fetch(request);
    },
    receiveMail: inboundMail
      ? (event) => {
          invocations.inboundMail += 1;
          return inboundMail(event);
        }
      : null,
    idle,
    drainCommands: () => serially(drainCommands),
    drainSends,
    tick: async () => {
      const fired = await scheduler.fireDue();
      if (fired > 0 || sqs.visibleDepth() > 0 || sendQueue.visibleDepth() > 0 || unread) await idle();
    },
    stop: async () => {
      await busy;
      stream.close();
      for (const client of [sqs.client, scheduler.client, ses.client, secrets.client]) client.destroy();
    },
  };
}
