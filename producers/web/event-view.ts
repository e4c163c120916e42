import { html, raw } from "hono/html";
import { type EventRecord, eventEnd } from "../../contracts/event.ts";
import { locationShownTo } from "../../core/approval-rules.ts";
import { formatDateTime, type Translate, translator } from "../../i18n/index.ts";
import { longDateTime } from "./event-time.ts";
import type { Html } from "./pages.ts";

/**
 * The pieces every guest page shows of an event, in the event's language: the date line, the place with its
 * map link, the online link, the host, and the description (plain text: paragraphs and autolinked web
 * addresses, everything else escaped by hono's `html`).
 */

/** The event's language and its translate function. */
export function wordsFor(event: EventRecord): { lang: EventRecord["details"]["language"]; t: Translate } {
  const lang = event.details.language;
  return { lang, t: translator(lang) };
}

/**
 * An instant as a guest reads it, in the event's zone and language, the zone named because a guest elsewhere
 * must not mistake it for their local time: "Thursday 24 December 2026 at 19:00 CET (Europe/Berlin)".
 */
export function formatInstant(event: EventRecord, instant: string | Date): string {
  const { lang, t } = wordsFor(event);
  const start = formatDateTime(lang, new Date(instant), event.timeZone, {
    ...longDateTime,
    timeZoneName: "short",
  });
  return t(namedOnce(start, event.timeZone) ? "pages.common.whenAtNoZone" : "pages.common.whenAt", {
    start,
    zone: event.timeZone,
  });
}

/** Whether the formatted time already ends with the zone's id ("… 19:00 UTC"), so "(UTC)" would repeat it. */
const namedOnce = (formatted: string, zone: string) => formatted.endsWith(` ${zone}`);

/** When the event is, start to end in its zone: "Thursday 24 December 2026 at 19:00 – 22:00 CET (Europe/Berlin)". */
export function formatWhen(event: EventRecord): string {
  const { lang, t } = wordsFor(event);
  const start = new Date(event.startsAt);
  const end = eventEnd(event);
  const dayOf = (d: Date) => formatDateTime(lang, d, event.timeZone, { dateStyle: "short" });
  const endOptions: Intl.DateTimeFormatOptions =
    dayOf(start) === dayOf(end)
      ? { hour: "2-digit", minute: "2-digit", timeZoneName: "short" }
      : { ...longDateTime, timeZoneName: "short" };
  const endText = formatDateTime(lang, end, event.timeZone, endOptions);
  return t(namedOnce(endText, event.timeZone) ? "pages.common.whenNoZone" : "pages.common.when", {
    start: formatDateTime(lang, start, event.timeZone, longDateTime),
    end: endText,
    zone: event.timeZone,
  });
}

/**
 * The event above a link page or a status page, so a guest who arrives from an email knows at a glance which
 * event it is about: its name, when it starts and, where the public may see it, the place ("Café Lima,
 * Torstraße 1"). An event in approval mode that keeps its place for approved guests shows none here (the page
 * may not know who reads it). `place: false` leaves the place to a page that shows the whole event header below.
 */
export function eventLine(event: EventRecord, options: { place?: boolean } = {}): Html {
  const { t } = wordsFor(event);
  const { place, address } = event.details.location;
  const where =
    options.place !== false && locationShownTo(event, null)
      ? [place, address].filter(Boolean).join(", ")
      : "";
  return html`<div class="event-line">
<p class="event-line-name">${event.name}</p>
<p class="note"><span class="sr-only">${t("pages.common.factWhen")}: </span>${formatInstant(event, event.startsAt)}${
    where ? html`<br><span class="sr-only">${t("pages.common.factWhere")}: </span>${where}` : null
  }</p>
</div>`;
}

/** Small line icons (24 × 24, drawn in the text colour), decorative: each fact also says what it is. */
const icons = {
  when: '<rect x="3" y="5" width="18" height="16" rx="2"/><path d="M3 10h18M8 3v4M16 3v4"/>',
  where:
    '<path d="M12 21s-7-6.2-7-11.5a7 7 0 0 1 14 0C19 14.8 12 21 12 21z"/><circle cx="12" cy="9.5" r="2.5"/>',
  online: '<rect x="3" y="4" width="18" height="12" rx="2"/><path d="M8 20h8M12 16v4"/>',
  host: '<circle cx="12" cy="8" r="4"/><path d="M4 21c0-4.4 3.6-7 8-7s8 2.6 8 7"/>',
} as const;

const icon = (name: keyof typeof icons) =>
  raw(
    `<svg class="icon" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">${icons[name]}</svg>`,
  );

