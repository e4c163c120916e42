import { randomUUID } from "node:crypto";
import { type Command, InvalidArgumentError } from "commander";
import { Id } from "../contracts/common.ts";
import { type EventRecord, HostMessage } from "../contracts/event.ts";
import { noticeApplies } from "../core/seat-keeper.ts";
import { CapacityText, type HostAction, hostCommand } from "../producers/host/host-commands.ts";
import { registerDoorLinkCommand } from "./checkin.ts";
import { requireEvent, type Stores, withStores } from "./data-dir.ts";
import { CliError } from "./errors.ts";
import { registerApprovalCommands } from "./host-approval.ts";
import { registerHostHandCommands } from "./host-hand.ts";
import { registerThanksCommand } from "./host-thanks.ts";
import { dataOption } from "./options.ts";
import { printLines } from "./output.ts";
import { readText } from "./text-input.ts";

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

  registerThanksCommand(host, enqueue);

  registerApprovalCommands(host);
}
