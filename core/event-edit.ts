import type { EventDetails, EventEdit, EventLocation, EventRecord } from "../contracts/event.ts";
import { eventEnd } from "../contracts/event.ts";

/** What an edit does to an event: the event after it, which fields changed, and whether guests must be told. */
export interface AppliedEdit {
  next: EventRecord;
  /** The changed fields by name (`name`, `startsAt`, `place`, `settings.hostEmail`, …), in a stable order. */
  changed: string[];
  /** The date, time or place changed: the calendar entry must move (SEQUENCE up) and the guests be told. */
  moved: boolean;
}

/** The fields whose change moves the event in the guests' calendars: date, time and place. */
const movingFields = new Set(["startsAt", "endsAt", "place", "address", "onlineUrl"]);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** `value` for a given field, the old value for one left out; null clears (the key is dropped). */
function pick<T>(given: T | null | undefined, old: T | undefined): T | undefined {
  if (given === undefined) return old;
  return given === null ? undefined : given;
}

/** An object without its undefined keys, so a cleared field is absent from the stored row, not `null`. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The event after an edit. Moving the start without giving an end keeps the event's length, so a host who
 * moves a party by a day does not end up with a two-day party. Pure; checks nothing (see `decideEdit`).
 */
export function applyEventEdit(event: EventRecord, edit: EventEdit): AppliedEdit {
  const oldEnd = eventEnd(event).toISOString();
  const startsAt = edit.startsAt ?? event.startsAt;
  const endsAt =
    edit.endsAt ??
    (edit.startsAt === undefined
      ? oldEnd
      : new Date(Date.parse(startsAt) + Date.parse(oldEnd) - Date.parse(event.startsAt)).toISOString());
  const old = event.details;
  const location: EventLocation = defined({
    place: pick(edit.place, old.location.place),
    address: pick(edit.address, old.location.address),
    onlineUrl: pick(edit.onlineUrl, old.location.onlineUrl),
    onlineUrlConfirmedOnly: edit.onlineUrlConfirmedOnly ?? old.location.onlineUrlConfirmedOnly,
  });
  const details: EventDetails = defined({
    description: edit.description ?? old.description,
    location,
    hostName: pick(edit.hostName, old.hostName),
    hostReplyTo: pick(edit.hostReplyTo, old.hostReplyTo),
    language: edit.language ?? old.language,
    accent: edit.accent ?? old.accent,
  });
  const settings = { ...event.settings, ...defined(edit.settings ?? {}) };
  const next: EventRecord = {
    ...event,
    name: edit.name ?? event.name,
    startsAt,
    endsAt,
    timeZone: edit.timeZone ?? event.timeZone,
    details,
    settings,
  };

  const changed: string[] = [];
  for (const field of ["name", "startsAt", "endsAt", "timeZone"] as const)
    if (!same(next[field], field === "endsAt" ? oldEnd : event[field])) changed.push(field);
  for (const field of ["place", "address", "onlineUrl", "onlineUrlConfirmedOnly"] as const)
    if (!same(location[field], old.location[field])) changed.push(field);
  for (const field of ["description", "hostName", "hostReplyTo", "language", "accent"] as const)
    if (!same(details[field], old[field])) changed.push(field);
  for (const key of Object.keys(settings) as (keyof typeof settings)[])
    if (!same(settings[key], event.settings[key])) changed.push(`settings.${key}`);
  return { next, changed, moved: changed.some((f) => movingFields.has(f)) };
}
