import type { Command } from "commander";
import { withStores } from "./data-dir.ts";
import { CliError } from "./errors.ts";
import { dataOption, jsonOption } from "./options.ts";
import { printJson, printLines, table } from "./output.ts";

function describe(command: unknown): string {
  if (command && typeof command === "object" && "type" in command) {
    const c = command as { type: unknown; commandId?: unknown; email?: unknown };
    return [c.type, c.commandId, c.email].filter((x) => typeof x === "string").join(" ");
  }
  return JSON.stringify(command).slice(0, 60);
}

/** `rsvp dlq list` and `rsvp dlq replay`: commands the keeper set aside after failing too often. */
export function registerDlqCommands(program: Command): void {
  const dlq = program.command("dlq").description("dead letters: commands set aside after failing too often");

  dlq
    .command("list")
    .description("list dead letters")
    .addOption(dataOption())
    .addOption(jsonOption())
    .addHelpText("after", "\nWith --json: one dead letter per line (JSON Lines).")
    .action(async (o: { data: string; json?: boolean }) => {
      await withStores(o.data, (stores) => {
        const letters = stores.queue.listDeadLetters();
        if (o.json) {
          for (const d of letters) printJson(d);
          return;
        }
        if (letters.length === 0) return printLines("no dead letters");
        printLines(
          table(
            ["id", "event", "failed at", "attempts", "command", "last error"],
            letters.map((d) => [
              d.id,
              d.eventId,
              d.failedAt,
              String(d.attempts),
              describe(d.command),
              d.lastError.split("\n")[0] ?? "",
            ]),
          ),
        );
      });
    });

  dlq
    .command("replay")
    .description("put dead letters back at the end of their event's queue (all, or those named by --id)")
    .addOption(dataOption())
    .option("--id <id...>", "replay only these dead letters (ids from `rsvp dlq list`)")
    .addHelpText(
      "after",
      "\nReplaying is harmless to repeat: the keeper recognises commands it has already applied.\n" +
        "A running server picks replayed commands up within a second; otherwise the next `rsvp start` does.",
    )
    .action(async (o: { data: string; id?: string[] }) => {
      await withStores(o.data, (stores) => {
        if (o.id) {
          const known = new Set(stores.queue.listDeadLetters().map((d) => d.id));
          const unknown = o.id.filter((id) => !known.has(id));
          if (unknown.length > 0) throw new CliError(`no dead letter with id ${unknown.join(", ")}`);
        }
        const replayed = stores.queue.replayDeadLetters(o.id);
        printLines(`replayed ${replayed} dead letter${replayed === 1 ? "" : "s"}`);
      });
    });
}
