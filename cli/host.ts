import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { type Command, InvalidArgumentError } from "commander";
import type * as z from "zod";
import { Id } from "../contracts/common.ts";
import { type EventRecord, eventEnd, HostMessage } from "../contracts/event.ts";
import { HostThankYouText, NAME_PLACEHOLDER, ThankYouMode, ThankYouNotes } from "../contracts/thank-you.ts";
import { noticeApplies } from "../core/seat-keeper.ts";
import { thankYouModeOf } from "../core/thank-you.ts";
import { CapacityText, type HostAction, hostCommand } from "../producers/host/host-commands.ts";
import { registerDoorLinkCommand } from "./checkin.ts";
import { requireEvent, type Stores, withStores } from "./data-dir.ts";
import { CliError } from "./errors.ts";
import { registerApprovalCommands } from "./host-approval.ts";
import { registerHostHandCommands } from "./host-hand.ts";
import { dataOption, jsonOption } from "./options.ts";
import { eventStart, printJson, printLines } from "./output.ts";

const appliedWhen = "A running `rsvp start` applies it within a second; otherwise the next start does.";

function parseCapacity(value: string): number {
  const parsed = CapacityText.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(`${parsed.error.issues[0]?.message ?? "invalid"}.`);
  return parsed.data;
}

/** One host action for an event that exists, and how to say what was queued. */
interface Plan {
  action: HostAction;
  what: string;
}

/**
 * Enqueues one host action; the keeper applies it like the same action from the host page (lane "host").
 * The CLI, like every producer, never writes event or guest state itself. `plan` sees the event (and the
 * stores, to check a guest) before anything is queued.
 */
async function enqueue(
  dataDir: string,
  eventId: string,
  plan: (event: EventRecord, stores: Stores) => Plan | Promise<Plan>,
): Promise<void> {
  await withStores(dataDir, async (stores) => {
    const event = await requireEvent(stores, eventId, dataDir);
    const { action, what } = await plan(event, stores);
    const command = hostCommand(action, { eventId, commandId: randomUUID(), issuedAt: new Date() });
    await stores.queue.send([command]);
    printLines(`queued: ${what} (command ${command.commandId})`, appliedWhen);
  });
}

/** The body of a host message: --body, or --body-file (a path, or - for standard input). */
function messageBody(o: { body?: string; bodyFile?: string }): string {
  if (o.body !== undefined && o.bodyFile !== undefined)
    throw new CliError("give --body or --body-file, not both");
  if (o.body !== undefined) return o.body;
  if (o.bodyFile === undefined) throw new CliError("give the message with --body TEXT or --body-file PATH");
  return readText(o.bodyFile, "--body-file");
}

/** The text of a file an option names, or of standard input for "-". */
function readText(path: string, option: string): string {
  try {
    return readFileSync(path === "-" ? 0 : path, "utf8");
  } catch (error) {
    throw new CliError(`cannot read ${option} ${path}: ${(error as Error).message}`);
  }
}

