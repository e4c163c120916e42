import { Command } from "../../contracts/command.ts";
import type { DoorCheckInRequest, DoorGuest, DoorList, DoorResult } from "../../contracts/door.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import type { Keyring } from "../../contracts/link.ts";
import { findByShortCode, shortCheckInCode, verifyCheckInCode } from "../../core/check-in-code.ts";
import { checkInCommandId, doorStanding } from "../../core/check-in-decisions.ts";
import { nameFold } from "../../core/name-search.ts";
import type { CommandQueue, GuestReader } from "../../core/ports.ts";
import { seatsOf } from "../../core/seat-rules.ts";

/**
 * Check-in at the door, shared by the door page and `rsvp checkin` (both are the "door" lane). Like every
 * producer it only reads and enqueues: it finds the guest a code names, says where they stand, and sends the
 * keeper a `check-in` command whose id is derived from the guest and the seats, so the same check-in from two
 * phones (or a retried offline sync) is one command.
 */

export interface DoorDeps {
  reader: GuestReader;
  queue: CommandQueue;
  keyring: Keyring;
  now: Date;
}

/** A guest as the door sees them (see `DoorGuest`). */
export function doorGuestOf(event: EventRecord, guest: GuestRecord, keyring: Keyring): DoorGuest {
  const state =
    guest.status === "confirmed"
      ? "coming"
      : guest.status === "cancelled" || guest.status === "lapsed"
        ? "cancelled"
        : "no-seat";
  return {
    guestId: guest.guestId,
    name: guest.name,
    party: seatsOf(guest),
    state,
    arrived: guest.checkedIn?.seats ?? 0,
    at: guest.checkedIn?.at ?? null,
    code: shortCheckInCode({ eventId: event.eventId, guestId: guest.guestId }, keyring),
  };
}

/** The door's order: the guests with a seat first, then by name. */
function doorOrder(a: DoorGuest, b: DoorGuest): number {
  return Number(b.state === "coming") - Number(a.state === "coming") || a.name.localeCompare(b.name);
}

/** The door's copy of the list: every guest of the event, the ones with a seat first, by name. */
export async function doorList(deps: Omit<DoorDeps, "queue">, event: EventRecord): Promise<DoorList> {
  const guests = (await deps.reader.listGuests(event.eventId))
    .map((g) => doorGuestOf(event, g, deps.keyring))
    .sort(doorOrder);
  return {
    eventId: event.eventId,
    name: event.name,
    at: deps.now.toISOString(),
    arrived: event.arrived ?? 0,
    expected: event.confirmed,
    guests,
  };
}

/** The most guests the door's search by name shows. */
export const doorMatchesShown = 20;
/** The most names the search reads from a store's name index (the shown ones are the first of these). */
const doorNamesRead = 60;

/**
 * The door's search by name (its page without script): up to 20 guests, the ones with a seat first, by name.
 * Where the store keeps an index of names for the event (AWS: `GuestReader.guestsNamed`), the names that
 * begin with what was typed, read from it (at most 60, a few keys); elsewhere every name that holds it, read
 * from the list.
 */
export async function doorSearch(
  deps: Omit<DoorDeps, "queue">,
  event: EventRecord,
  query: string,
): Promise<DoorGuest[]> {
  const indexed = await deps.reader.guestsNamed?.(event, query, doorNamesRead);
  const guests =
    indexed ??
    (await deps.reader.listGuests(event.eventId)).filter((g) => nameFold(g.name).includes(nameFold(query)));
  return guests
    .map((g) => doorGuestOf(event, g, deps.keyring))
    .sort(doorOrder)
    .slice(0, doorMatchesShown);
}

/** The guest a scanned or typed code (or a guest id picked by name) names, or why there is none. */
export async function guestForCode(
  deps: Omit<DoorDeps, "queue">,
  event: EventRecord,
  request: Pick<DoorCheckInRequest, "code" | "guestId">,
): Promise<{ guest: GuestRecord } | { result: DoorResult["result"] }> {
  if (request.guestId && !request.code) {
    const guest = await deps.reader.getGuest(event.eventId, request.guestId);
    return guest ? { guest } : { result: "not-on-list" };
  }
  const code = request.code ?? "";
  const verified = verifyCheckInCode(code, deps.keyring, event.eventId);
  if (verified.ok) {
    const guest = await deps.reader.getGuest(event.eventId, verified.claims.guestId);
    return guest ? { guest } : { result: "not-on-list" };
  }
  if (verified.reason === "wrong-event") return { result: "other-event" };
  if (verified.reason !== "malformed") return { result: "invalid" };
  // Not a whole code: perhaps the short one printed under the QR, or a guest id (the CLI).
  const guests = await deps.reader.listGuests(event.eventId);
  const found = findByShortCode(code, guests, deps.keyring) ?? guests.find((g) => g.guestId === code.trim());
  return found ? { guest: found } : { result: "not-on-list" };
}

/**
 * Checks in a guest from the door: `seats` of their party in all (default: the whole party). Sends the
 * command when it adds someone; answers `already` (with when) when everyone it names is in, and says why not
 * for a guest without a seat, a code of another event, a forged code or nobody on the list.
 */
export async function doorCheckIn(
  deps: DoorDeps,
  event: EventRecord,
  request: DoorCheckInRequest,
): Promise<DoorResult> {
  const found = await guestForCode(deps, event, request);
  if ("result" in found) return { result: found.result };
  const { guest } = found;
  const view = doorGuestOf(event, guest, deps.keyring);
  const standing = doorStanding(guest);
  if (standing.kind === "not-attending") return { result: "not-attending", guest: view };
  const seats = Math.min(standing.party, request.seats ?? standing.party);
  if (seats <= standing.arrived) return { result: "already", guest: view };
  const command = Command.parse({
    type: "check-in",
    eventId: event.eventId,
    guestId: guest.guestId,
    seats,
    commandId: checkInCommandId(guest, seats),
    issuedAt: deps.now.toISOString(),
    lane: "door",
  });
  await deps.queue.send([command]);
  return {
    result: "checked-in",
    guest: { ...view, arrived: seats, at: deps.now.toISOString() },
  };
}
