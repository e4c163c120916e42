import { type Command, InvalidArgumentError } from "commander";
import { SqliteMailOutbox } from "../adapters/local/sqlite-mail-outbox.ts";
import type { StoredEmail } from "../core/ports.ts";
import { emailSummary } from "../producers/web/outbox-routes.ts";
import { requireEvent, withStores } from "./data-dir.ts";
import { dataOption, jsonOption } from "./options.ts";
import { printJson, printLines, table } from "./output.ts";

/** Every email is listed unless --limit says otherwise; a data dir holds one line per email anyway. */
const everything = Number.MAX_SAFE_INTEGER;

function parseLimit(value: string): number {
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1)
    throw new InvalidArgumentError("give a whole number from 1.");
  return Number(value);
}

function row(e: StoredEmail): string[] {
  return [
    e.createdAt.replace("T", " ").replace(/\.\d+Z$/, "Z"),
    e.state,
    e.to,
    e.subject,
    Object.keys(e.links).join(", ") || "-",
  ];
}

/** `rsvp outbox`: the emails rsvp queued (and whether each was sent), oldest first. */
export function registerOutboxCommand(program: Command): void {
  program
    .command("outbox")
    .description("list the emails rsvp queued, with their links and delivery state")
    .addOption(dataOption())
    .option("--event <id>", "only this event's emails")
    .option("--limit <n>", "only the latest n emails", parseLimit)
    .addOption(jsonOption())
    .addHelpText(
      "after",
      `
Oldest first. State: outbox (no mail server configured, see RSVP_SMTP_URL), pending, sent or failed.
With --json: one email per line with key, eventId, guestId, to, subject, links (action → URL), createdAt,
state, attempts, lastError; the bodies are in the outbox page (its link is printed by rsvp start).`,
    )
    .action(async (o: { data: string; event?: string; limit?: number; json?: boolean }) => {
      await withStores(o.data, async (stores) => {
        if (o.event !== undefined) await requireEvent(stores, o.event, o.data);
        const outbox = new SqliteMailOutbox(stores.db);
        const limit = o.limit ?? everything;
        const emails = (
          await outbox.list(o.event === undefined ? { limit } : { eventId: o.event, limit })
        ).reverse();
        if (o.json) {
          for (const e of emails)
            printJson({ ...emailSummary(e), attempts: e.attempts, lastError: e.lastError });
          return;
        }
        printLines(
          table(["queued (UTC)", "state", "to", "subject", "links"], emails.map(row)),
          `${emails.length} ${emails.length === 1 ? "email" : "emails"}`,
        );
      });
    });
}
