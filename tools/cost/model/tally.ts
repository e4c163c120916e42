/**
 * A tally of what an event did on AWS, and how it becomes billable usage. The estimate builds a tally by
 * counting the scenario's steps; the measured mode builds one by counting the SDK calls of a simulated run.
 * Both turn it into a `Usage` the same way, here. Pure.
 */
import type { Usage } from "../contracts.ts";
import { emptyUsage } from "./pricing.ts";

/** The Lambda functions of the stateless stack (stacks/stateless-stack.ts). */
export type LambdaFunction = "Web" | "Keeper" | "Streams" | "Send" | "InboundMail" | "Import";

/** Who made a call: one of our functions, or AWS on our behalf (Lambda's queue poller, Scheduler, SES). */
export type Caller = LambdaFunction | "AWS";

/** Memory per function in MB, as the stateless stack configures them (a default of 512 MB otherwise). */
const lambdaMemoryMb: Record<LambdaFunction, number> = {
  Web: 1024,
  Keeper: 512,
  Streams: 512,
  Send: 512,
  InboundMail: 512,
  Import: 1024,
};

/**
 * How long an invocation runs, as a model: the function's own work plus the wait on each AWS call it makes.
 * A local run cannot time a Lambda (DynamoDB Local and in-process stand-ins answer at other speeds), so both
 * modes bill duration by this model from the calls they counted. Figures are typical same-region latencies
 * from experience, not measurements: treat compute as the roughest line of the bill.
 */
export const durationModel = {
  /** Milliseconds of the function's own work per invocation (parse, decide, render). */
  baseMs: { Web: 15, Keeper: 10, Streams: 10, Send: 10, InboundMail: 40, Import: 100 } satisfies Record<
    LambdaFunction,
    number
  >,
  /** Milliseconds an invocation waits on one call to each service. */
  callMs: {
    DynamoDB: 8,
    SQS: 12,
    SES: 40,
    Scheduler: 25,
    S3: 20,
    SecretsManager: 20,
    Bedrock: 3_000,
  } as Record<string, number>,
  /** Milliseconds for a call to a service not listed. */
  otherCallMs: 20,
  /**
   * How long a new execution environment's init runs (the bundle loaded, clients composed); billed since Lambda
   * began charging for the init phase in 2025 (from memory). How many there are is counted (`Tally.coldStarts`).
   */
  initMs: 350,
  /**
   * How long Lambda keeps an idle environment warm, as a rule of thumb (not documented): an invocation more than
   * this long after the function's previous one starts cold.
   */
  warmForMs: 10 * 60_000,
};

/** Bytes each invocation writes to CloudWatch Logs: Lambda's START, END and REPORT lines and a little of ours. */
const logBytesPerInvocation = 450;
/** Days each function's log group keeps its logs (stacks/rsvp-function.ts: one week). */
const logRetentionDays = 7;

/**
 * What an event did on AWS. `calls` counts every AWS API call by caller and `Service.Operation`; the rest are
 * the quantities no single call carries (capacity units, bytes, invocations of AWS-side features).
 */
export interface Tally {
  invocations: Partial<Record<LambdaFunction, number>>;
  /** Invocations that started a new execution environment (see `durationModel.warmForMs`). */
  coldStarts: Partial<Record<LambdaFunction, number>>;
  calls: Partial<Record<Caller, Record<string, number>>>;
  dynamodb: { readRequestUnits: number; writeRequestUnits: number; storageBytes: number };
  /** Outbound emails, their attachments' bytes, and received messages with their 256 KB chunks. */
  ses: { messages: number; attachmentBytes: number; inboundMessages: number; inboundChunks: number };
  /** Schedules that fired (each sends its command to the queue). */
  schedulerInvocations: number;
  /** SQS requests billed beyond one per call: each further 64 KB of a payload. */
  sqsExtraChunks: number;
  s3StorageBytes: number;
  bedrock: { inputTokens: number; outputTokens: number };
}

