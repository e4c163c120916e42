import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { importGuestListCsv } from "../producers/import/guest-import.ts";
import { requireEvent, withStores } from "./data-dir.ts";
import { CliError } from "./errors.ts";
import { dataOption, jsonOption } from "./options.ts";
import { printJson, printLines } from "./output.ts";

interface ImportOptions {
  data: string;
  preConfirmed?: boolean;
  json?: boolean;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** `rsvp import EVENT FILE`: the host import lane; one registration per good row of a CSV guest list. */
export function registerImportCommand(program: Command): void {
  program
    .command("import")
    .description("import a guest list (CSV): one registration per row, applied in list order")
    .argument("<event>", "event id")
    .argument(
      "<file>",
      "CSV file: a header line naming an email column (and name columns), one guest per line",
    )
    .addOption(dataOption())
    .option(
      "--pre-confirmed",
      "the guests take seats (confirmed while seats last, then waitlisted in list order) instead of being invited",
    )
    .addOption(jsonOption())
    .addHelpText(
      "after",
      `
The file may come from a spreadsheet or another tool's export: comma, semicolon or tab separated, UTF-8 (with
or without BOM) or Windows-1252. Its header line must name the email column ("Email", "E-mail Address",
"Primary Email", "E-Mail-Adresse", "Courriel", …); names come from a name column ("Name", "Display Name") or
from first and last name columns. A row without a name is named after its address.
Rows with a bad name or address, and rows repeating an earlier address, are skipped and listed on stderr by
line number. Importing the same file again changes nothing.
Exit status: 0 every row imported (or a duplicate), 1 some rows had errors or the file was refused.

With --json, prints one line: {"queued":N,"alreadyImported":N,"errors":[{"line","message"}],"duplicates":[{"line","email","firstLine"}]}

A running rsvp applies the imported rows within a second; otherwise the next \`rsvp start\` does.`,
    )
    .action(async (eventId: string, path: string, o: ImportOptions) => {
      let file: Buffer;
      try {
        file = readFileSync(path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new CliError(`cannot read ${path}${code ? ` (${code})` : ""}`);
      }
      await withStores(o.data, async (stores) => {
        const event = await requireEvent(stores, eventId, o.data);
        const progress = process.stderr.isTTY ? stderrCounter() : null;
        const result = await importGuestListCsv(
          { queue: stores.queue, reader: stores.store },
          {
            eventId,
            file,
            preConfirmed: o.preConfirmed === true,
            issuedAt: new Date(),
            onProgress: progress?.update,
          },
        );
        progress?.done();

        // Diagnostics go to stderr by line, as an editor numbers them, in file order.
        const problems = [
          ...result.errors.map((e) => ({ line: e.line, text: e.message })),
          ...result.duplicates.map((d) => ({
            line: d.line,
            text: `${d.email} is already on line ${d.firstLine}; skipped as a duplicate`,
          })),
        ].sort((a, b) => a.line - b.line);
        if (problems.length > 0)
          process.stderr.write(`${problems.map((p) => `${path}:${p.line}: ${p.text}`).join("\n")}\n`);

        if (o.json) {
          printJson({
            queued: result.queued,
            alreadyImported: result.alreadyImported,
            errors: result.errors,
            duplicates: result.duplicates,
          });
        } else {
          const as = o.preConfirmed ? "seat requests" : "invitations";
          printLines(
            `imported ${plural(result.queued, "row")}, ${plural(result.errors.length, "error")}, ` +
              `${plural(result.duplicates.length, "duplicate")}`,
            ...(result.alreadyImported > 0
              ? [
                  `${plural(result.alreadyImported, "row")} of this file had been imported before; left as they are`,
                ]
              : []),
            ...(result.queued > 0
              ? [
                  `queued as ${as} for "${event.name}" (event ${event.eventId}): a running rsvp applies them ` +
                    "within a second, otherwise the next `rsvp start` does",
                ]
              : []),
          );
        }
        if (result.errors.length > 0) process.exitCode = 1;
      });
    });
}

/** A one-line "queued 500/10000" on a terminal's stderr, rewritten in place. */
function stderrCounter() {
  let shown = false;
  return {
    update: (queued: number, total: number) => {
      shown = true;
      process.stderr.write(`\rqueueing ${queued}/${total}`);
    },
    done: () => {
      if (shown) process.stderr.write("\r\x1b[2K");
    },
  };
}
