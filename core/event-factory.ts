import { DateTime } from "luxon";
import {
  type EventDetails,
  EventDetails as EventDetailsSchema,
  type EventRecord,
  eventEnd,
} from "../contracts/event.ts";
import { type EventSettings, EventSettings as EventSettingsSchema } from "../contracts/settings.ts";
import { EventInputError } from "./errors.ts";

export interface NewEvent {
  eventId: string;
  name: string;
  /** Wall-clock start in the event's zone, e.g. 2026-12-24T19:00. */
  startsAtLocal: string;
  /** Wall-clock end in the event's zone; absent: `defaultEventHours` after the start. */
  endsAtLocal?: string;
  timeZone: string;
  capacity: number;
  hostTokenHash: string;
  /** Anything not given takes the product default. */
  settings?: Partial<EventSettings>;
  /** Description, location, host and language; anything not given takes the default. */
  details?: Partial<EventDetails>;
}

/**
 * The UTC instant of a wall-clock time in a zone. A time that does not exist (skipped by a DST change) is
 * refused rather than silently shifted; an ambiguous one (an hour that repeats) resolves as luxon does.
 */
export function wallClockToUtc(local: string, timeZone: string): Date {
  const dt = DateTime.fromISO(local, { zone: timeZone, setZone: true });
  if (!dt.isValid)
    throw new EventInputError(
      `"${local}" in ${timeZone} is not a valid date-time (${dt.invalidExplanation ?? dt.invalidReason})`,
    );
  const roundTrip = dt.toFormat("yyyy-MM-dd'T'HH:mm");
  if (!local.startsWith(roundTrip.slice(0, 16)) && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(local)) {
    throw new EventInputError(
      `${local} does not exist in ${timeZone} (the clocks skip it); pick another time`,
    );
  }
  return dt.toJSDate();
}

/** The longest an event may last: long enough for a festival, short enough to catch a typo in the year. */
const maxEventDays = 31;

/**
 * The end of an event from its wall-clock end, or `defaultEventHours` after the start. An end that is not after
 * the start, or more than `maxEventDays` after it, is refused.
 */
export function eventEndOf(startsAt: Date, endsAtLocal: string | undefined, timeZone: string): Date {
  if (endsAtLocal === undefined) return eventEnd({ startsAt: startsAt.toISOString() });
  const end = wallClockToUtc(endsAtLocal, timeZone);
  if (end.getTime() <= startsAt.getTime())
    throw new EventInputError(`the end (${endsAtLocal} in ${timeZone}) must be after the start`);
  if (end.getTime() - startsAt.getTime() > maxEventDays * 86_400_000)
    throw new EventInputError(`the end (${endsAtLocal}) is more than ${maxEventDays} days after the start`);
  return end;
}

/** A new event record with empty counters, open for registration. */
export function createEventRecord(input: NewEvent, now: Date): EventRecord {
  const at = now.toISOString();
  const startsAt = wallClockToUtc(input.startsAtLocal, input.timeZone);
  return {
    eventId: input.eventId,
    name: input.name,
    startsAt: startsAt.toISOString(),
    endsAt: eventEndOf(startsAt, input.endsAtLocal, input.timeZone).toISOString(),
    timeZone: input.timeZone,
    capacity: input.capacity,
    confirmed: 0,
    offered: 0,
    waitlisted: 0,
    nextWaitlistSeq: 1,
    registrationOpen: true,
    settings: EventSettingsSchema.parse(input.settings ?? {}),
    details: EventDetailsSchema.parse(input.details ?? {}),
    calendarSequence: 0,
    version: 0,
    hostTokenHash: input.hostTokenHash,
    createdAt: at,
    updatedAt: at,
    lastChange: { commandId: `create-${input.eventId}`, lane: "host", at, action: "create-event" },
    answerTally: {},
    reconfirmTally: { asked: 0, reconfirmed: 0 },
    rosterSize: 0,
  };
}

export { EventInputError };