/** OpenStreetMap's search for an address: no key, no tracking script, works on every device. */
export const mapUrl = (query: string) =>
  `https://www.openstreetmap.org/search?query=${encodeURIComponent(query)}`;

const webAddress = /https?:\/\/[^\s<>"]+/g;

/** A line of plain text with its web addresses as links (a trailing full stop or bracket is not the address's). */
function linkified(line: string): Html[] {
  const parts: Html[] = [];
  let last = 0;
  for (const match of line.matchAll(webAddress)) {
    const url = match[0].replace(/[.,;:!?)\]'’]+$/, "");
    const index = match.index;
    parts.push(html`${line.slice(last, index)}`, html`<a href="${url}" rel="nofollow noopener">${url}</a>`);
    last = index + url.length;
  }
  parts.push(html`${line.slice(last)}`);
  return parts;
}

/** The host's description: blank lines split paragraphs, single line breaks stay, addresses become links. */
export function descriptionHtml(description: string): Html | null {
  const paragraphs = description
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
  if (paragraphs.length === 0) return null;
  return html`<div class="description">${paragraphs.map(
    (p) =>
      html`<p>${p.split(/\r?\n/).map((line, i) => html`${i > 0 ? html`<br>` : null}${linkified(line)}`)}</p>`,
  )}</div>`;
}

/**
 * The event header: name, when, where (with a map link), the online link (unless the host shows it only to
 * confirmed guests and `showOnline` is not set), the host and the description.
 */
export function eventHeader(
  event: EventRecord,
  options: { showOnline?: boolean; headingLevel?: 1 | 2; description?: boolean; hideLocation?: boolean } = {},
): Html {
  const { t } = wordsFor(event);
  const { place, address, onlineUrl, onlineUrlConfirmedOnly } = event.details.location;
  const where = [place, address].filter((s): s is string => Boolean(s));
  // Approval mode may keep the place and the online link for approved guests (docs/approval.md).
  const hidden = options.hideLocation === true && (where.length > 0 || Boolean(onlineUrl));
  const placeLine = hidden
    ? html`<li>${icon("where")}${t("approval.page.locationHidden")}</li>`
    : where.length > 0
      ? html`<li>${icon("where")}<span class="sr-only">${t("pages.common.factWhere")}: </span>${where.join(", ")}
· <a href="${mapUrl(where.join(", "))}" aria-label="${t("pages.common.mapLinkLabel", { place: where[0] })}" rel="noopener">${t("pages.common.mapLink")}</a></li>`
      : null;
  const onlineLine =
    !onlineUrl || hidden
      ? null
      : onlineUrlConfirmedOnly && !options.showOnline
        ? html`<li>${icon("online")}${t("pages.common.onlineForConfirmed")}</li>`
        : html`<li>${icon("online")}<a href="${onlineUrl}" rel="noopener">${t("pages.common.online")}</a></li>`;
  const hostLine = event.details.hostName
    ? html`<li>${icon("host")}${t("pages.common.hostedBy", { name: event.details.hostName })}</li>`
    : null;
  const heading = options.headingLevel === 2 ? html`<h2>${event.name}</h2>` : html`<h1>${event.name}</h1>`;
  return html`<header class="event-header">
${heading}
<ul class="facts">
<li>${icon("when")}<span class="sr-only">${t("pages.common.factWhen")}: </span>${formatWhen(event)}</li>
${placeLine}${onlineLine}${hostLine}
</ul>
${options.description === false ? null : descriptionHtml(event.details.description)}
</header>`;
}

/** "20261224T180000Z": an instant as calendar links want it. */
const compactUtc = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");

/** Add-to-calendar links for the web calendars that take an event in their address. */
export function webCalendarLinks(event: EventRecord, manageUrl: string): { google: string; outlook: string } {
  const start = new Date(event.startsAt);
  const end = eventEnd(event);
  const { place, address, onlineUrl } = event.details.location;
  const location = [place, address].filter(Boolean).join(", ") || onlineUrl || "";
  const details = [event.details.description, manageUrl].filter(Boolean).join("\n\n");
  const google = new URL("https://calendar.google.com/calendar/render");
  google.search = new URLSearchParams({
    action: "TEMPLATE",
    text: event.name,
    dates: `${compactUtc(start)}/${compactUtc(end)}`,
    details,
    location,
    ctz: event.timeZone,
  }).toString();
  const outlook = new URL("https://outlook.live.com/calendar/0/action/compose");
  outlook.search = new URLSearchParams({
    rru: "addevent",
    subject: event.name,
    startdt: start.toISOString(),
    enddt: end.toISOString(),
    body: details,
    location,
  }).toString();
  return { google: google.toString(), outlook: outlook.toString() };
}

export type { Translate };
