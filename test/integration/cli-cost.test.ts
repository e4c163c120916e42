import { describe, expect, it } from "vitest";
import { CostReport, CostService } from "../../tools/cost/contracts.ts";
import { runCli } from "./cli-harness.ts";

/** Every service on the bill, in the bill's order. */
const services = CostService.options;

describe("rsvp cost", () => {
  it("prints the itemised bill of a 200-guest event beside its target, with the calls and the notes", async () => {
    const result = await runCli(["cost", "--guests", "200"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(/^rsvp on AWS: one event of 200 guests, a month \(estimate\)/);
    // Every service has its line among the event's sums.
    const byService = out.split("\n").find((l) => l.trim().startsWith("by service:")) ?? "";
    for (const service of services) expect(byService).toMatch(new RegExp(`${service} <?\\$\\d`));
    expect(out).toMatch(/event total: \$0\.\d{4}/);
    expect(out).toMatch(/Secrets Manager +secrets +1 × secret-month +\$0\.40 +\$0\.4000/);
    expect(out).toMatch(
      /Total for a month with this one event: \$\d+\.\d+ \(target: under \$2\.40 for 200 guests\)/,
    );
    expect(out).toMatch(/SES\.SendEmail +\d/);
    expect(out).toContain("Priced without the free tier");
  });

  it("prints the report as one JSON document with --json, its total the sum of its bills", async () => {
    const result = await runCli(["cost", "--guests", "50", "--json"]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split("\n")).toHaveLength(1);
    const report = CostReport.parse(JSON.parse(result.stdout));
    expect(report).toMatchObject({ guests: 50, mode: "estimate" });
    expect(report.perEvent.bill.byService.map((s) => s.service)).toEqual(services);
    expect(report.totalUsd).toBeCloseTo(report.perEvent.bill.totalUsd + report.fixed.bill.totalUsd, 10);
    expect(report.perEvent.usage.ses.messages).toBeGreaterThan(50);
  });

  it("refuses a guest count it cannot price, saying what it takes (exit 2)", async () => {
    for (const bad of ["0", "10001", "12.5", "many"]) {
      const result = await runCli(["cost", "--guests", bad]);
      expect(result.code, bad).toBe(2);
      expect(result.stderr, bad).toContain("whole number from 1 to 10,000");
      expect(result.stdout, bad).toBe("");
    }
    const missing = await runCli(["cost"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--guests");
  });
});
