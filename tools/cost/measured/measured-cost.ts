/**
 * The measured cost: the scenario of `tools/cost/model/scenario.ts` played through the AWS runtime in one process
 * (tools/aws-local: the real adapters and Lambda compositions on DynamoDB Local, with in-process SQS FIFO
 * and standard queues, Scheduler, SES and Secrets Manager) by measured-run.ts, on a simulated clock, with every AWS API call
 * counted by SDK middleware (call-counter.ts) and then priced like the estimate.
 *
 * Not measured, and added by the model instead (each named in the report's notes): Lambda's queue pollers
 * (one ReceiveMessage and one DeleteMessageBatch per keeper batch and per Send batch), SES's write of each received message to S3,
 * Lambda compute (the duration model of tools/cost/model/tally.ts), and the Bedrock draft, which the local runtime
 * writes from the template (the tokens of one draft per event, as assumed).
 */
import { randomUUID } from "node:crypto";
import { type AttributeValue, type DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import pino from "pino";
import { dynamoLocalClient, startDynamoLocal } from "../../../runtime/dynamo-local.ts";
import { type AwsLocalRuntime, startAwsLocal } from "../../aws-local/aws-local-runtime.ts";
import type { CostReport } from "../contracts.ts";
import { costReport } from "../model/report.ts";
import { type CostAssumptions, defaultAssumptions } from "../model/scenario.ts";
import { type Caller, durationModel, emptyTally, type Tally, usageOf } from "../model/tally.ts";
import { CallCounter, itemBytes } from "./call-counter.ts";
import { inboundDomain } from "./email-replies.ts";
import { LifecycleRun } from "./measured-run.ts";
import { runClock } from "./run-clock.ts";

export interface MeasureOptions {
  guests: number;
  assumptions?: CostAssumptions;
  /** A DynamoDB Local that is running already (the test run's); default: one is started for the run and stopped. */
  dynamoEndpoint?: string;
  /** Told what the run is doing, a line at a time. */
  progress?: (line: string) => void;
}

export interface Measurement {
  tally: Tally;
  /** The lifecycle as it went: registrations, offers, emails by kind, … */
  lifecycle: Record<string, number>;
  /** What was modelled rather than measured. */
  notes: string[];
  /** How long the run took, in seconds of real time. */
  seconds: number;
}

/**
 * Who made a call the run did not make as a known caller: the keeper's calls are told by their operations
 * (it alone reads in batches and writes transactions, and reads the head of the line), Scheduler's sends by
 * theirs (our adapters send in batches), the Send function's by SES and the mail table (the inbound-mail
 * function, the other sender, runs as itself) and by a job put back with a delay; everything else during
 * delivery is the streams function.
 */
const attributeWith =
  (mailTable: string) =>
  (operation: string, input: Record<string, unknown>): Caller => {
    if (operation === "DynamoDB.BatchGetItem" || operation === "DynamoDB.TransactWriteItems") return "Keeper";
    if (operation === "DynamoDB.Query" && input.IndexName !== undefined && input.Select !== "COUNT")
      return "Keeper";
    if (operation.startsWith("SES.") || input.TableName === mailTable) return "Send";
    if (operation === "SQS.SendMessage") return input.DelaySeconds !== undefined ? "Send" : "AWS";
    return "Streams";
  };

/** Plays the scenario for `guests` through the AWS runtime and returns what it counted. */
export async function measureLifecycle(options: MeasureOptions): Promise<Measurement> {
  const a = options.assumptions ?? defaultAssumptions;
  const say = options.progress ?? (() => {});
  const began = performance.now();
  const local = options.dynamoEndpoint ? null : await startDynamoLocal();
  const endpoint = options.dynamoEndpoint ?? local!.endpoint;
  const clock = runClock();
  const dynamo = dynamoLocalClient(endpoint, 10);
  const tally = emptyTally();
  const suffix = randomUUID();
  const attribute = attributeWith(`cost-mail-${suffix}`);
  const counter = new CallCounter({ tally, attribute, now: clock.ms, warmForMs: durationModel.warmForMs });
  counter.attach(dynamo);
  let rt: AwsLocalRuntime | null = null;
  try {
    say(`measuring a ${options.guests}-guest event on DynamoDB Local (${endpoint})`);
    rt = await startAwsLocal({
      dynamo,
      streams: { endpoint },
      tables: { guest: `cost-guests-${suffix}`, audit: `cost-audit-${suffix}`, mail: `cost-mail-${suffix}` },
      clock,
      logger: pino({ level: "silent" }),
      inboundDomain,
    });
    counter.attach(rt.sqs.client, "rsvpLocalSqs");
    counter.attach(rt.scheduler.client, "rsvpLocalScheduler");
    counter.attach(rt.ses.client, "rsvpLocalSes");
    counter.attach(rt.secrets.client, "rsvpLocalSecrets");
    const run = new LifecycleRun(rt, dynamo, counter, clock, a, options.guests, say);
    counter.counting = true;
    await run.play();
    counter.counting = false;
    say("DynamoDB capacity units by caller and call:");
    for (const [call, units] of [...counter.unitsByOperation].sort(([, x], [, y]) => y - x))
      say(`  ${call}: ${units}`);
    tally.dynamodb.storageBytes = await tableBytes(dynamo, [
      `cost-guests-${suffix}`,
      `cost-audit-${suffix}`,
      `cost-mail-${suffix}`,
    ]);
    return {
      tally,
      lifecycle: run.lifecycle(),
      notes: run.notes,
      seconds: (performance.now() - began) / 1000,
    };
  } finally {
    await rt?.stop();
    dynamo.destroy();
    await local?.stop();
  }
}

/** The bytes the event left in its tables (billed as storage for the month). */
async function tableBytes(dynamo: DynamoDBClient, tables: readonly string[]): Promise<number> {
  let bytes = 0;
  for (const table of tables) {
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await dynamo.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
      // DynamoDB adds 100 bytes of overhead per item (and per index entry) to what it bills as storage.
      for (const item of page.Items ?? []) bytes += itemBytes(item) + 100;
      start = page.LastEvaluatedKey;
    } while (start);
  }
  return bytes;
}

/** The measured report: the run's tally priced like the estimate. */
export async function measuredCostReport(options: MeasureOptions): Promise<CostReport> {
  const m = await measureLifecycle(options);
  options.progress?.(`measured in ${m.seconds.toFixed(0)} s`);
  return costReport({
    guests: options.guests,
    mode: "measured",
    perEventUsage: usageOf(m.tally),
    lifecycle: m.lifecycle,
    assumptions: options.assumptions,
    notes: m.notes,
  });
}
