import { randomBytes } from "node:crypto";
import { type Command, InvalidArgumentError } from "commander";
import { loadOrCreateKeyring } from "../adapters/local/key-file.ts";
import { DoorLinkId, DoorLinkLabel, type DoorResult } from "../contracts/door.ts";
import { eventEnd } from "../contracts/event.ts";
import { MAX_PARTY } from "../contracts/settings.ts";
import { doorLinkGraceMs, signDoorToken } from "../core/check-in-code.ts";
import { doorCheckIn } from "../producers/door/door-check-in.ts";
import { hostCommand } from "../producers/host/host-commands.ts";
import { requireEvent, withStores } from "./data-dir.ts";
import { baseUrlOption, dataOption, jsonOption, noBaseUrlNote, offlineBaseUrl } from "./options.ts";
import { printJson, printLines } from "./output.ts";

function parseSeats(value: string): number {
  const n = /^\d{1,2}$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!(n >= 1 && n <= MAX_PARTY))
    throw new InvalidArgumentError(`seats is a whole number from 1 to ${MAX_PARTY}.`);
  return n;
}

const sayResult: Record<DoorResult["result"], (r: DoorResult) => string> = {
  "checked-in": (r) =>
    `checked in: ${r.guest?.name} (${r.guest?.arrived} of ${r.guest?.party}); a running \`rsvp start\` applies it within a second, otherwise the next start does`,
  already: (r) =>
    `already checked in: ${r.guest?.name} (${r.guest?.arrived} of ${r.guest?.party}, at ${r.guest?.at})`,
  "other-event": () => "this code is for another event",
  "not-on-list": () => "no guest of this event has this code (or id)",
  "not-attending": (r) =>
    `${r.guest?.name} holds no seat (${r.guest?.state === "cancelled" ? "cancelled" : "not confirmed"}): not checked in`,
  invalid: () => "this code is not valid: it was changed or made up",
};

/**
 * `rsvp checkin EVENT CODE`: check a guest in from the command line, as the door page does (the "door" lane);
 * and `rsvp host door-link EVENT`: a door link for a helper's phone.
 */
export function registerCheckInCommand(program: Command): void {
  program
    .command("checkin")
    .description(
      "check a guest in at the door: their QR code's text, the short code from their email, or a guest id",
    )
    .argument("<event>", "event id")
    .argument("<code>", "check-in code (C.…), short code (K7QM-2XPA) or guest id")
    // The code may be a guest id, which may start with "-" (base64url): taken as the code, not refused as an
    // unknown option (as resend, approve and decline do). A mistyped option then reads as a code nobody has, or
    // as one argument too many.
    .allowUnknownOption()
    .option("--seats <n>", "how many of the party are here in all (default: the whole party)", parseSeats)
    .addOption(dataOption())
    .addOption(jsonOption())
    .addHelpText(
      "after",
      `
Checking in the same guest twice counts once. Exit status 1 when the guest was not checked in (another
event's code, a cancelled guest, nobody with this code).`,
    )
    .action(async (eventId: string, code: string, o: { data: string; seats?: number; json?: boolean }) => {
      await withStores(o.data, async (stores) => {
        const event = await requireEvent(stores, eventId, o.data);
        const result = await doorCheckIn(
          {
            reader: stores.store,
            queue: stores.queue,
            keyring: loadOrCreateKeyring(o.data),
            now: new Date(),
          },
          event,
          { code, ...(o.seats === undefined ? {} : { seats: o.seats }) },
        );
        if (o.json) printJson(result);
        else printLines(sayResult[result.result](result));
        if (result.result !== "checked-in" && result.result !== "already") process.exitCode = 1;
      });
    });
}

/**
 * `rsvp host door-link EVENT [--label TEXT]`, `rsvp host door-links EVENT` and `rsvp host revoke-door-link EVENT
 * LINK`, added to the `host` group: a door link for a helper's phone (recorded on the event, so it is listed and
 * can be revoked), the links made, and revoking one.
 */
