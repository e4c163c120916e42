import { describe, expect, inject, it } from "vitest";
import { measureLifecycle } from "../../tools/cost/measured/measured-cost.ts";
import { estimateTally } from "../../tools/cost/model/estimate.ts";
import { priceUsage } from "../../tools/cost/model/pricing.ts";
import { lifecycleCounts } from "../../tools/cost/model/scenario.ts";
import { type Tally, usageOf } from "../../tools/cost/model/tally.ts";

/**
 * `rsvp cost --measured` on the test run's DynamoDB Local: a 20-guest event played through the AWS runtime
 * (tools/aws-local) with every AWS call counted. 20 guests is the smallest event of the scenario with every
 * step in it: 18 seats, 2 in line, one cancellation, an offer that lapses and one that is claimed.
 */

const endpoint = inject("dynamoEndpoint");
const guests = 20;

/** Every call of an operation, whoever made it. */
const callsOf = (tally: Tally, operation: string) =>
  Object.values(tally.calls).reduce((n, byOp) => n + (byOp?.[operation] ?? 0), 0);

describe.skipIf(!endpoint)("the measured cost of an event", () => {
  it("counts the calls the scenario implies, and the estimate expects the same ones", {
    timeout: 240_000,
  }, async () => {
    const measured = await measureLifecycle({ guests, dynamoEndpoint: endpoint! });
    const plan = lifecycleCounts(guests);
    const { tally } = measured;

    // The run went as the scenario says it goes.
    expect(measured.lifecycle).toMatchObject({
      guests: 20,
      emailRegistrations: plan.emailRegistrations,
      seated: plan.seated,
      waitlisted: plan.waitlisted,
      cancellations: 1,
      offers: 2,
      claims: 1,
      lapses: 1,
      reminders: plan.reminders,
      summaries: plan.summaries,
      thankYouNotes: plan.thankYouNotes,
    });

    // One SES call per email sent, and every email the steps call for.
    const emails =
      plan.guests +
      plan.cancellations +
      plan.offers +
      plan.claims +
      plan.lapses +
      plan.summaries +
      // The register link each email reply gets (only a signed per-guest reply address acts).
      plan.emailRegistrations;
    expect(callsOf(tally, "SES.SendEmail")).toBe(emails + plan.reminders + plan.thankYouNotes);
    expect(measured.lifecycle.emails).toBe(callsOf(tally, "SES.SendEmail"));
    expect(tally.ses.messages).toBe(callsOf(tally, "SES.SendEmail"));
    // Every registration went to the queue: at least one send per guest (web or email lane).
    const producerSends =
      (tally.calls.Web?.["SQS.SendMessageBatch"] ?? 0) +
      (tally.calls.InboundMail?.["SQS.SendMessageBatch"] ?? 0);
    expect(producerSends).toBeGreaterThanOrEqual(guests);
    // Scheduler's sends are the timers that fired: summaries, reminders, the lapse, the end of the event.
    expect(callsOf(tally, "SQS.SendMessage")).toBe(tally.schedulerInvocations);
    // The keeper wrote each decision in one transaction.
    expect(callsOf(tally, "DynamoDB.TransactWriteItems") - 1).toBe(tally.invocations.Keeper);
    expect(tally.dynamodb.writeRequestUnits).toBeGreaterThan(0);
    expect(tally.dynamodb.readRequestUnits).toBeGreaterThan(0);

    // The estimate counts the same calls, step by step, for the ones it models exactly.
    const estimate = estimateTally(guests);
    for (const operation of [
      "SES.SendEmail",
      "SQS.SendMessage",
      "Scheduler.CreateSchedule",
      "DynamoDB.TransactWriteItems",
      "DynamoDB.BatchGetItem",
    ])
      expect(callsOf(tally, operation), operation).toBe(callsOf(estimate, operation));
    // And the bills agree within a fifth (compute and capacity units are modelled by the estimate).
    const measuredUsd = priceUsage(usageOf(tally)).totalUsd;
    const estimatedUsd = priceUsage(usageOf(estimate)).totalUsd;
    expect(Math.abs(measuredUsd - estimatedUsd) / measuredUsd).toBeLessThan(0.2);
  });
});