/** `rsvp host …`: what the host page's controls do, from the command line. */
export function registerHostCommands(program: Command): void {
  const host = program
    .command("host")
    .description("the host's controls: capacity, registration, messages, re-sent links")
    .addHelpText(
      "after",
      `
Each command queues one command for the keeper, like the host page does. ${appliedWhen}`,
    );

  registerDoorLinkCommand(host);

  host
    .command("capacity")
    .description(
      "change an event's capacity (lowering it takes no seat away; raising it offers seats to the waitlist)",
    )
    .argument("<event>", "event id")
    .argument("<seats>", "seats, a whole number from 0 to 100000", parseCapacity)
    .addOption(dataOption())
    .action((eventId: string, seats: number, o: { data: string }) =>
      enqueue(o.data, eventId, (event) => ({
        action: { type: "set-capacity", capacity: seats },
        what: `capacity ${event.capacity} → ${seats} for "${event.name}"`,
      })),
    );

  host
    .command("close")
    .description("close registration: nobody new can register until it is reopened")
    .argument("<event>", "event id")
    .addOption(dataOption())
    .action((eventId: string, o: { data: string }) =>
      enqueue(o.data, eventId, (event) => ({
        action: { type: "close-registration" },
        what: `close registration for "${event.name}"`,
      })),
    );

  host
    .command("reopen")
    .description("reopen registration")
    .argument("<event>", "event id")
    .addOption(dataOption())
    .action((eventId: string, o: { data: string }) =>
      enqueue(o.data, eventId, (event) => ({
        action: { type: "reopen-registration" },
        what: `reopen registration for "${event.name}"`,
      })),
    );

  host
    .command("message")
    .description("email every confirmed guest")
    .argument("<event>", "event id")
    .addOption(dataOption())
    .requiredOption("--subject <text>", "subject line, at most 200 characters")
    .option("--body <text>", "the message, at most 10,000 characters")
    .option("--body-file <path>", "read the message from a file (- for standard input)")
    .addHelpText(
      "after",
      `
Example:
  rsvp host message EVENT --subject "Doors open at 7" --body-file note.txt`,
    )
    .action(
      async (eventId: string, o: { data: string; subject: string; body?: string; bodyFile?: string }) => {
        const parsed = HostMessage.safeParse({ subject: o.subject, body: messageBody(o) });
        if (!parsed.success) throw new CliError(parsed.error.issues.map((i) => i.message).join("; "));
        const message = parsed.data;
        await enqueue(o.data, eventId, (event) => ({
          action: { type: "message-guests", message },
          what: `message "${message.subject}" to the ${event.confirmed} confirmed guests of "${event.name}"`,
        }));
      },
    );

  host
    .command("resend")
    .description("email a guest their links again (not to a cancelled guest or a lapsed offer)")
    .argument("<event>", "event id")
    .argument("<guest>", "guest id (from `rsvp guests EVENT`)")
    .addOption(dataOption())
    // A guest id may start with "-" (base64url): taken as the guest id, not refused as an unknown option
    // (as for approve and decline). A mistyped option then reads as an unknown guest, refused by name.
    .allowUnknownOption()
    .action((eventId: string, guestId: string, o: { data: string }) =>
      enqueue(o.data, eventId, async (_event, stores) => {
        const guest = Id.safeParse(guestId).success ? await stores.store.getGuest(eventId, guestId) : null;
        if (!guest)
          throw new CliError(`no guest "${guestId}" in event "${eventId}" (see rsvp guests ${eventId})`);
        // The keeper would refuse it too; say so now rather than queue a no-op.
        if (!noticeApplies("resend-link", guest))
          throw new CliError(
            `${guest.name} <${guest.email}> is ${guest.status}: there is no link to send`,
            1,
          );
        return {
          action: { type: "notify", guestId: guest.guestId, notice: "resend-link" },
          what: `re-send the link to ${guest.name} <${guest.email}>`,
        };
      }),
    );

  // remove, admit, edit, add: the host's hand on the list (issue 14 §3).
  registerHostHandCommands(host, enqueue);

  host
    .command("thanks")
    .description(
      "show the thank-you note after the event, approve it (edited or not), or set it up beforehand",
    )
    .argument("<event>", "event id")
    .addOption(dataOption())
    .option("--approve", "approve the drafted note: it goes to every guest who holds a seat (once)")
    .option("--text <path>", "with --approve: the note as you edited it, from a file (- for standard input)")
    .option("--mode <mode>", "before the event ends: auto (sent as drafted), approve (you approve it) or off")
    .option("--notes <text>", 'before the event ends: what the note should mention ("" for nothing)')
    .addOption(jsonOption())
    .addHelpText(
      "after",
      `
Without options it shows where the note stands and its text. In the text, ${NAME_PLACEHOLDER} becomes each
guest's name when it is sent.

Examples:
  rsvp host thanks EVENT --notes "the photos will be online next week"
  rsvp host thanks EVENT --approve
  rsvp host thanks EVENT --approve --text note.txt`,
    )
    .action(
      async (
        eventId: string,
        o: { data: string; approve?: boolean; text?: string; mode?: string; notes?: string; json?: boolean },
      ) => {
        const setting = o.mode !== undefined || o.notes !== undefined;
        if (o.text !== undefined && !o.approve)
          throw new CliError("--text approves the note with that text: add --approve");
        if (o.approve && setting)
          throw new CliError(
            "--mode and --notes set the note up before the event; give them without --approve",
          );
        if (o.approve) {
          const body = o.text === undefined ? undefined : thanksText(o.text);
          await enqueue(o.data, eventId, (event) => {
            const t = event.thankYou;
            if (t?.status === "approved")
              throw new CliError(`the note for "${event.name}" was already approved; nothing to do`, 0);
            if (t?.status !== "drafted")
              throw new CliError(
                t?.status === "drafting"
                  ? "the note is still being drafted; try again in a moment"
                  : `there is no draft to approve yet: it is drafted when the event ends (${eventStart({ startsAt: eventEnd(event).toISOString(), timeZone: event.timeZone })})`,
                1,
              );
            return {
              action: { type: "approve-thanks", ...(body === undefined ? {} : { body }) },
              what: `approve the thank-you note${body === undefined ? "" : " as edited"} for the ${event.confirmed} guests holding a seat at "${event.name}"`,
            };
          });
          return;
        }
        if (setting) {
          const mode =
            o.mode === undefined
              ? undefined
              : parsed(ThankYouMode, o.mode.trim(), "--mode takes auto, approve or off");
          const notes = o.notes === undefined ? undefined : parsed(ThankYouNotes, o.notes, "--notes");
          await enqueue(o.data, eventId, (event) => {
            if (event.thankYou)
              throw new CliError("the note is already drafted, so --mode and --notes no longer change it", 1);
            return {
              action: {
                type: "set-thank-you",
                ...(mode === undefined ? {} : { mode }),
                ...(notes === undefined ? {} : { notes }),
              },
              what: `thank-you note settings for "${event.name}"`,
            };
          });
          return;
        }
        await withStores(o.data, async (stores) => {
          const event = await requireEvent(stores, eventId, o.data);
          if (o.json) {
            printJson({
              eventId: event.eventId,
              mode: thankYouModeOf(event),
              endsAt: eventEnd(event).toISOString(),
              notes: event.thankYouNotes ?? "",
              thankYou: event.thankYou ?? null,
            });
            return;
          }
          printLines(...thanksLines(event));
        });
      },
    );

  registerApprovalCommands(host);
}

