/**
 * Pricing: usage counts in, an itemised bill out. Pure: every number comes from the usage and the one table of
 * unit prices (`unit-prices.ts`).
 */
import { type Bill, type BillLine, CostService, type Usage } from "../contracts.ts";
import { type PriceId, type UnitPrice, unitPrices } from "./unit-prices.ts";

/** No usage at all: the start of a sum. */
export function emptyUsage(): Usage {
  return {
    apiCalls: {},
    lambda: {},
    dynamodb: { readRequestUnits: 0, writeRequestUnits: 0, storageGbMonth: 0, backupGbMonth: 0 },
    sqs: { requests: 0 },
    ses: { messages: 0, attachmentBytes: 0, inboundMessages: 0, inboundChunks: 0 },
    scheduler: { invocations: 0 },
    s3: { putRequests: 0, getRequests: 0, storageGbMonth: 0 },
    secretsManager: { secrets: 0, apiCalls: 0 },
    cloudWatchLogs: { ingestedGb: 0, storedGbMonth: 0 },
    bedrock: { inputTokens: 0, outputTokens: 0 },
  };
}

type Counts = Record<string, number>;

function addCounts(a: Counts, b: Counts): Counts {
  const sum = { ...a };
  for (const [key, n] of Object.entries(b)) sum[key] = (sum[key] ?? 0) + n;
  return sum;
}

function addFields<T extends Record<string, number>>(a: T, b: T): T {
  return addCounts(a, b) as T;
}

/** The sum of two usages, field by field. */
export function addUsage(a: Usage, b: Usage): Usage {
  const lambda: Usage["lambda"] = { ...a.lambda };
  for (const [fn, use] of Object.entries(b.lambda)) {
    const before = lambda[fn] ?? { invocations: 0, gbSeconds: 0 };
    lambda[fn] = {
      invocations: before.invocations + use.invocations,
      gbSeconds: before.gbSeconds + use.gbSeconds,
    };
  }
  return {
    apiCalls: addCounts(a.apiCalls, b.apiCalls),
    lambda,
    dynamodb: addFields(a.dynamodb, b.dynamodb),
    sqs: addFields(a.sqs, b.sqs),
    ses: addFields(a.ses, b.ses),
    scheduler: addFields(a.scheduler, b.scheduler),
    s3: addFields(a.s3, b.s3),
    secretsManager: addFields(a.secretsManager, b.secretsManager),
    cloudWatchLogs: addFields(a.cloudWatchLogs, b.cloudWatchLogs),
    bedrock: addFields(a.bedrock, b.bedrock),
  };
}

/** What one usage quantity is billed as: the price row and the quantity in that row's base unit. */
interface Metered {
  priceId: PriceId;
  /** Printed instead of the price row's item, e.g. "Keeper requests". */
  item?: string;
  amount: number;
}

/** Every billed quantity of a usage, in bill order. */
function metered(usage: Usage): Metered[] {
  const { ses, dynamodb, s3, secretsManager, cloudWatchLogs, bedrock } = usage;
  const lambda = Object.entries(usage.lambda).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [
    { priceId: "ses.outbound", amount: ses.messages },
    { priceId: "ses.attachments", amount: ses.attachmentBytes },
    { priceId: "ses.inbound", amount: ses.inboundMessages },
    { priceId: "ses.inboundChunks", amount: ses.inboundChunks },
    ...lambda.flatMap(([fn, use]): Metered[] => [
      { priceId: "lambda.requests", item: `${fn} requests`, amount: use.invocations },
      { priceId: "lambda.duration", item: `${fn} compute (arm64)`, amount: use.gbSeconds },
    ]),
    { priceId: "dynamodb.write", amount: dynamodb.writeRequestUnits },
    { priceId: "dynamodb.read", amount: dynamodb.readRequestUnits },
    { priceId: "dynamodb.storage", amount: dynamodb.storageGbMonth },
    { priceId: "dynamodb.backup", amount: dynamodb.backupGbMonth },
    { priceId: "sqs.fifo", amount: usage.sqs.requests },
    { priceId: "scheduler.invocations", amount: usage.scheduler.invocations },
    { priceId: "s3.put", amount: s3.putRequests },
    { priceId: "s3.get", amount: s3.getRequests },
    { priceId: "s3.storage", amount: s3.storageGbMonth },
    { priceId: "secrets.secret", amount: secretsManager.secrets },
    { priceId: "secrets.api", amount: secretsManager.apiCalls },
    { priceId: "logs.ingest", amount: cloudWatchLogs.ingestedGb },
    { priceId: "logs.storage", amount: cloudWatchLogs.storedGbMonth },
    { priceId: "bedrock.input", amount: bedrock.inputTokens },
    { priceId: "bedrock.output", amount: bedrock.outputTokens },
  ];
}

/**
 * Prices a usage with the unit-price table: one line per non-zero quantity (quantity in the price's unit ×
 * the unit price), the sum per service (every service, zero when unused) and the total, all in USD, unrounded.
 * No free tier is applied (see `unit-prices.ts` for why).
 */
export function priceUsage(usage: Usage, prices: Record<PriceId, UnitPrice> = unitPrices): Bill {
  const lines: BillLine[] = [];
  for (const { priceId, item, amount } of metered(usage)) {
    if (amount <= 0) continue;
    const price = prices[priceId];
    const quantity = amount / price.perUnit;
    lines.push({
      service: price.service,
      item: item ?? price.item,
      quantity,
      unit: price.unit,
      unitPrice: price.usd,
      usd: quantity * price.usd,
      priceId,
    });
  }
  const byService = CostService.options.map((service) => ({
    service,
    usd: lines.filter((l) => l.service === service).reduce((sum, l) => sum + l.usd, 0),
  }));
  return { lines, byService, totalUsd: byService.reduce((sum, s) => sum + s.usd, 0) };
}
