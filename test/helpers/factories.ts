import { randomUUID } from "node:crypto";
import { DateTime } from "luxon";
import { Command } from "../../contracts/command.ts";
import type { Lane } from "../../contracts/common.ts";
import { EventRecord } from "../../contracts/event.ts";
import { createEventRecord, type NewEvent } from "../../core/event-factory.ts";
import { hashHostToken, mintHostToken } from "../../core/host-token.ts";
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
    hostTokenHash: hashHostToken(randomUUID()),
    createdAt,
    updatedAt: createdAt,
    lastChange: null,
    ...overrides,
  });
}

/**
 * A fresh event with its creation on the row, as `rsvp event create` leaves it (core/event-factory.ts), so
 * its audit trail opens with the creation.
 */
export function createdEvent(overrides: Partial<EventRecord> = {}): EventRecord {
  const event = newEvent(overrides);
  return {
    ...event,
    lastChange: {
      commandId: `create-${event.eventId}`,
      lane: "host",
      at: event.createdAt,
      action: "create-event",
    },
  };
}

type HostedEventOptions = Partial<Omit<NewEvent, "hostTokenHash">> & { now?: Date };

/**
 * An event as `rsvp event create` makes it (core/event-factory.ts), for tests on the system clock: by
 * default "Summer party" in Berlin, 10 seats, starting 30 days after `now` (the wall clock). Returns it with
 * its host token and the path of its host page.
 */
export function hostedEvent(options: HostedEventOptions = {}): {
  event: EventRecord;
  hostToken: string;
  host: string;
} {
  const timeZone = options.timeZone ?? "Europe/Berlin";
  const now = options.now ?? new Date();
  const hostToken = mintHostToken();
  const event = createEventRecord(
    {
      eventId: options.eventId ?? `ev-${randomUUID()}`,
      name: options.name ?? "Summer party",
      startsAtLocal:
        options.startsAtLocal ??
        DateTime.fromJSDate(now).setZone(timeZone).plus({ days: 30 }).toFormat("yyyy-MM-dd'T'HH:mm"),
      endsAtLocal: options.endsAtLocal,
      timeZone,
      capacity: options.capacity ?? 10,
      settings: options.settings,
      hostTokenHash: hashHostToken(hostToken),
    },
    now,
  );
  return { event, hostToken, host: `/h/${hostToken}` };
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
  options: CommandOptions & { invite?: boolean; party?: number; answers?: Record<string, unknown> } = {},
): Command {
  return Command.parse({
    ...base(eventId, options),
    type: "register",
    name,
    email,
    invite: options.invite ?? false,
    party: options.party ?? 1,
    answers: options.answers ?? {},
  });
}

/** A guest gives up whatever they hold. */
export function cancel(eventId: string, guestId: string, options: CommandOptions = {}): Command {
  return Command.parse({ ...base(eventId, options), type: "cancel", guestId });
}

/** A guest erases their data (from their data page: lane `web`). */
export function eraseGuest(eventId: string, guestId: string, options: CommandOptions = {}): Command {
  return Command.parse({ ...base(eventId, options), type: "erase-guest", guestId });
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

/**
 * Any command from its own fields (`{ type: "offer-next" }`, `{ type: "event-ended" }`, …), for the kinds
 * with no factory of their own; lane `system` unless the options say otherwise.
 */
export function commandOf(
  eventId: string,
  fields: { type: Command["type"] } & Record<string, unknown>,
  options: CommandOptions = {},
): Command {
  return Command.parse({ ...base(eventId, { lane: "system", ...options }), ...fields });
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