/** An empty tally to count into. */
export function emptyTally(): Tally {
  return {
    invocations: {},
    coldStarts: {},
    calls: {},
    dynamodb: { readRequestUnits: 0, writeRequestUnits: 0, storageBytes: 0 },
    ses: { messages: 0, attachmentBytes: 0, inboundMessages: 0, inboundChunks: 0 },
    schedulerInvocations: 0,
    sqsExtraChunks: 0,
    s3StorageBytes: 0,
    bedrock: { inputTokens: 0, outputTokens: 0 },
  };
}

/** Adds `n` calls of `Service.Operation` by `caller` to a tally. */
export function countCall(tally: Tally, caller: Caller, operation: string, n = 1): void {
  const byOp = tally.calls[caller] ?? {};
  byOp[operation] = (byOp[operation] ?? 0) + n;
  tally.calls[caller] = byOp;
}

/** Adds `n` invocations of a function to a tally, `cold` of them starting a new environment. */
export function countInvocation(tally: Tally, fn: LambdaFunction, n = 1, cold = 0): void {
  tally.invocations[fn] = (tally.invocations[fn] ?? 0) + n;
  if (cold > 0) tally.coldStarts[fn] = (tally.coldStarts[fn] ?? 0) + cold;
}

const serviceOf = (operation: string) => operation.slice(0, operation.indexOf("."));

function sumCalls(tally: Tally, match: (operation: string) => boolean): number {
  let n = 0;
  for (const byOp of Object.values(tally.calls))
    for (const [op, count] of Object.entries(byOp ?? {})) if (match(op)) n += count;
  return n;
}

const GB = 1024 ** 3;

/**
 * The billable usage of a tally over `months` of storage (how long the event's data is kept within the month
 * billed: 1 for a month). Lambda compute comes from the duration model, logs from the invocations, SQS requests
 * from every SQS call (ours and the poller's) plus extra 64 KB chunks, Secrets Manager and S3 requests from
 * their calls.
 */
export function usageOf(tally: Tally, months = 1): Usage {
  const usage = emptyUsage();
  for (const byOp of Object.values(tally.calls))
    for (const [op, n] of Object.entries(byOp ?? {})) usage.apiCalls[op] = (usage.apiCalls[op] ?? 0) + n;

  let invocations = 0;
  for (const [fn, count] of Object.entries(tally.invocations) as [LambdaFunction, number][]) {
    if (!count) continue;
    invocations += count;
    let callMs = 0;
    for (const [op, n] of Object.entries(tally.calls[fn] ?? {}))
      callMs += n * (durationModel.callMs[serviceOf(op)] ?? durationModel.otherCallMs);
    const ms = count * durationModel.baseMs[fn] + callMs + (tally.coldStarts[fn] ?? 0) * durationModel.initMs;
    usage.lambda[fn] = { invocations: count, gbSeconds: (lambdaMemoryMb[fn] / 1024) * (ms / 1000) };
  }

  usage.dynamodb = {
    readRequestUnits: tally.dynamodb.readRequestUnits,
    writeRequestUnits: tally.dynamodb.writeRequestUnits,
    storageGbMonth: (tally.dynamodb.storageBytes / GB) * months,
    // Point-in-time recovery is on for every table (stacks/stateful-stack.ts).
    backupGbMonth: (tally.dynamodb.storageBytes / GB) * months,
  };
  usage.sqs = { requests: sumCalls(tally, (op) => op.startsWith("SQS.")) + tally.sqsExtraChunks };
  usage.ses = { ...tally.ses };
  usage.scheduler = { invocations: tally.schedulerInvocations };
  usage.s3 = {
    putRequests: sumCalls(tally, (op) => op === "S3.PutObject"),
    getRequests: sumCalls(tally, (op) => op === "S3.GetObject"),
    storageGbMonth: (tally.s3StorageBytes / GB) * months,
  };
  usage.secretsManager = {
    secrets: 0,
    apiCalls: sumCalls(tally, (op) => op.startsWith("SecretsManager.")),
  };
  const logGb = (invocations * logBytesPerInvocation) / GB;
  usage.cloudWatchLogs = { ingestedGb: logGb, storedGbMonth: logGb * (logRetentionDays / 30) };
  usage.bedrock = { ...tally.bedrock };
  return usage;
}
