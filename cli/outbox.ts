import { type Command, InvalidArgumentError } from "commander";
import { SqliteMailOutbox } from "../adapters/local/sqlite-mail-outbox.ts";
import type { StoredEmail } from "../core/mail-ports.ts";
import { emailView } from "../producers/web/outbox-routes.ts";
import { handlerNames } from "../streams/change-handlers.ts";
import { requireEvent, type Stores, withStores } from "./data-dir.ts";
import { dataOption, jsonOption } from "./options.ts";
import { counted, printJson, printLines, table, utcTime } from "./output.ts";

/** Every email is listed unless --limit says otherwise; a data dir holds one line per email anyway. */
const everything = Number.MAX_SAFE_INTEGER;

function parseLimit(value: string): number {
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1)
    throw new InvalidArgumentError("give a whole number from 1.");
  return Number(value);
}

function row(e: StoredEmail): string[] {
  return [utcTime(e.createdAt), e.state, e.to, e.subject, Object.keys(e.links).join(", ") || "-"];
}

/**
 * What rsvp has yet to do that will add emails to the list: commands the keeper has not applied, changes the
 * messenger has not mailed, timers due but not fired (of one event, or all). The CLI does none of it itself:
 * the keeper is the one consumer of the queue (that is what keeps the cap), and it runs in `rsvp start`. So
 * while no server runs, the list can look complete when it is not; these notes say so. Empty when all is done.
 */
function pendingMailNotes(stores: Stores, eventId: string | undefined, now: Date): string[] {
  const notes: string[] = [];
  const commands = stores.queue.depth(eventId);
  if (commands === 1)
    notes.push(
      "1 command is waiting for the keeper: start rsvp to process it; the emails it causes are not listed yet.",
    );
  else if (commands > 1)
    notes.push(
      `${commands} commands are waiting for the keeper: start rsvp to process them; the emails they cause are not listed yet.`,
    );
  // A messenger that never ran starts at the newest change when rsvp starts (see startAtHead): none waits for it.
  const changes = stores.feed.backlog(handlerNames.messenger, eventId) ?? 0;
  if (changes > 0)
    notes.push(
      `${changes} ${changes === 1 ? "change is" : "changes are"} waiting for the messenger: start rsvp to send the emails; they are not listed yet.`,
    );
  const due = stores.timers.list(eventId).filter((t) => Date.parse(t.at) <= now.getTime()).length;
  if (due > 0)
    notes.push(
      `${due} ${due === 1 ? "timer is" : "timers are"} due (reminders, offers' ends, summaries): start rsvp to fire ${due === 1 ? "it" : "them"}.`,
    );
  if (notes.length > 0) notes.push("An rsvp already running on this data dir does all this within seconds.");
  return notes;
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
With --json: one whole email per line: key, eventId, guestId, to, subject, links (action → URL), createdAt,
state, fromName, headers, text, html, attachments (filename, contentType, content), attempts, lastError, sentAt.
When commands wait for the keeper, changes for the messenger or timers are due (rsvp is not running, or is
busy), a note on stderr says so: the emails they will cause are not in the list yet.`,
    )
    .action(async (o: { data: string; event?: string; limit?: number; json?: boolean }) => {
      await withStores(o.data, async (stores) => {
        if (o.event !== undefined) await requireEvent(stores, o.event, o.data);
        const outbox = new SqliteMailOutbox(stores.db);
        const limit = o.limit ?? everything;
        const emails = (
          await outbox.list(o.event === undefined ? { limit } : { eventId: o.event, limit })
        ).reverse();
        if (o.json) for (const e of emails) printJson(emailView(e));
        else
          printLines(
            table(["queued (UTC)", "state", "to", "subject", "links"], emails.map(row)),
            counted(emails.length, "email"),
          );
        // On stderr, so that stdout stays the list (and --json stays one email per line).
        const notes = pendingMailNotes(stores, o.event, new Date());
        if (notes.length > 0) process.stderr.write(`${notes.map((n) => `note: ${n}`).join("\n")}\n`);
      });
    });
}
