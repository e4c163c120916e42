/**
 * The one table of AWS unit prices every rsvp cost figure is computed from: us-east-1 list prices, on-demand,
 * Lambda on arm64 (the stack's architecture). Each row says when it was checked and where the figure came from.
 *
 * `basis` says how much to trust a row:
 * - `aws-page`: read on AWS's own documentation or pricing page;
 * - `transcription`: AWS's list price as quoted by a dated third-party page (the pricing pages render their
 *   numbers client-side, so the searchable text is often a transcription); cross-checked where two agreed;
 * - `memory`: from memory and NOT verified on the checked date. Treat these as the first to re-check.
 *
 * Free tier: prices here are list prices without any free tier, on purpose. The always-free allowances
 * (Lambda's 1M requests and 400,000 GB-s, SQS's 1M requests, Scheduler's 14M invocations, CloudWatch Logs'
 * 5 GB, …) belong to the AWS account, not to an event: they are shared by everything in the account and an
 * account running other workloads may have used them up. A bill without them is the honest upper bound; `rsvp
 * cost` prints a note naming them (`freeTier` below) so a reader can subtract what applies to them.
 */
import type { CostService } from "../contracts.ts";

/** How far a price row is verified (see above). */
export type PriceBasis = "aws-page" | "transcription" | "memory";

export interface UnitPrice {
  service: CostService;
  /** What is billed. */
  item: string;
  /** The unit the price is for, as printed ("1,000 emails"). */
  unit: string;
  /** How many of the usage's base quantity (emails, requests, bytes…) one unit is. */
  perUnit: number;
  /** USD per unit. */
  usd: number;
  /** The day the price was looked up (UTC). */
  checked: string;
  /** The page title and URL path the price is from. */
  source: string;
  basis: PriceBasis;
  /** The account's always-free allowance for this item, if any: never applied, printed as a note. */
  freeTier?: string;
}

const checked = "2026-11-21";
const GB = 1024 ** 3;

