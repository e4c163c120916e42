import type { Command } from "commander";
import { type EventRecord, headcountOf } from "../contracts/event.ts";
import { type AwsClientsFactory, awsOption, stackOption } from "./aws-options.ts";
import { type DeploymentOptions, withDeployment } from "./deployment.ts";
import { dataOption, jsonOption } from "./options.ts";
import { eventStart, printJson, printLines } from "./output.ts";

/** `rsvp headcount EVENT`: the counters a host watches, read straight from the data dir (or, --aws, the guest table). */
export function registerHeadcountCommand(program: Command, aws: AwsClientsFactory | undefined): void {
  program
    .command("headcount")
    .description("show an event's headcount (capacity, confirmed, held offers, waitlisted, open seats)")
    .argument("<event>", "event id")
    .addOption(dataOption())
    .addOption(jsonOption())
    .addOption(awsOption())
    .addOption(stackOption())
    .action(async (eventId: string, o: DeploymentOptions & { json?: boolean }) => {
      // The event's counters, as the keeper's last write left them.
      await withDeployment(o, aws, async (deployment) =>
        printHeadcount(await deployment.requireEvent(eventId), o.json),
      );
    });
}

function printHeadcount(event: EventRecord, json: boolean | undefined): void {
  const h = headcountOf(event);
  if (json) {
    printJson(h);
    return;
  }
  printLines(
    `${h.name} (event ${h.eventId}): ${eventStart(h)}, registration ${h.registrationOpen ? "open" : "closed"}`,
    `  capacity ${h.capacity} · confirmed ${h.confirmed} · offered ${h.offered} · waitlisted ${h.waitlisted} · open seats ${h.open}${h.arrived > 0 ? ` · arrived ${h.arrived} of ${h.expected}` : ""}`,
  );
}
