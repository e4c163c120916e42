import i18next, { type TFunction } from "i18next";
import type { Language } from "../contracts/language.ts";
import { de } from "./de/index.ts";
import { en } from "./en/index.ts";

/**
 * Message catalogs: every string a guest or host reads comes from here, in the event's language. i18next gives
 * plural rules (Intl.PluralRules) and interpolation; values are NOT escaped here, because the same strings go
 * into plain-text emails and .ics files: HTML renderers escape what they interpolate (hono's `html`).
 */
const instance = i18next.createInstance();
void instance.init({
  resources: { en: { translation: en }, de: { translation: de } },
  lng: "en",
  fallbackLng: "en",
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** A translate function fixed to one language: `t("mail.via", { name })`, `t("pages.seatsLeft", { count })`. */
export type Translate = TFunction;

/** The translate function for a language. */
export function translator(language: Language): Translate {
  return instance.getFixedT(language);
}

/** The locale that formats dates for a language: day-month order and a 24-hour clock for English too. */
export const localeOf: Record<Language, string> = { en: "en-GB", de: "de-DE" };

/** A date and time as a person reads it in the event's zone and language ("Sat 14 Dec, 14:00 CET"). */
export function formatDateTime(
  language: Language,
  at: Date,
  timeZone: string,
  options: Intl.DateTimeFormatOptions = {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  },
): string {
  return dateTimeFormat(localeOf[language], timeZone, options).format(at);
}

/**
 * Formatters by locale, zone and options. Building an Intl.DateTimeFormat loads ICU's locale and zone data
 * each time: under a rush the emails' dates were the background's largest cost (15% of its CPU) and, because
 * ICU's memory is freed only when the garbage collector gets to the wrapper, much of its memory.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
/** Enough for every zone and option set in use; past it the cache starts over rather than grow. */
const maxFormatters = 512;

function dateTimeFormat(
  locale: string,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${locale}\u0000${timeZone}\u0000${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    if (formatters.size >= maxFormatters) formatters.clear();
    formatters.set(key, format);
  }
  return format;
}
