import { readFileSync } from "node:fs";
import type { Command } from "commander";
import type { EventRecord } from "../contracts/event.ts";
import { CommandQueueSendError } from "../core/errors.ts";
import type { CommandQueue, GuestReader } from "../core/ports.ts";
import { type ImportResult, importGuestListCsv } from "../producers/import/guest-import.ts";
import { type AwsClientsFactory, awsOption, stackOption } from "./aws-options.ts";
import { type DeploymentOptions, withDeployment } from "./deployment.ts";
import { CliError } from "./errors.ts";
import { dataOption, jsonOption } from "./options.ts";
import { counted, printJson, printLines } from "./output.ts";
import { queueProgress } from "./progress.ts";

interface ImportOptions extends DeploymentOptions {
  preConfirmed?: boolean;
  json?: boolean;
}

type ImportPorts = { queue: CommandQueue; reader: Pick<GuestReader, "getCommandResult"> };

/** `rsvp import EVENT FILE`: the host import lane; one registration per good row of a CSV guest list. */
export function registerImportCommand(program: Command, aws: AwsClientsFactory | undefined): void {
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
    .addOption(awsOption())
    .addOption(stackOption())
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

A running rsvp applies the imported rows within a second; otherwise the next \`rsvp start\` does.
Progress goes to stderr: a bar on a terminal, else one line "queued N/N commands" at the end.

With --aws, the rows go to the deployed stack's command queue (SendMessageBatch, 10 commands per request)
and its keeper applies them; --stack names the stateful stack (default RsvpStateful).`,
    )
    .action(async (eventId: string, path: string, o: ImportOptions) => {
      let file: Buffer;
      try {
        file = readFileSync(path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new CliError(`cannot read ${path}${code ? ` (${code})` : ""}`);
      }
      await withDeployment(o, aws, async (deployment) => {
        const [store, queue] = await Promise.all([deployment.guestStore(), deployment.commandQueue()]);
        const event = await deployment.requireEvent(eventId);
        try {
          await importFile({ queue, reader: store }, event, file, path, o, deployment.queueing);
        } catch (error) {
          if (!(error instanceof CommandQueueSendError)) throw error;
          throw new CliError(
            `${error.message}; the rows before them are queued. Importing the same file again is ` +
              "harmless and sends what is missing",
            1,
          );
        }
      });
    });
}

/** Queues the file's rows with a progress report, lists the skipped rows on stderr and prints the result. */
async function importFile(
  ports: ImportPorts,
  event: EventRecord,
  file: Buffer,
  path: string,
  o: ImportOptions,
  how: { chunkSize?: number; appliedBy: string },
): Promise<void> {
  const progress = queueProgress();
  let result: ImportResult;
  try {
    result = await importGuestListCsv(ports, {
      eventId: event.eventId,
      file,
      preConfirmed: o.preConfirmed === true,
      issuedAt: new Date(),
      questions: event.settings.questions,
      chunkSize: how.chunkSize,
      onProgress: progress.update,
    });
  } finally {
    progress.done();
  }

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
      `imported ${counted(result.queued, "row")}, ${counted(result.errors.length, "error")}, ` +
        `${counted(result.duplicates.length, "duplicate")}`,
      ...(result.alreadyImported > 0
        ? [
            `${counted(result.alreadyImported, "row")} of this file had been imported before; left as they are`,
          ]
        : []),
      ...(result.queued > 0
        ? [`queued as ${as} for "${event.name}" (event ${event.eventId}): ${how.appliedBy}`]
        : []),
    );
  }
  if (result.errors.length > 0) process.exitCode = 1;
}
