/**
 * A cost report: the event's bill beside the deployment's fixed monthly bill, with the notes a reader needs to
 * judge the figures (free tier, unverified prices). Pure.
 */
import type { CostReport, Usage } from "../contracts.ts";
import { priceUsage } from "./pricing.ts";
import { type CostAssumptions, defaultAssumptions, type LifecycleCounts } from "./scenario.ts";
import { emptyTally, usageOf } from "./tally.ts";
import { type PriceId, unitPrices, unpricedNotes } from "./unit-prices.ts";

export interface ReportInput {
  guests: number;
  mode: CostReport["mode"];
  perEventUsage: Usage;
  lifecycle: LifecycleCounts | Record<string, number>;
  assumptions?: CostAssumptions;
  /** Notes of the mode (what was measured, what was modelled). */
  notes?: readonly string[];
}

/**
 * Empty long polls by Lambda's pollers in a 30-day month, of the two queues a function consumes (the command
 * queue and the mail path's send queue; see `fixedMonthlyUsage`).
 */
const idleQueuePollsPerMonth = 2 * 5 * 3 * 60 * 24 * 30;

/**
 * What the deployment costs a month whatever its events do: the signing-key secret, and Lambda's pollers on the
 * command queue and the send queue, which long-poll them even when they are empty (5 pollers a queue, a
 * 20-second poll each: about 650,000 requests a month per queue; Lambda's documented behaviour, figures from
 * memory, unverified). All SQS requests are priced at the FIFO rate, the send queue's (standard, cheaper) too.
 */
export function fixedMonthlyUsage(): Usage {
  const usage = usageOf(emptyTally());
  usage.secretsManager.secrets = 1;
  usage.sqs.requests = idleQueuePollsPerMonth;
  usage.apiCalls["SQS.ReceiveMessage"] = idleQueuePollsPerMonth;
  return usage;
}

/** The free-tier note: what the account's always-free allowances would take off, never applied. */
function freeTierNote(): string {
  const allowances = Object.values(unitPrices)
    .filter((p): p is (typeof unitPrices)[PriceId] & { freeTier: string } => "freeTier" in p)
    .map((p) => `${p.service} ${p.freeTier}`);
  return (
    "Priced without the free tier: its allowances belong to the AWS account and are shared by everything in it " +
    `(${allowances.join("; ")}). In an otherwise idle account most of this bill would fall inside them.`
  );
}

/** Prices marked as from memory: the first to re-check. */
function unverifiedPriceNote(): string | null {
  const unverified = Object.values(unitPrices).filter((p) => p.basis === "memory");
  if (unverified.length === 0) return null;
  return `Unverified prices (from memory): ${unverified.map((p) => `${p.service} ${p.item}`).join(", ")}.`;
}

/** The report of one event: its bill, the fixed monthly bill, the total of a month with that one event. */
export function costReport(input: ReportInput): CostReport {
  const fixedUsage = fixedMonthlyUsage();
  const perEvent = { usage: input.perEventUsage, bill: priceUsage(input.perEventUsage) };
  const fixed = { usage: fixedUsage, bill: priceUsage(fixedUsage) };
  const unverified = unverifiedPriceNote();
  return {
    guests: input.guests,
    mode: input.mode,
    assumptions: { ...(input.assumptions ?? defaultAssumptions) },
    lifecycle: { ...input.lifecycle },
    perEvent,
    fixed,
    totalUsd: perEvent.bill.totalUsd + fixed.bill.totalUsd,
    notes: [
      ...(input.notes ?? []),
      "us-east-1 list prices, on-demand, Lambda on arm64; the whole lifecycle of the event billed in one month.",
      freeTierNote(),
      ...(unverified ? [unverified] : []),
      ...unpricedNotes,
    ],
  };
}
