import { randomUUID } from "node:crypto";
import type { Command } from "commander";
import { Id } from "../contracts/common.ts";
import type { GuestRecord } from "../contracts/guest.ts";
import { hostCommand } from "../producers/host/host-commands.ts";
import { requireEvent, withStores } from "./data-dir.ts";
import { CliError } from "./errors.ts";
import { dataOption } from "./options.ts";
import { printLines } from "./output.ts";

const appliedWhen = "A running `rsvp start` applies them within a second; otherwise the next start does.";

/**
 * `rsvp host approve|decline EVENT GUEST…` (approval mode, docs/approval.md): one command per guest for the
 * keeper, like the guest list's buttons. Guests with no request waiting are named and skipped (the keeper would
 * change nothing for them); an unknown guest id stops the whole command before anything is queued.
 */
export function registerApprovalCommands(host: Command): void {
  for (const decision of ["approve", "decline"] as const) {
    host
      .command(decision)
      .description(
        decision === "approve"
          ? "approve requests (approval mode): each guest is confirmed while seats last, else waitlisted"
          : "decline requests (approval mode): each guest is told, politely",
      )
      .argument("<event>", "event id")
      .argument("<guests...>", "guest ids (from `rsvp guests EVENT`; requested guests show as requested)")
      .addOption(dataOption())
      // A guest id may start with "-" (base64url): taken as a guest id, not refused as an unknown option.
      // A mistyped option then reads as an unknown guest, which is refused by name before anything is queued.
      .allowUnknownOption()
      .action((eventId: string, guestIds: string[], o: { data: string }) =>
        decide(o.data, eventId, guestIds, decision),
      );
  }
}

async function decide(
  dataDir: string,
  eventId: string,
  guestIds: readonly string[],
  decision: "approve" | "decline",
): Promise<void> {
  await withStores(dataDir, async (stores) => {
    const event = await requireEvent(stores, eventId, dataDir);
    const guests: GuestRecord[] = [];
    for (const guestId of new Set(guestIds)) {
      const guest = Id.safeParse(guestId).success ? await stores.store.getGuest(eventId, guestId) : null;
      if (!guest)
        throw new CliError(`no guest "${guestId}" in event "${eventId}" (see rsvp guests ${eventId})`);
      guests.push(guest);
    }
    const waiting = guests.filter((g) => g.status === "requested");
    const skipped = guests
      .filter((g) => g.status !== "requested")
      .map((g) => `skipped: ${g.name} <${g.email}> is ${g.status}, with no request waiting`);
    if (waiting.length === 0) throw new CliError([...skipped, "nothing to queue"].join("\n"), 1);
    const issuedAt = new Date();
    const type = decision === "approve" ? "approve-request" : "decline-request";
    const commands = waiting.map((g) =>
      hostCommand({ type, guestId: g.guestId }, { eventId, commandId: randomUUID(), issuedAt }),
    );
    await stores.queue.send(commands);
    printLines(
      ...waiting.map(
        (g, i) =>
          `queued: ${decision} ${g.name} <${g.email}> for "${event.name}" (command ${commands[i]?.commandId})`,
      ),
      ...skipped,
      appliedWhen,
    );
  });
}
