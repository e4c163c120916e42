import { type Command, InvalidArgumentError } from "commander";
import { EmailAddress, emailKey, GuestName, Id } from "../contracts/common.ts";
import type { EventRecord } from "../contracts/event.ts";
import type { GuestRecord } from "../contracts/guest.ts";
import { type HostAction, PartyText } from "../producers/host/host-commands.ts";
import type { Stores } from "./data-dir.ts";
import { CliError } from "./errors.ts";
import { dataOption } from "./options.ts";

/**
 * `rsvp host remove|admit|edit|add` (issue 14 §3): the guest list's "Change" areas and "Add a guest" form from
 * the command line. Each queues ONE command for the keeper (lane `host`), as cli/host.ts's other commands do.
 */

/** One host action for an event that exists, and how to say what was queued (see cli/host.ts). */
export type Enqueue = (
  dataDir: string,
  eventId: string,
  plan: (
    event: EventRecord,
    stores: Stores,
  ) => { action: HostAction; what: string } | Promise<{ action: HostAction; what: string }>,
) => Promise<void>;

const parsedBy =
  <T>(schema: {
    safeParse(
      v: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } };
  }) =>
  (value: string): T => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new InvalidArgumentError(`${parsed.error.issues[0]?.message ?? "invalid"}.`);
    return parsed.data;
  };

const parseParty = parsedBy(PartyText);
const parseName = parsedBy(GuestName);
const parseEmail = parsedBy(EmailAddress);

/** The guest a command names, by guest id or by email address; a CLI error naming what to try otherwise. */
async function guestNamed(stores: Stores, event: EventRecord, named: string): Promise<GuestRecord> {
  const guest = named.includes("@")
    ? await stores.store.findGuestByEmail(event.eventId, emailKey(named))
    : Id.safeParse(named).success
      ? await stores.store.getGuest(event.eventId, named)
      : null;
  if (!guest)
    throw new CliError(`no guest "${named}" in event "${event.eventId}" (see rsvp guests ${event.eventId})`);
  return guest;
}

const who = (g: GuestRecord) => `${g.name} <${g.email}>`;

/** The bound a party may have for this event, as a CLI error when it is passed. */
function checkParty(event: EventRecord, party: number): void {
  if (party > event.settings.maxParty)
    throw new CliError(
      `--party ${party}: "${event.name}" allows parties of at most ${event.settings.maxParty} (raise the largest party in the event's settings first)`,
    );
}

/** Adds the host-hand commands to `rsvp host`. */
export function registerHostHandCommands(host: Command, enqueue: Enqueue): void {
  const guestArg = ["<guest>", "guest id or email address (see `rsvp guests EVENT`)"] as const;
  // A guest id may start with "-" (base64url): each command here takes it as the guest, not refused as an
  // unknown option (as resend, approve and decline do). A mistyped option then reads as an unknown guest or
  // one argument too many, refused before anything is queued.

  host
    .command("remove")
    .description(
      "take a guest off the list: their seats go to the next in line; they are emailed unless --quiet",
    )
    .argument("<event>", "event id")
    .argument(...guestArg)
    .allowUnknownOption()
    .option("--quiet", "do not email the guest")
    .addOption(dataOption())
    .action((eventId: string, named: string, o: { data: string; quiet?: boolean }) =>
      enqueue(o.data, eventId, async (event, stores) => {
        const guest = await guestNamed(stores, event, named);
        return {
          action: { type: "remove-guest", guestId: guest.guestId, notify: !o.quiet },
          what: `remove ${who(guest)} (${guest.status}, party of ${guest.party ?? 1})${o.quiet ? ", without an email" : ", with an email"}`,
        };
      }),
    );

  host
    .command("admit")
    .description("confirm a waiting guest now, if their whole party fits in the free seats")
    .argument("<event>", "event id")
    .argument(...guestArg)
    .allowUnknownOption()
    .addOption(dataOption())
    .action((eventId: string, named: string, o: { data: string }) =>
      enqueue(o.data, eventId, async (event, stores) => {
        const guest = await guestNamed(stores, event, named);
        if (guest.status === "confirmed")
          throw new CliError(`${who(guest)} is confirmed already; nothing to do`, 0);
        return {
          action: { type: "admit-guest", guestId: guest.guestId },
          what: `admit ${who(guest)} (${guest.status}, party of ${guest.party ?? 1}; ${Math.max(0, event.capacity - event.confirmed - event.offered)} seats free now)`,
        };
      }),
    );

  host
    .command("edit")
    .description(
      "change a guest's name or party size (a smaller party frees seats; a larger one needs free seats)",
    )
    .argument("<event>", "event id")
    .argument(...guestArg)
    .allowUnknownOption()
    .option("--name <name>", "the guest's name as it should read", parseName)
    .option("--party <seats>", "seats, the guest included", parseParty)
    .addOption(dataOption())
    .action((eventId: string, named: string, o: { data: string; name?: string; party?: number }) => {
      if (o.name === undefined && o.party === undefined) throw new CliError("give --name, --party or both");
      return enqueue(o.data, eventId, async (event, stores) => {
        const guest = await guestNamed(stores, event, named);
        if (o.party !== undefined && o.party !== guest.party) checkParty(event, o.party);
        const changes = [
          ...(o.name === undefined ? [] : [`name "${o.name}"`]),
          ...(o.party === undefined ? [] : [`party ${guest.party ?? 1} → ${o.party}`]),
        ];
        return {
          action: {
            type: "edit-guest",
            guestId: guest.guestId,
            ...(o.name === undefined ? {} : { name: o.name }),
            ...(o.party === undefined ? {} : { party: o.party }),
          },
          what: `edit ${who(guest)}: ${changes.join(", ")}`,
        };
      });
    });

  host
    .command("add")
    .description(
      "add a guest by hand: seated if their party fits and nobody waits, else in line (emailed either way)",
    )
    .argument("<event>", "event id")
    .requiredOption("--name <name>", "the guest's name", parseName)
    .requiredOption("--email <address>", "the guest's email address", parseEmail)
    .option("--party <seats>", "seats, the guest included (default 1)", parseParty)
    .option("--waitlist", "put them in line rather than seat them (a free seat is then offered to them)")
    .addOption(dataOption())
    .action(
      (
        eventId: string,
        o: { data: string; name: string; email: string; party?: number; waitlist?: boolean },
      ) =>
        enqueue(o.data, eventId, (event) => {
          const party = o.party ?? 1;
          checkParty(event, party);
          return {
            action: { type: "add-guest", name: o.name, email: o.email, party, waitlist: Boolean(o.waitlist) },
            what: `add ${o.name} <${o.email}> (party of ${party})${o.waitlist ? " to the waitlist" : ""} to "${event.name}"`,
          };
        }),
    );
}
