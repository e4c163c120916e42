import { type Command, InvalidArgumentError, Option } from "commander";
import { type Bill, type CostReport, costTargets, type Usage } from "../tools/cost/contracts.ts";
import { estimateUsage } from "../tools/cost/model/estimate.ts";
import { costReport } from "../tools/cost/model/report.ts";
import { lifecycleCounts } from "../tools/cost/model/scenario.ts";
import { jsonOption } from "./options.ts";
import { printJson, table } from "./output.ts";

/** The largest event rsvp is built for. */
const maxGuests = 10_000;

function parseGuests(value: string): number {
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1 || Number(value) > maxGuests)
    throw new InvalidArgumentError(
      `the number of guests is a whole number from 1 to ${maxGuests.toLocaleString("en")}.`,
    );
  return Number(value);
}

/** `rsvp cost --guests N [--measured] [--json]`: the monthly AWS bill of one N-guest event, itemised. */
export function registerCostCommand(program: Command): void {
  program
    .command("cost")
    .description(
      "the monthly AWS bill of one event of N guests, itemised per service (us-east-1 list prices)",
    )
    .addOption(
      new Option("--guests <n>", "guests of the event (1 to 10,000)")
        .argParser(parseGuests)
        .makeOptionMandatory(),
    )
    .addOption(
      new Option(
        "--measured",
        "run the event through the AWS adapters on DynamoDB Local and price the AWS calls counted (needs Java 17+ " +
          "and the dev dependencies; takes a while for large events)",
      ),
    )
    .addOption(jsonOption())
    .action(async (o: { guests: number; measured?: boolean; json?: boolean }) => {
      const report = o.measured ? await measuredReport(o.guests) : estimateReport(o.guests);
      if (o.json) return printJson(report);
      process.stdout.write(`${renderCostReport(report)}\n`);
    });
}

/** The estimate: the scenario's steps counted from how the pipeline works. */
function estimateReport(guests: number): CostReport {
  return costReport({
    guests,
    mode: "estimate",
    perEventUsage: estimateUsage(guests),
    lifecycle: lifecycleCounts(guests),
    notes: [
      "Estimate: AWS calls counted from the pipeline's steps (tools/cost/model/estimate.ts); `--measured` counts them " +
        "from a simulated run instead.",
    ],
  });
}

async function measuredReport(guests: number): Promise<CostReport> {
  // Loaded only when asked for: it starts DynamoDB Local, a dev dependency.
  const { measuredCostReport } = await import("../tools/cost/measured/measured-cost.ts");
  return measuredCostReport({ guests, progress: (line) => process.stderr.write(`${line}\n`) });
}

/** Dollars with enough digits to show a line of a fraction of a cent. */
export function usd(amount: number): string {
  if (amount === 0) return "$0";
  if (amount < 0.0001) return "<$0.0001";
  return `$${amount.toFixed(amount < 1 ? 4 : 2)}`;
}

/** A quantity as printed: whole numbers grouped, fractions to 4 significant digits. */
function quantity(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString("en");
  return n >= 1000 ? Math.round(n).toLocaleString("en") : Number(n.toPrecision(4)).toString();
}

function billRows(bill: Bill): string[][] {
  return bill.lines.map((l) => [
    l.service,
    l.item,
    `${quantity(l.quantity)} × ${l.unit}`,
    `$${l.unitPrice >= 0.01 ? l.unitPrice.toFixed(2) : l.unitPrice}`,
    usd(l.usd),
  ]);
}

function calls(usage: Usage): string {
  const entries = Object.entries(usage.apiCalls)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return table(
    ["AWS call", "count"],
    entries.map(([op, n]) => [op, quantity(n)]),
  );
}

/** The report as text: the event's bill, the fixed bill, the total beside the target, the calls, the notes. */
function renderCostReport(r: CostReport): string {
  const headers = ["service", "item", "quantity", "unit price", "cost"];
  const target = costTargets.find((t) => t.guests === r.guests);
  const lifecycle = Object.entries(r.lifecycle)
    .filter(([key]) => key !== "guests")
    .map(([key, n]) => `${key} ${quantity(n)}`)
    .join(" · ");
  const perService = r.perEvent.bill.byService.map((s) => `${s.service} ${usd(s.usd)}`).join(" · ");
  return [
    `rsvp on AWS: one event of ${quantity(r.guests)} guests, a month (${r.mode})`,
    `  ${lifecycle}`,
    "",
    "The event (its whole lifecycle):",
    table(headers, billRows(r.perEvent.bill)),
    `  by service: ${perService}`,
    `  event total: ${usd(r.perEvent.bill.totalUsd)}`,
    "",
    "Fixed, per deployment and month, whatever the events:",
    table(headers, billRows(r.fixed.bill)),
    `  fixed total: ${usd(r.fixed.bill.totalUsd)}`,
    "",
    `Total for a month with this one event: ${usd(r.totalUsd)}` +
      (target ? ` (target: under $${target.usd.toFixed(2)} for ${target.guests} guests)` : ""),
    "",
    `AWS calls ${r.mode === "measured" ? "counted" : "expected"} for the event:`,
    calls(r.perEvent.usage),
    "",
    "Notes:",
    ...r.notes.map((n) => `  - ${n}`),
  ].join("\n");
}
