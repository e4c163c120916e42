import * as z from "zod";

/**
 * What it costs to run rsvp on AWS: the usage a month of one event puts on each service, and the bill that
 * usage comes to. `rsvp cost` prints both; `--json` prints them as these schemas describe.
 */

/** The AWS services on an rsvp bill, in the order the bill lists them. */
export const CostService = z.enum([
  "SES",
  "Lambda",
  "DynamoDB",
  "SQS",
  "Scheduler",
  "S3",
  "Secrets Manager",
  "CloudWatch Logs",
  "Bedrock",
]);
export type CostService = z.infer<typeof CostService>;

const count = z.number().nonnegative();

/** One Lambda function's month: how often it ran and its billed compute (memory in GB × seconds). */
export const LambdaUsage = z.object({ invocations: count, gbSeconds: count });
export type LambdaUsage = z.infer<typeof LambdaUsage>;

/**
 * The usage counts a bill is priced from, in each service's billing units. Every field is a plain quantity
 * (requests, units, bytes, GB-months, tokens); none is money.
 */
export const Usage = z.object({
  /**
   * Every AWS API call by `Service.Operation` (e.g. `DynamoDB.TransactWriteItems`): what the measured mode
   * counted, or what the estimate expects. Informational: the billed quantities below are derived from them.
   */
  apiCalls: z.record(z.string(), count),
  /** Per function (Web, Keeper, Streams, Send, InboundMail, Import). */
  lambda: z.record(z.string(), LambdaUsage),
  dynamodb: z.object({
    /** On-demand read request units (a strongly consistent read of up to 4 KB is one). */
    readRequestUnits: count,
    /** On-demand write request units (a write of up to 1 KB is one; in a transaction, two). */
    writeRequestUnits: count,
    storageGbMonth: count,
    /** Point-in-time recovery, billed on the size of each table that has it. */
    backupGbMonth: count,
  }),
  /** SQS FIFO requests as billed: every 64 KB of a request's payload is one request. */
  sqs: z.object({ requests: count }),
  ses: z.object({
    /** Outbound emails (one recipient each). */
    messages: count,
    /** Bytes of attachments sent (the calendar entry of a confirmation). */
    attachmentBytes: count,
    inboundMessages: count,
    /** Received mail is billed per started 256 KB of each message. */
    inboundChunks: count,
  }),
  scheduler: z.object({ invocations: count }),
  s3: z.object({ putRequests: count, getRequests: count, storageGbMonth: count }),
  secretsManager: z.object({ secrets: count, apiCalls: count }),
  cloudWatchLogs: z.object({ ingestedGb: count, storedGbMonth: count }),
  bedrock: z.object({ inputTokens: count, outputTokens: count }),
});
export type Usage = z.infer<typeof Usage>;

/** One priced line: a quantity of one billing unit at one unit price. */
export const BillLine = z.object({
  service: CostService,
  /** What is billed, e.g. "outbound emails". */
  item: z.string(),
  /** The quantity in the price's unit (e.g. 1.234 for 1,234 emails priced per 1,000). */
  quantity: count,
  /** The price's unit, e.g. "1,000 emails". */
  unit: z.string(),
  /** USD per unit. */
  unitPrice: count,
  usd: count,
  /** The unit-price table row it was priced with. */
  priceId: z.string(),
});
export type BillLine = z.infer<typeof BillLine>;

/** An itemised bill: every non-zero line, the sum per service, and the total, all in USD. */
export const Bill = z.object({
  lines: z.array(BillLine),
  byService: z.array(z.object({ service: CostService, usd: count })),
  totalUsd: count,
});
export type Bill = z.infer<typeof Bill>;

/** The targets a month of one event should beat, by guest count (issue 6): about $0.80, $2.40 and $9. */
export const costTargets: readonly { guests: number; usd: number }[] = [
  { guests: 50, usd: 0.8 },
  { guests: 200, usd: 2.4 },
  { guests: 1000, usd: 9 },
];

/**
 * What `rsvp cost` reports: the bill of one N-guest event (its whole lifecycle billed in one month), the
 * deployment's fixed monthly bill, and their sum: what a month with that one event costs.
 */
export const CostReport = z.object({
  guests: z.number().int().positive(),
  /** `estimate`: counted from the scenario; `measured`: counted from a simulated run on the AWS adapters. */
  mode: z.enum(["estimate", "measured"]),
  /** The named assumptions of the scenario. */
  assumptions: z.record(z.string(), z.union([z.number(), z.boolean()])),
  /** How many of each lifecycle step the event went through (registrations, offers, emails, …). */
  lifecycle: z.record(z.string(), z.number()),
  perEvent: z.object({ usage: Usage, bill: Bill }),
  fixed: z.object({ usage: Usage, bill: Bill }),
  totalUsd: count,
  notes: z.array(z.string()),
});
export type CostReport = z.infer<typeof CostReport>;
