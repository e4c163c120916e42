import { html, raw } from "hono/html";
import type { Language } from "../../contracts/language.ts";
import { formatDateTime, type Translate, translator } from "../../i18n/index.ts";
import { stackedTablesStyle, tableLabelsStyle } from "./admin-style.ts";
import { type Html, layout } from "./pages.ts";

/**
 * What every host page shares (host-pages.ts, guest-list-pages.ts, audit-pages.ts, thanks-pages.ts,
 * import-pages.ts): the frame, the notice, the layout in the event's language, and the event's wall clock.
 */

/** What a host's last action came to, shown at the top of the page it returned to. */
export interface HostNotice {
  text: string;
  /**
   * `pending`: queued, not applied yet (the page refreshes until it is); `problem`: the keeper refused, or the
   * action was set aside as a dead letter (no refresh: waiting would not change it).
   */
  tone: "done" | "pending" | "problem";
}

/** The frame of every host page: what the page is about, a way back to the host page, the notice. */
export interface HostFrame {
  eventName: string;
  /** `/h/<token>`, the host page; every host link and form action starts with it. */
  base: string;
  notice?: HostNotice | null;
  /** The event's language: every word on a host page is in it. */
  language: Language;
}

/** The translate function for a host page's `pages.host` strings. */
export function hostText(language: Language): Translate {
  return translator(language);
}

export const k = (key: string) => `pages.host.${key}`;

/** The layout, in the page's language. */
export const hostLayout = (f: HostFrame, title: string, content: Html, head: Html | null = null) =>
  layout(title, content, head, { lang: f.language });

export const noticeView = (
  notice: HostNotice | null | undefined,
  dismiss: string,
  t: Translate,
): Html | null =>
  notice
    ? html`<div class="${notice.tone === "problem" ? "problem" : "notice"}" role="status"><p>${notice.text}
<a href="${dismiss}">${t(k("dismiss"))}</a></p></div>`
    : null;

/** A page waiting for a queued action looks again in 2 s, until the keeper has applied it. */
export const refreshWhilePending = (notice: HostNotice | null | undefined): Html | null =>
  notice?.tone === "pending" ? html`<meta http-equiv="refresh" content="2">` : null;

/** The wide tables' phone layout (stacked cards) and wrapping rules: no host page scrolls sideways. */
export const stackedTables = html`<style>${raw(stackedTablesStyle)}</style>`;
/** The stacked cards' labels, in the page's language (allowed by hash in the CSP, one per language). */
export const tableLabels = (language: Language) => html`<style>${raw(tableLabelsStyle(language))}</style>`;

export const backLink = (f: HostFrame) => html`<p class="note"><a href="${f.base}">← ${f.eventName}</a></p>`;

export const hiddenFormId = (formId: string) => html`<input type="hidden" name="formId" value="${formId}">`;

const wallClock: Intl.DateTimeFormatOptions = {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
};
const wallClockSeconds: Intl.DateTimeFormatOptions = { ...wallClock, second: "2-digit" };

/** An instant as the event's wall clock: "24 Dec 2026, 19:05" (with seconds for the audit trail). */
export function localTime(at: string, timeZone: string, language: Language, seconds = false): string {
  return formatDateTime(language, new Date(at), timeZone, seconds ? wallClockSeconds : wallClock);
}
