import type { Command } from "commander";
import { headcountOf } from "../contracts/event.ts";
import { requireEvent, withStores } from "./data-dir.ts";
import { dataOption, jsonOption } from "./options.ts";
import { eventStart, printJson, printLines } from "./output.ts";

/** `rsvp headcount EVENT`: the counters a host watches, read straight from the data dir. */
export function registerHeadcountCommand(program: Command): void {
  program
    .command("headcount")
    .description("show an event's headcount (capacity, confirmed, held offers, waitlisted, open seats)")
    .argument("<event>", "event id")
    .addOption(dataOption())
    .addOption(jsonOption())
    .action(async (eventId: string, o: { data: string; json?: boolean }) => {
      await withStores(o.data, async (stores) => {
        const h = headcountOf(await requireEvent(stores, eventId, o.data));
        if (o.json) return printJson(h);
        printLines(
          `${h.name} (event ${h.eventId}): ${eventStart(h)}, registration ${h.registrationOpen ? "open" : "closed"}`,
          `  capacity ${h.capacity} · confirmed ${h.confirmed} · offered ${h.offered} · waitlisted ${h.waitlisted} · open seats ${h.open}`,
        );
      });
    });
}
