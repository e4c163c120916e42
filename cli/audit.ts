import type { Command } from "commander";
import type { AuditEntry } from "../contracts/audit.ts";
import type { Counters, EventRecord } from "../contracts/event.ts";
import { auditDifferences, replayAudit } from "../core/audit-trail.ts";
import type { AuditLog, GuestReader } from "../core/ports.ts";
import { type AwsClientsFactory, awsOption, stackOption } from "./aws-options.ts";
import { type DeploymentOptions, withDeployment } from "./deployment.ts";
import { CliError } from "./errors.ts";
import { addDeploymentOptions, dataOption } from "./options.ts";
import { counted, printJson, printLines, table, utcTime } from "./output.ts";

/** "12/40 +1 held, 3 waiting": confirmed of capacity, held offers, waitlisted. */
function counters(c: Counters | null): string {
  if (!c) return "-";
  return `${c.confirmed}/${c.capacity}${c.offered > 0 ? ` +${c.offered} held` : ""}, ${c.waitlisted} waiting`;
}

function row(e: AuditEntry): string[] {
  return [
    utcTime(e.at),
    e.lane,
    e.actor,
    e.action,
    `${e.from ?? "-"} → ${e.to}`,
    `${counters(e.countersBefore)} → ${counters(e.countersAfter)}`,
  ];
}

/** `rsvp audit EVENT` and `rsvp audit verify EVENT`. */
export function registerAuditCommands(program: Command, aws: AwsClientsFactory | undefined): void {
  const audit = program
    .command("audit")
    .description("show an event's audit trail (or `audit verify EVENT` to check it against the counters)")
    .enablePositionalOptions()
    .argument("<event>", "event id");
  addDeploymentOptions(audit, { json: true })
    .addHelpText(
      "after",
      `
Columns: when (UTC), lane, who, action, guest state from → to, counters before → after.
Counters read "confirmed/capacity +held offers, waitlisted". With --json: one entry per line (JSON Lines).`,
    )
    .action(async (eventId: string, o: DeploymentOptions & { json?: boolean }) => {
      await withDeployment(o, aws, async (deployment) => {
        await deployment.requireEvent(eventId);
        const entries = await (await deployment.auditLog()).list(eventId);
        if (o.json) {
          for (const e of entries) printJson(e);
          return;
        }
        printLines(
          table(["when", "lane", "who", "action", "from → to", "counters before → after"], entries.map(row)),
          counted(entries.length, "entry", "entries"),
        );
      });
    });

  audit
    .command("verify")
    .description("replay the audit trail and compare it with the live counters and a recount of guest rows")
    .argument("<event>", "event id")
    .addOption(dataOption())
    .addOption(awsOption())
    .addOption(stackOption())
    .addHelpText(
      "after",
      "\nExit status: 0 when everything agrees, 1 with the differences listed.\n" +
        "With --aws: the deployed stack's audit table and guest table (the stream handler writes the trail).",
    )
    .action(async (eventId: string, o: DeploymentOptions) => {
      await withDeployment(o, aws, async (deployment) => {
        // A trail read from damaged pages proves nothing: the storage is checked first (exit 3).
        deployment.checkStorage?.();
        const [store, log] = await Promise.all([deployment.guestStore(), deployment.auditLog()]);
        await deployment.requireEvent(eventId);
        await verifyAudit(eventId, log, () => deployment.requireEvent(eventId), store);
      });
    });
}

/**
 * Replays the trail and compares it with the live counters and a recount of the guest rows; prints that all
 * agrees, or throws (exit 1) with each difference. The same on both runtimes.
 */
async function verifyAudit(
  eventId: string,
  log: AuditLog,
  readLive: () => Promise<EventRecord>,
  reader: GuestReader,
): Promise<void> {
  const entries = await log.list(eventId);
  // Read the live event after the trail, in case a keeper committed more in between.
  const live = await readLive();
  const differences = auditDifferences(replayAudit(entries), live);
  const guests = await reader.listGuests(eventId);
  for (const status of ["confirmed", "offered", "waitlisted"] as const) {
    const recount = guests.filter((g) => g.status === status).length;
    if (recount !== live[status])
      differences.push(`${status}: ${recount} guest rows, live counter is ${live[status]}`);
  }
  if (differences.length > 0) {
    throw new CliError(
      [
        `audit differs from live counters (${entries.length} entries):`,
        ...differences.map((d) => `  - ${d}`),
      ].join("\n"),
      1,
    );
  }
  printLines(
    `audit matches live counters (${entries.length} entries; ${counters(live)}; ${guests.length} guest rows)`,
  );
}
