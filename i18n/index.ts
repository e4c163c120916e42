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
  return new Intl.DateTimeFormat(localeOf[language], { ...options, timeZone }).format(at);
}
