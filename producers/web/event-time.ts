import type { Language } from "../../contracts/language.ts";
import { localeOf } from "../../i18n/index.ts";

/** A date with its weekday and a time of day, spelled out: "Thursday 24 December 2026 at 19:00". */
export const longDateTime: Intl.DateTimeFormatOptions = {
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
};

/**
 * When an event starts, as its guests read it: the wall clock in the event's own time zone, with the zone
 * named, because a guest in another zone must not mistake it for their local time.
 * E.g. "Thursday 24 December 2026 at 19:00 CET (Europe/Berlin)".
 */
export function formatStartsAt(startsAt: string, timeZone: string, language: Language = "en"): string {
  const when = new Intl.DateTimeFormat(localeOf[language], {
    timeZone,
    ...longDateTime,
    timeZoneName: "short",
  }).format(new Date(startsAt));
  return `${when} (${timeZone})`;
}