export function registerDoorLinkCommand(host: Command): void {
  host
    .command("door-link")
    .description(
      "a door link for a helper's phone: it can only check guests in (until a day after the event, or until revoked)",
    )
    .argument("<event>", "event id")
    .option(
      "--label <text>",
      'what you call this link, e.g. "Main door" (shown in the list of links)',
      parseLabel,
    )
    .addOption(dataOption())
    .addOption(baseUrlOption("public address the printed link starts with (without it: a path, and a note)"))
    .addOption(jsonOption())
    .action(
      async (eventId: string, o: { data: string; label?: string; baseUrl?: string; json?: boolean }) => {
        await withStores(o.data, async (stores) => {
          const event = await requireEvent(stores, eventId, o.data);
          const expiresAt = new Date(eventEnd(event).getTime() + doorLinkGraceMs).toISOString();
          // A letter first: an id starting with "-" would read as an option on a command line.
          const linkId = `d${randomBytes(9).toString("base64url")}`;
          const label = o.label ?? "";
          await stores.queue.send([
            hostCommand(
              { type: "mint-door-link", linkId, label },
              { eventId, commandId: `door-link-${linkId}`, issuedAt: new Date() },
            ),
          ]);
          const token = signDoorToken({ eventId, expiresAt, linkId }, loadOrCreateKeyring(o.data));
          const path = `/door/${token}`;
          const base = offlineBaseUrl(o.baseUrl);
          const url = base ? `${base}${path}` : null;
          if (o.json) return printJson({ eventId, linkId, label, doorPath: path, doorUrl: url, expiresAt });
          printLines(
            `Door link ${linkId}${label ? ` (${label})` : ""} for "${event.name}" (works until ${expiresAt}):`,
            url ?? path,
            ...(url ? [] : [noBaseUrlNote]),
            `Revoke it with: rsvp host revoke-door-link ${eventId} ${linkId}`,
          );
        });
      },
    );

  host
    .command("door-links")
    .description("the door links made for an event: id, label, when made, and whether revoked")
    .argument("<event>", "event id")
    .addOption(dataOption())
    .addOption(jsonOption())
    .action(async (eventId: string, o: { data: string; json?: boolean }) => {
      await withStores(o.data, async (stores) => {
        const event = await requireEvent(stores, eventId, o.data);
        const links = event.doorLinks ?? [];
        if (o.json) return printJson({ eventId, doorLinks: links });
        if (links.length === 0) return printLines(`No door links recorded for "${event.name}".`);
        printLines(
          ...links.map(
            (l) =>
              `${l.id}  ${l.label || "(no label)"}  made ${l.mintedAt}  ${l.revokedAt ? `revoked ${l.revokedAt}` : "works"}`,
          ),
        );
      });
    });

  host
    .command("revoke-door-link")
    .description("revoke a door link: from then on it opens nothing (410); revoking it again changes nothing")
    .argument("<event>", "event id")
    .argument("<link>", "the link's id (from rsvp host door-links)")
    .addOption(dataOption())
    .addOption(jsonOption())
    .action(async (eventId: string, linkId: string, o: { data: string; json?: boolean }) => {
      await withStores(o.data, async (stores) => {
        const event = await requireEvent(stores, eventId, o.data);
        if (!DoorLinkId.safeParse(linkId).success || !(event.doorLinks ?? []).some((l) => l.id === linkId)) {
          process.exitCode = 1;
          return printLines(
            `"${event.name}" has no door link ${linkId} (see rsvp host door-links ${eventId}).`,
          );
        }
        const commandId = `revoke-door-link-${linkId}`;
        await stores.queue.send([
          hostCommand({ type: "revoke-door-link", linkId }, { eventId, commandId, issuedAt: new Date() }),
        ]);
        if (o.json) return printJson({ eventId, linkId, commandId, queued: true });
        printLines(
          `Door link ${linkId} revoked: a running \`rsvp start\` applies it within a second, otherwise the next start does.`,
        );
      });
    });
}

function parseLabel(value: string): string {
  const parsed = DoorLinkLabel.safeParse(value.trim());
  if (!parsed.success) throw new InvalidArgumentError("a label is one line of at most 60 characters.");
  return parsed.data;
}
