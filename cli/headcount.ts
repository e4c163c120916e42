import type { Command } from "commander";
import { type EventRecord, headcountOf } from "../contracts/event.ts";
import {
  type AwsClientsFactory,
  type AwsCommandOptions,
  awsOption,
  onAws,
  stackOption,
} from "./aws-options.ts";
import { requireEvent, withStores } from "./data-dir.ts";
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
    .action(async (eventId: string, o: AwsCommandOptions & { data: string; json?: boolean }) => {
      if (o.aws) {
        // The event item's counters, as the keeper's last write left them.
        await onAws(aws, o.stack, async (deployment) =>
          printHeadcount(await deployment.requireEvent(await deployment.guestStore(), eventId), o.json),
        );
        return;
      }
      await withStores(o.data, async (stores) =>
        printHeadcount(await requireEvent(stores, eventId, o.data), o.json),
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
    `  capacity ${h.capacity} · confirmed ${h.confirmed} · offered ${h.offered} · waitlisted ${h.waitlisted} · open seats ${h.open}`,
  );
}
