import { createHash, randomUUID } from "node:crypto";
import { Command } from "../../contracts/command.ts";
import type { Lane } from "../../contracts/common.ts";
import { EventRecord } from "../../contracts/event.ts";
import type { Clock } from "../../core/ports.ts";

/** The instant fake clocks start at, unless a test says otherwise. */
export const baseTime = new Date("2026-06-01T12:00:00.000Z");

const hours = (n: number) => n * 3_600_000;

/** A clock a test moves by hand: `clock.set(date)` or `clock.advance(ms)`. */
export function fakeClock(
  start: Date = baseTime,
): Clock & { set(at: Date): void; advance(ms: number): void } {
  let now = new Date(start);
  return {
    now: () => now,
    set: (at) => {
      now = new Date(at);
    },
    advance: (ms) => {
      now = new Date(now.getTime() + ms);
    },
  };
}

/** The SHA-256 hex of a host token, as events store it. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A fresh, valid event with no guests: open, 10 seats, starting 30 days after `baseTime`. */
export function newEvent(overrides: Partial<EventRecord> = {}): EventRecord {
  const createdAt = baseTime.toISOString();
  return EventRecord.parse({
    eventId: `ev-${randomUUID()}`,
    name: "Summer party",
    startsAt: new Date(baseTime.getTime() + hours(24 * 30)).toISOString(),
    timeZone: "Europe/Berlin",
    capacity: 10,
    confirmed: 0,
    offered: 0,
    waitlisted: 0,
    nextWaitlistSeq: 1,
    registrationOpen: true,
    version: 0,
    hostTokenHash: hashToken(randomUUID()),
    createdAt,
    updatedAt: createdAt,
    lastChange: null,
    ...overrides,
  });
}

interface CommandOptions {
  commandId?: string;
  lane?: Lane;
  issuedAt?: Date;
}

function base(eventId: string, options: CommandOptions) {
  return {
    eventId,
    commandId: options.commandId ?? randomUUID(),
    issuedAt: (options.issuedAt ?? baseTime).toISOString(),
    lane: options.lane ?? "web",
  };
}

/** A registration (a seat request, or with `invite` a pending invitation). */
export function register(
  eventId: string,
  email: string,
  name = "Ana Guest",
  options: CommandOptions & { invite?: boolean } = {},
): Command {
  return Command.parse({
    ...base(eventId, options),
    type: "register",
    name,
    email,
    invite: options.invite ?? false,
  });
}

/** A guest gives up whatever they hold. */
export function cancel(eventId: string, guestId: string, options: CommandOptions = {}): Command {
  return Command.parse({ ...base(eventId, options), type: "cancel", guestId });
}

/** The host changes the cap. */
export function setCapacity(eventId: string, capacity: number, options: CommandOptions = {}): Command {
  return Command.parse({ ...base(eventId, { lane: "host", ...options }), type: "set-capacity", capacity });
}

/** The host closes registration. */
export function closeRegistration(eventId: string, options: CommandOptions = {}): Command {
  return Command.parse({ ...base(eventId, { lane: "host", ...options }), type: "close-registration" });
}

/** The host reopens registration. */
export function reopenRegistration(eventId: string, options: CommandOptions = {}): Command {
  return Command.parse({ ...base(eventId, { lane: "host", ...options }), type: "reopen-registration" });
}

/** A guest's command from an email link: claim an offer, decline one (or an invitation), confirm an invitation. */
export function guestAction(
  type: "claim-offer" | "decline" | "confirm-invite" | "expire-offer" | "mute-messages",
  eventId: string,
  guestId: string,
  options: CommandOptions = {},
): Command {
  return Command.parse({ ...base(eventId, { lane: "link", ...options }), type, guestId });
}

/** The host writes to every confirmed guest. */
export function messageGuests(
  eventId: string,
  subject: string,
  body: string,
  options: CommandOptions = {},
): Command {
  return Command.parse({
    ...base(eventId, { lane: "host", ...options }),
    type: "message-guests",
    message: { subject, body },
  });
}
