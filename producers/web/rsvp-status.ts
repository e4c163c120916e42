import { randomFillSync } from "node:crypto";
import { v7, validate, version } from "uuid";
import type { GuestRecord } from "../../contracts/guest.ts";
import type { RsvpStatus } from "../../contracts/http.ts";
import type { Outcome } from "../../contracts/outcome.ts";
import type { DeadLetterLookup, GuestReader } from "../../core/ports.ts";
import { pages } from "../../i18n/en/pages.ts";

/**
 * How long a registration may wait for the keeper before its status page says something is wrong. It takes
 * a second or two (a cold Lambda a few more); a minute means a failing command, which SQS retries every three
 * minutes before it sets it aside, or a queue nobody reads.
 */
const delayedAfterMs = 60_000;

/**
 * A registration's command id: a UUIDv7 (RFC 9562), whose first 48 bits are the Unix time in milliseconds it
 * was minted at, so its status link tells how long it has waited without anything stored beside it.
 */
export function registrationCommandId(now: Date): string {
  return v7({ msecs: now.getTime(), random: randomBytes16() });
}

/**
 * 16 random bytes from a pool filled by the system's CSPRNG 4 KB at a time: uuid's own source asks Web Crypto
 * for 16 bytes per id, which costs more than the rest of minting it (a few % of a registration request).
 */
function randomBytes16(): Uint8Array {
  if (randomAt + 16 > randomPool.length) {
    randomFillSync(randomPool);
    randomAt = 0;
  }
  randomAt += 16;
  return randomPool.subarray(randomAt - 16, randomAt);
}
const randomPool = new Uint8Array(4096);
let randomAt = randomPool.length;

/** When a registration was sent, read from its command id; null for an id that is no UUIDv7 (an older link). */
function submittedAtOf(commandId: string): Date | null {
  if (!validate(commandId) || version(commandId) !== 7) return null;
  return new Date(Number.parseInt(commandId.replaceAll("-", "").slice(0, 12), 16));
}

/**
 * Why a registration was refused, in the JSON contract's English (`status.reason`): the English catalog's
 * words, so the status page can say the same in the event's language (`refusalCodeOf`).
 */
const refusalReasons: Record<Extract<Outcome, { kind: "refused" }>["reason"], string> = pages.errors.reason;

/** The refusal a contract's English reason names, or null for a reason the catalog does not have. */
export function refusalCodeOf(reason: string): keyof typeof refusalReasons | null {
  const found = Object.entries(refusalReasons).find(([, words]) => words === reason);
  return found ? (found[0] as keyof typeof refusalReasons) : null;
}

/** A registration's status, and the guest it placed as they stand now (null until the keeper placed one). */
export interface RsvpView {
  status: RsvpStatus;
  guest: GuestRecord | null;
}

/**
 * What a registration's status link reports: nothing recorded yet is still processing (delayed once it has
 * waited `delayedAfterMs`), or set aside when the queue can tell it became a dead letter; a registration the
 * keeper placed reports the guest's status NOW (a waitlisted guest's current place in line, not the place
 * they joined at); a duplicate reports only "check your email" (see `RsvpStatus`). Null when the command id names no registration.
 */
export async function rsvpViewOf(
  reader: GuestReader,
  eventId: string,
  commandId: string,
  context: { now: Date; deadLetters?: DeadLetterLookup | undefined; verifyEmail?: boolean },
): Promise<RsvpView | null> {
  const result = await reader.getCommandResult(eventId, commandId);
  // An event that confirms addresses first: until the emailed link is pressed there is nothing to report but
  // "check your email" (for every address alike).
  if (!result && context.verifyEmail) return { status: { state: "check-email" }, guest: null };
  if (!result) {
    const dead = await context.deadLetters?.findDeadLetter(eventId, commandId);
    if (dead)
      return {
        status: { state: "set-aside", failedAt: dead.failedAt ?? context.now.toISOString() },
        guest: null,
      };
    const submittedAt = submittedAtOf(commandId);
    return {
      status: {
        state: "processing",
        submittedAt: submittedAt?.toISOString() ?? null,
        delayed: submittedAt !== null && context.now.getTime() - submittedAt.getTime() >= delayedAfterMs,
      },
      guest: null,
    };
  }
  const outcome = result.outcome;
  switch (outcome.kind) {
    case "refused":
      return { status: { state: "refused", reason: refusalReasons[outcome.reason] }, guest: null };
    case "duplicate":
      // The address was on the list already: its owner was emailed their status and links. Whoever typed
      // it learns nothing of that guest (their name, their status) from this link.
      return { status: { state: "check-email" }, guest: null };
    case "confirmed":
    case "waitlisted":
    case "requested":
    case "invited": {
      const guest = await reader.getGuest(eventId, outcome.guestId);
      if (!guest)
        return {
          status: { state: "failed", reason: "the registration was recorded but its guest is missing" },
          guest: null,
        };
      const position =
        guest.status === "waitlisted" ? await reader.waitlistPosition(eventId, guest.guestId) : null;
      return { status: { state: guest.status, name: guest.name, position, duplicate: false }, guest };
    }
    default:
      // A cancel or a host action: its id is not a registration's status link.
      return null;
  }
}

/** A registration's status (see `rsvpViewOf`), as its status link reports it. */
export async function rsvpStatusOf(
  reader: GuestReader,
  eventId: string,
  commandId: string,
  context: { now: Date; deadLetters?: DeadLetterLookup | undefined },
): Promise<RsvpStatus | null> {
  return (await rsvpViewOf(reader, eventId, commandId, context))?.status ?? null;
}

/** The guest a registration placed (or matched, for a duplicate) as they stand now; null before the keeper ran. */
export async function registrationGuestOf(
  reader: GuestReader,
  eventId: string,
  commandId: string,
): Promise<GuestRecord | null> {
  const result = await reader.getCommandResult(eventId, commandId);
  const outcome = result?.outcome;
  if (!outcome) return null;
  if (
    outcome.kind !== "confirmed" &&
    outcome.kind !== "waitlisted" &&
    outcome.kind !== "invited" &&
    outcome.kind !== "requested" &&
    outcome.kind !== "duplicate"
  )
    return null;
  return reader.getGuest(eventId, outcome.guestId);
}
