import { describe, expect, it } from "vitest";
import { Bill, CostReport, CostService, type Usage } from "../../tools/cost/contracts.ts";
import { estimateTally, estimateUsage } from "../../tools/cost/model/estimate.ts";
import { addUsage, emptyUsage, priceUsage } from "../../tools/cost/model/pricing.ts";
import { costReport, fixedMonthlyUsage } from "../../tools/cost/model/report.ts";
import { defaultAssumptions, lifecycleCounts, picked } from "../../tools/cost/model/scenario.ts";
import { countCall, countInvocation, emptyTally, usageOf } from "../../tools/cost/model/tally.ts";
import { unitPrices } from "../../tools/cost/model/unit-prices.ts";

const GB = 1024 ** 3;

/** A month with something on every line, in round quantities whose bill is easy to work out by hand. */
function roundUsage(): Usage {
  const usage = emptyUsage();
  usage.ses = { messages: 1_000, attachmentBytes: GB, inboundMessages: 2_000, inboundChunks: 2_000 };
  usage.lambda = { Keeper: { invocations: 2_000_000, gbSeconds: 100_000 } };
  usage.dynamodb = {
    readRequestUnits: 4_000_000,
    writeRequestUnits: 2_000_000,
    storageGbMonth: 2,
    backupGbMonth: 1,
  };
  usage.sqs = { requests: 3_000_000 };
  usage.scheduler = { invocations: 14_000_000 };
  usage.s3 = { putRequests: 2_000, getRequests: 10_000, storageGbMonth: 10 };
  usage.secretsManager = { secrets: 2, apiCalls: 20_000 };
  usage.cloudWatchLogs = { ingestedGb: 4, storedGbMonth: 10 };
  usage.bedrock = { inputTokens: 1_000_000, outputTokens: 200_000 };
  return usage;
}

describe("pricing a month of usage", () => {
  it("prices every line at the table's unit price, summed per service and in total (worked by hand)", () => {
    const bill = priceUsage(roundUsage());
    const by = Object.fromEntries(bill.byService.map((s) => [s.service, s.usd]));
    // SES: 1,000 emails × $0.10/1,000 + 1 GB × $0.12 + 2,000 inbound × $0.10/1,000 + 2,000 chunks × $0.09/1,000
    expect(by.SES).toBeCloseTo(0.1 + 0.12 + 0.2 + 0.18, 10);
    // Lambda: 2M requests × $0.20/M + 100,000 GB-s × $0.0000133334
    expect(by.Lambda).toBeCloseTo(0.4 + 1.33334, 10);
    // DynamoDB: 2M WRU × $0.625/M + 4M RRU × $0.125/M + 2 GB-month × $0.25 + 1 GB-month × $0.20
    expect(by.DynamoDB).toBeCloseTo(1.25 + 0.5 + 0.5 + 0.2, 10);
    expect(by.SQS).toBeCloseTo(1.5, 10); // 3M × $0.50/M
    expect(by.Scheduler).toBeCloseTo(14, 10); // no free tier applied
    expect(by.S3).toBeCloseTo(0.01 + 0.004 + 0.23, 10);
    expect(by["Secrets Manager"]).toBeCloseTo(0.8 + 0.1, 10);
    expect(by["CloudWatch Logs"]).toBeCloseTo(2 + 0.3, 10);
    expect(by.Bedrock).toBeCloseTo(1 + 1, 10);
    expect(bill.totalUsd).toBeCloseTo(0.6 + 1.73334 + 2.45 + 1.5 + 14 + 0.244 + 0.9 + 2.3 + 2, 10);
    expect(Bill.parse(bill)).toEqual(bill);
  });

  it("itemises Lambda per function and names the price row of every line", () => {
    const usage = roundUsage();
    usage.lambda.Web = { invocations: 1_000_000, gbSeconds: 0 };
    const bill = priceUsage(usage);
    const keeper = bill.lines.find((l) => l.item === "Keeper compute (arm64)");
    expect(keeper).toMatchObject({
      service: "Lambda",
      quantity: 100_000,
      unit: "GB-second",
      priceId: "lambda.duration",
    });
    expect(bill.lines.find((l) => l.item === "Web requests")?.usd).toBeCloseTo(0.2, 10);
    // A zero quantity is no line: the Web function had no compute.
    expect(bill.lines.some((l) => l.item === "Web compute (arm64)")).toBe(false);
  });

  it("bills nothing for no usage, and lists every service at zero", () => {
    const bill = priceUsage(emptyUsage());
    expect(bill.lines).toEqual([]);
    expect(bill.totalUsd).toBe(0);
    expect(bill.byService.map((s) => s.service)).toEqual(CostService.options);
  });

  it("adds two usages field by field, functions and calls merged", () => {
    const a = roundUsage();
    a.apiCalls = { "SQS.SendMessageBatch": 2 };
    const b = emptyUsage();
    b.apiCalls = { "SQS.SendMessageBatch": 3, "SES.SendEmail": 1 };
    b.lambda = { Keeper: { invocations: 1, gbSeconds: 0.5 }, Web: { invocations: 4, gbSeconds: 1 } };
    b.ses.messages = 5;
    const sum = addUsage(a, b);
    expect(sum.apiCalls).toEqual({ "SQS.SendMessageBatch": 5, "SES.SendEmail": 1 });
    expect(sum.lambda).toEqual({
      Keeper: { invocations: 2_000_001, gbSeconds: 100_000.5 },
      Web: { invocations: 4, gbSeconds: 1 },
    });
    expect(sum.ses.messages).toBe(1_005);
  });
});