/** A value checked against a contract schema; its first problem as the CLI error otherwise. */
function parsed<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new CliError(`${what}: ${result.error.issues[0]?.message ?? "invalid"}`);
}

/** The edited note from --text: a file, or - for standard input, checked like the host page checks it. */
function thanksText(path: string): string {
  return parsed(HostThankYouText, readText(path, "--text"), `--text ${path}`);
}

const modeWords = {
  auto: "auto (sent as soon as it is drafted)",
  approve: "approve (waits for your approval)",
  off: "off (no note is sent)",
} as const;

/** Where an event's note stands, its text, and what to do next, for `rsvp host thanks EVENT`. */
function thanksLines(event: EventRecord): string[] {
  const t = event.thankYou;
  const end = eventStart({ startsAt: eventEnd(event).toISOString(), timeZone: event.timeZone });
  const by = { model: "the assistant", template: "the template", host: "you" } as const;
  const status = !t
    ? "not drafted yet: it is drafted when the event ends"
    : t.status === "drafting"
      ? "being drafted"
      : t.status === "drafted"
        ? `drafted by ${by[t.source ?? "template"]}, waiting for your approval`
        : `sent ${t.approvedBy === "auto" ? "automatically" : "with your approval"} (${t.approvedAt ?? ""}), written by ${by[t.source ?? "template"]}`;
  const lines = [
    `Thank-you note for "${event.name}" (event ${event.eventId})`,
    `  after the event: ${modeWords[thankYouModeOf(event)]}`,
    `  event ends:      ${end}`,
    `  notes:           ${event.thankYouNotes ? event.thankYouNotes : "(none)"}`,
    `  status:          ${status}`,
  ];
  if (t?.body) lines.push("", t.body, "");
  if (t?.status === "drafted")
    lines.push(
      `Approve it as it is:       rsvp host thanks ${event.eventId} --approve`,
      `Approve an edited text:    rsvp host thanks ${event.eventId} --approve --text note.txt`,
      `(${NAME_PLACEHOLDER} becomes each guest's name; the note goes to the ${event.confirmed} guests holding a seat.)`,
    );
  else if (!t)
    lines.push(
      "",
      `Change what happens after the event:  rsvp host thanks ${event.eventId} --mode approve`,
      `Tell the drafter what to mention:     rsvp host thanks ${event.eventId} --notes "…"`,
    );
  return lines;
}