/** Every unit price, by id. `pricing.ts` names these ids; nothing else holds a price. */
export const unitPrices = {
  "ses.outbound": {
    service: "SES",
    item: "outbound emails",
    unit: "1,000 emails",
    perUnit: 1000,
    usd: 0.1,
    checked,
    source:
      "Amazon SES pricing (aws.amazon.com/ses/pricing/), à la carte: $0.0001 per outbound recipient, as read from " +
      "the AWS Price List API for AmazonSES us-east-1 (publication 2026-07-22) in a transcription. Accounts new to " +
      "SES since 2026-07-21 start on the Essentials plan instead, $0.00016 per email (same transcription).",
    basis: "transcription",
  },
  "ses.attachments": {
    service: "SES",
    item: "attachment data",
    unit: "GB",
    perUnit: GB,
    usd: 0.12,
    checked,
    source:
      "Amazon SES pricing (aws.amazon.com/ses/pricing/), à la carte, same transcription as outbound emails",
    basis: "transcription",
  },
  "ses.inbound": {
    service: "SES",
    item: "inbound emails",
    unit: "1,000 emails",
    perUnit: 1000,
    usd: 0.1,
    checked,
    source:
      "Amazon SES pricing (aws.amazon.com/ses/pricing/), à la carte, same transcription as outbound emails",
    basis: "transcription",
  },
  "ses.inboundChunks": {
    service: "SES",
    item: "inbound 256 KB chunks",
    unit: "1,000 chunks",
    perUnit: 1000,
    usd: 0.09,
    checked,
    source:
      "Amazon SES pricing (aws.amazon.com/ses/pricing/), à la carte, same transcription as outbound emails",
    basis: "transcription",
  },
  "lambda.requests": {
    service: "Lambda",
    item: "requests",
    unit: "1M requests",
    perUnit: 1_000_000,
    usd: 0.2,
    checked,
    source:
      "AWS Lambda pricing (aws.amazon.com/lambda/pricing/), US East (N. Virginia), as transcribed by several 2026 pages",
    basis: "transcription",
    freeTier: "1M requests a month per account",
  },
  "lambda.duration": {
    service: "Lambda",
    item: "compute (arm64)",
    unit: "GB-second",
    perUnit: 1,
    usd: 0.0000133334,
    checked,
    source:
      "AWS Lambda pricing (aws.amazon.com/lambda/pricing/), Arm price for the first 7.5 billion GB-s a month, " +
      "US East (N. Virginia), as transcribed by several pages",
    basis: "transcription",
    freeTier: "400,000 GB-seconds a month per account",
  },
  "dynamodb.write": {
    service: "DynamoDB",
    item: "write request units",
    unit: "1M WRU",
    perUnit: 1_000_000,
    usd: 0.625,
    checked,
    source:
      "Amazon DynamoDB pricing for on-demand capacity (aws.amazon.com/dynamodb/pricing/on-demand/), after the " +
      "November 2024 reduction, as transcribed by a 2025 guide",
    basis: "transcription",
  },
  "dynamodb.read": {
    service: "DynamoDB",
    item: "read request units",
    unit: "1M RRU",
    perUnit: 1_000_000,
    usd: 0.125,
    checked,
    source:
      "Amazon DynamoDB pricing for on-demand capacity (aws.amazon.com/dynamodb/pricing/on-demand/), after the " +
      "November 2024 reduction, as transcribed by a 2025 guide",
    basis: "transcription",
  },
  "dynamodb.storage": {
    service: "DynamoDB",
    item: "table storage",
    unit: "GB-month",
    perUnit: 1,
    usd: 0.25,
    checked,
    source: "Amazon DynamoDB pricing (aws.amazon.com/dynamodb/pricing/), Standard table class: from memory",
    basis: "memory",
    freeTier: "25 GB of table storage per account",
  },
  "dynamodb.backup": {
    service: "DynamoDB",
    item: "point-in-time recovery",
    unit: "GB-month",
    perUnit: 1,
    usd: 0.2,
    checked,
    source: "Amazon DynamoDB pricing (aws.amazon.com/dynamodb/pricing/), continuous backups: from memory",
    basis: "memory",
  },
  "sqs.fifo": {
    service: "SQS",
    item: "FIFO requests",
    unit: "1M requests",
    perUnit: 1_000_000,
    usd: 0.5,
    checked,
    source:
      "Amazon SQS pricing (aws.amazon.com/sqs/pricing/), FIFO, each 64 KB of a request billed as one request, " +
      "as transcribed by two 2026 guides",
    basis: "transcription",
    freeTier: "1M requests a month per account",
  },
  "scheduler.invocations": {
    service: "Scheduler",
    item: "schedule invocations",
    unit: "1M invocations",
    perUnit: 1_000_000,
    usd: 1,
    checked,
    source:
      "Amazon EventBridge pricing (aws.amazon.com/eventbridge/pricing/), Scheduler; creating and deleting " +
      "schedules is not billed; as transcribed by two 2026 guides",
    basis: "transcription",
    freeTier: "14M invocations a month per account",
  },
  "s3.storage": {
    service: "S3",
    item: "Standard storage",
    unit: "GB-month",
    perUnit: 1,
    usd: 0.023,
    checked,
    source:
      "Amazon S3 pricing (aws.amazon.com/s3/pricing/), S3 Standard, first 50 TB, as transcribed by 2026 guides",
    basis: "transcription",
  },
  "s3.put": {
    service: "S3",
    item: "PUT requests",
    unit: "1,000 requests",
    perUnit: 1000,
    usd: 0.005,
    checked,
    source:
      "Amazon S3 pricing (aws.amazon.com/s3/pricing/), S3 Standard PUT, COPY, POST, LIST, as transcribed by 2026 guides",
    basis: "transcription",
  },
  "s3.get": {
    service: "S3",
    item: "GET requests",
    unit: "1,000 requests",
    perUnit: 1000,
    usd: 0.0004,
    checked,
    source:
      "Amazon S3 pricing (aws.amazon.com/s3/pricing/), S3 Standard GET, SELECT, as transcribed by 2026 guides",
    basis: "transcription",
  },
  "secrets.secret": {
    service: "Secrets Manager",
    item: "secrets",
    unit: "secret-month",
    perUnit: 1,
    usd: 0.4,
    checked,
    source:
      "AWS Secrets Manager pricing (aws.amazon.com/secrets-manager/pricing/), as transcribed by a 2026 page",
    basis: "transcription",
  },
  "secrets.api": {
    service: "Secrets Manager",
    item: "API calls",
    unit: "10,000 calls",
    perUnit: 10_000,
    usd: 0.05,
    checked,
    source:
      "AWS Secrets Manager pricing (aws.amazon.com/secrets-manager/pricing/), as transcribed by a 2026 page",
    basis: "transcription",
  },
  "logs.ingest": {
    service: "CloudWatch Logs",
    item: "log ingestion",
    unit: "GB",
    perUnit: 1,
    usd: 0.5,
    checked,
    source:
      "Amazon CloudWatch pricing (aws.amazon.com/cloudwatch/pricing/), Logs, Standard class ingestion (Lambda " +
      "logs: first tier of vended-log pricing), us-east-1, as transcribed by a June 2026 guide",
    basis: "transcription",
    freeTier: "5 GB of log data a month per account",
  },
  "logs.storage": {
    service: "CloudWatch Logs",
    item: "log storage",
    unit: "GB-month",
    perUnit: 1,
    usd: 0.03,
    checked,
    source:
      "Amazon CloudWatch pricing (aws.amazon.com/cloudwatch/pricing/), Logs storage, as transcribed by a June 2026 guide",
    basis: "transcription",
  },
  "bedrock.input": {
    service: "Bedrock",
    item: "Claude Haiku 4.5 input tokens",
    unit: "1M tokens",
    perUnit: 1_000_000,
    usd: 1,
    checked,
    source:
      "Anthropic pricing (platform.claude.com/docs/en/about-claude/pricing), Claude Haiku 4.5; Amazon Bedrock " +
      "pricing (aws.amazon.com/bedrock/pricing/) matches it on the global cross-region profile (regional +10%), " +
      "as a 2026 Bedrock guide reports",
    basis: "transcription",
  },
  "bedrock.output": {
    service: "Bedrock",
    item: "Claude Haiku 4.5 output tokens",
    unit: "1M tokens",
    perUnit: 1_000_000,
    usd: 5,
    checked,
    source:
      "Anthropic pricing (platform.claude.com/docs/en/about-claude/pricing), Claude Haiku 4.5, global " +
      "cross-region profile on Bedrock, as for input tokens",
    basis: "transcription",
  },
} as const satisfies Record<string, UnitPrice>;

export type PriceId = keyof typeof unitPrices;

/** Notes on what is free and therefore has no row. */
export const unpricedNotes: readonly string[] = [
  "DynamoDB Streams reads by a Lambda trigger are free (Amazon DynamoDB Developer Guide, " +
    "docs.aws.amazon.com/amazondynamodb/latest/developerguide/CostOptimization_StreamsUsage.html, checked 2026-11-21).",
  "EventBridge Scheduler bills invocations only: CreateSchedule and DeleteSchedule calls are free.",
  "Queues, bucket and secret use AWS-owned encryption keys (SQS-managed, S3-managed, aws/secretsmanager): no KMS charge.",
  "The AWS Budgets alarm of the stack is one of the account's free budgets.",
];