describe("the unit-price table", () => {
  it("dates and sources every price", () => {
    for (const [id, price] of Object.entries(unitPrices)) {
      expect(price.checked, id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(price.source.length, id).toBeGreaterThan(20);
      expect(price.usd, id).toBeGreaterThan(0);
    }
  });
});

describe("the scenario", () => {
  it("picks a share evenly and deterministically", () => {
    expect([0, 1, 2, 3, 4].map((k) => picked(k, 0.6))).toEqual([false, true, false, true, true]);
    expect(Array.from({ length: 20 }, (_, k) => picked(k, 0.1)).filter(Boolean)).toHaveLength(2);
  });

  it("walks a 200-guest event: 180 seats, 18 cancel, offers run down the 20-person line", () => {
    expect(lifecycleCounts(200)).toEqual({
      guests: 200,
      capacity: 180,
      emailRegistrations: 10,
      seated: 180,
      waitlisted: 20,
      cancellations: 18,
      // Offers claimed 3 in 5 (lapse, claim, lapse, claim, claim): the line of 20 runs out after 12 claims.
      offers: 20,
      claims: 12,
      lapses: 8,
      finalSeated: 174,
      reminders: 522,
      summaries: 7,
      thankYouNotes: 174,
    });
  });

  it("refuses a guest count that is no whole positive number", () => {
    expect(() => lifecycleCounts(0)).toThrow(RangeError);
    expect(() => lifecycleCounts(2.5)).toThrow(RangeError);
  });
});

describe("the estimate", () => {
  it("sends an email for every step that calls for one, and one SES call per email", () => {
    const c = lifecycleCounts(200);
    const tally = estimateTally(200);
    const emails =
      c.guests +
      c.cancellations +
      c.offers +
      c.claims +
      c.lapses +
      c.summaries +
      c.reminders +
      c.thankYouNotes;
    // Besides, each email reply is answered by the parser with the register page's link (issue 13: only a
    // signed per-guest reply address acts).
    expect(tally.ses.messages).toBe(emails + c.emailRegistrations);
    // Sent by the Send function, from the jobs the stream handlers and the parser queued (the mail path, issue
    // 16 §1; the parser's answers take it too).
    expect(tally.calls.Send?.["SES.SendEmail"]).toBe(emails + c.emailRegistrations);
    expect(tally.calls.Streams?.["SES.SendEmail"]).toBeUndefined();
    expect(tally.calls.InboundMail?.["SES.SendEmail"]).toBeUndefined();
    expect(tally.calls.InboundMail?.["SQS.SendMessageBatch"]).toBeGreaterThanOrEqual(c.emailRegistrations);
    // Every command reaches the keeper through the queue: one SQS send per registration at least.
    const sends = Object.values(tally.calls).reduce(
      (n, byOp) => n + (byOp?.["SQS.SendMessageBatch"] ?? 0) + (byOp?.["SQS.SendMessage"] ?? 0),
      0,
    );
    expect(sends).toBeGreaterThanOrEqual(200);
  });

  it("grows with the guests: a larger event costs more, but less per guest", () => {
    const perGuest = (n: number) => priceUsage(estimateUsage(n)).totalUsd / n;
    const small = priceUsage(estimateUsage(50)).totalUsd;
    const large = priceUsage(estimateUsage(1_000)).totalUsd;
    expect(large).toBeGreaterThan(small);
    expect(perGuest(1_000)).toBeLessThan(perGuest(50));
  });

  it("bills the fixed month apart: one secret and the queue poller's empty receives", () => {
    const fixed = priceUsage(fixedMonthlyUsage());
    expect(fixed.lines.map((l) => l.priceId).sort()).toEqual(["secrets.secret", "sqs.fifo"]);
  });

  it("reports the event, the fixed month and their sum, with the free-tier note", () => {
    const report = costReport({
      guests: 200,
      mode: "estimate",
      perEventUsage: estimateUsage(200),
      lifecycle: lifecycleCounts(200),
    });
    expect(CostReport.parse(report)).toEqual(report);
    expect(report.totalUsd).toBeCloseTo(report.perEvent.bill.totalUsd + report.fixed.bill.totalUsd, 10);
    expect(report.assumptions).toMatchObject({ cancelShare: defaultAssumptions.cancelShare });
    expect(report.notes.some((n) => n.startsWith("Priced without the free tier"))).toBe(true);
  });
});

describe("turning a tally into usage", () => {
  it("bills compute by the duration model: base work, each call's wait, each cold start's init", () => {
    const tally = emptyTally();
    countInvocation(tally, "Keeper", 10, 2);
    countCall(tally, "Keeper", "DynamoDB.TransactWriteItems", 10);
    countCall(tally, "AWS", "SQS.ReceiveMessage", 10);
    const usage = usageOf(tally);
    // 512 MB × (10 × 10 ms base + 10 × 8 ms DynamoDB + 2 × 350 ms init) = 0.5 GB × 0.88 s
    expect(usage.lambda.Keeper).toEqual({ invocations: 10, gbSeconds: 0.44 });
    // The poller's receives are SQS requests, though no function of ours makes them.
    expect(usage.sqs.requests).toBe(10);
    expect(usage.apiCalls).toEqual({ "DynamoDB.TransactWriteItems": 10, "SQS.ReceiveMessage": 10 });
  });
});
