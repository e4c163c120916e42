import { type Command, Option } from "commander";
import { guestListCsv, guestListRows } from "../producers/host/guest-list.ts";
import { requireEvent, withStores } from "./data-dir.ts";
import { dataOption, jsonOption } from "./options.ts";
import { counted, printJson, printLines, table, utcTime } from "./output.ts";

/** `rsvp guests EVENT`: the guest list, as the host page shows it, or as CSV or JSON Lines. */
export function registerGuestsCommand(program: Command): void {
  program
    .command("guests")
    .description("list an event's guests: id, name, email, status, place in line, lane, last change")
    .argument("<event>", "event id")
    .addOption(dataOption())
    .addOption(new Option("--csv", "print CSV, as the host page's download (formula cells neutralised)"))
    .addOption(jsonOption().conflicts("csv"))
    .addHelpText(
      "after",
      `
With --json: one guest per line (JSON Lines), its answers under "answers" by question id, and "reconfirmedAt"
(docs/reconfirm.md). With --csv: the columns
name,email,status,waitlist_position,lane,registered_at,updated_at,party, then reconfirmed_at for an event
that asks "still coming?", then one column per question of
the event (headed by its label; docs/questions.md); a cell starting with = + - @ is
prefixed with ' so a spreadsheet does not run it. Guest ids are for \`rsvp host resend EVENT GUEST\`.`,
    )
    .action(async (eventId: string, o: { data: string; csv?: boolean; json?: boolean }) => {
      await withStores(o.data, async (stores) => {
        const event = await requireEvent(stores, eventId, o.data);
        const rows = guestListRows(await stores.store.listGuests(eventId));
        if (o.csv)
          return void process.stdout.write(
            guestListCsv(rows, {
              questions: event.settings.questions,
              reconfirm: event.settings.reconfirm !== null,
            }),
          );
        if (o.json) {
          for (const r of rows) printJson(r);
          return;
        }
        if (rows.length === 0) return printLines(`no guests yet for "${event.name}"`);
        printLines(
          table(
            ["guest", "name", "email", "status", "party", "place", "lane", "updated (UTC)"],
            rows.map((r) => [
              r.guestId,
              r.name,
              r.email,
              r.status,
              String(r.party),
              r.waitlistPosition === null ? "" : String(r.waitlistPosition),
              r.lane,
              utcTime(r.updatedAt),
            ]),
          ),
          counted(rows.length, "guest"),
        );
      });
    });
}
