/**
 * The calendar entry a guest's email carries (iCalendar, RFC 5545, sent as an iTIP message, RFC 5546).
 *
 * Written line by line here rather than with the `ics` package: the format we need is a dozen properties,
 * while `ics` validated every call against a schema (7 % of the stream worker's time in the performance
 * issue), and it offered no SEQUENCE-aware CANCEL and no control over escaping and folding. What matters for
 * correctness is in two small functions below (`text` escapes TEXT values, `fold` folds lines at 75 octets
 * without splitting a UTF-8 character), and every file is checked with a real parser (ical.js) in the tests.
 *
 * METHOD is REQUEST (and CANCEL to take the entry back), deliberately not PUBLISH: a PUBLISH entry is an
 * unmanaged copy, and Google Calendar, Outlook and Apple Calendar only update or remove an entry they hold
 * when a scheduling message (iTIP REQUEST / CANCEL) with the same UID and a higher SEQUENCE arrives. That is
 * what lets a cancelled guest's entry disappear and a moved event move. The guest is its one ATTENDEE with
 * PARTSTAT=ACCEPTED and RSVP=FALSE: they already answered by registering, so clients do not ask again.
 *
 * Each guest's entry has its own UID, `EVENTID.GUESTID@mail-domain` (a guest who registered again gets
 * `…GUESTID-r2@…`, because their earlier entry was cancelled with a higher SEQUENCE). SEQUENCE is the event's
 * `calendarSequence` (raised by every change of date, time or place); a cancellation is one higher, since it
 * supersedes the entry it removes.
 */

import { type EventRecord, eventEnd } from "../contracts/event.ts";
import { type GuestRecord, roundOf, roundSuffix } from "../contracts/guest.ts";
import { senderDomain } from "../core/mail-identity.ts";
import type { OutgoingEmail } from "../core/mail-ports.ts";
import { translator } from "../i18n/index.ts";
import packageJson from "../package.json" with { type: "json" };

/** Who sends the calendar entries: the mail domain their UIDs live on, and the sender's address. */
export interface CalendarSite {
  /** The domain of the From address (e.g. `rsvp.example.org`): UIDs are minted on it. */
  domain: string;
  /** The From address (`rsvp@rsvp.example.org`): the ORGANIZER when the event names no host address. */
  sender?: string | null;
}

/** A site for runtimes that configured no sender (tests, an outbox-only install). */
export const defaultCalendarSite: CalendarSite = { domain: "rsvp.invalid", sender: null };

/**
 * The calendar site of a deployment: the From address's domain and address when a sender is configured
 * (RSVP_MAIL_FROM), else the public base URL's host when it is a full domain name, else the placeholder.
 */
export function calendarSiteOf(from: string | null | undefined, baseUrl?: string): CalendarSite {
  if (from) {
    const address =
      /<([^<>\s]+@[^<>\s]+)>\s*$/.exec(from)?.[1] ?? (/^\S+@\S+$/.test(from.trim()) ? from.trim() : null);
    return { domain: senderDomain(from), sender: address };
  }
  try {
    const host = baseUrl ? new URL(baseUrl).hostname : "";
    if (/^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/i.test(host)) return { domain: host, sender: null };
  } catch {
    // no usable base URL: the placeholder
  }
  return defaultCalendarSite;
}

/** What one calendar entry is built from. */
export interface CalendarEntryInput {
  event: EventRecord;
  guest: GuestRecord;
  /** REQUEST: add or update the guest's entry; CANCEL: remove it. */
  method: "REQUEST" | "CANCEL";
  site: CalendarSite;
  /** The event's page (URL property); null when no public base URL is configured. */
  eventUrl: string | null;
  /** The guest's own link to manage (or cancel) their RSVP, written into DESCRIPTION. */
  manageUrl: string | null;
  /** DTSTAMP: when the change behind this message was committed (not the wall clock: a re-render is identical). */
  stamp: string;
}

/** PRODID: the product and its version, as RFC 5545 asks (`-//owner//product version//language`). */
export const productId = `-//rsvp//rsvp ${packageJson.version}//EN`;

/** The UID of a guest's entry in their current round: stable across updates, so a calendar replaces it. */
export function calendarUid(event: Pick<EventRecord, "eventId">, guest: GuestRecord, domain: string): string {
  return `${event.eventId}.${guest.guestId}${roundSuffix(roundOf(guest), "-r")}@${domain}`;
}

/** The entry's SEQUENCE: the event's calendar sequence, one more for the CANCEL that supersedes it. */
export function calendarSequenceOf(event: EventRecord, method: "REQUEST" | "CANCEL"): number {
  return (event.calendarSequence ?? 0) + (method === "CANCEL" ? 1 : 0);
}

/** The iCalendar text of one guest's entry (CRLF line ends, folded, escaped). */
export function calendarEntry(input: CalendarEntryInput): string {
  const { event, guest, method, site } = input;
  const t = translator(event.details.language);
  const location = locationText(event);
  const description = [
    t(method === "CANCEL" ? "mail.calendar.cancelled" : "mail.calendar.confirmed", { event: event.name }),
    event.details.location.onlineUrl
      ? t("mail.calendar.online", { url: event.details.location.onlineUrl })
      : null,
    method === "REQUEST" && input.manageUrl ? t("mail.calendar.manage", { url: input.manageUrl }) : null,
    input.eventUrl ? t("mail.calendar.eventPage", { url: input.eventUrl }) : null,
  ]
    .filter((line): line is string => line !== null)
    .join("\n\n");
  const hostAddress = event.details.hostReplyTo ?? event.settings.hostEmail ?? null;
  const organizer = hostAddress ?? site.sender ?? `rsvp@${site.domain}`;
  // Under the sender's address, the host's name says whose address it is ("Ana Lima via rsvp").
  const hostName = event.details.hostName
    ? hostAddress
      ? event.details.hostName
      : t("mail.via", { name: event.details.hostName })
    : null;
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${text(productId)}`,
    "CALSCALE:GREGORIAN",
    `METHOD:${method}`,
    "BEGIN:VEVENT",
    `UID:${text(calendarUid(event, guest, site.domain))}`,
    `SEQUENCE:${calendarSequenceOf(event, method)}`,
    `DTSTAMP:${utc(input.stamp)}`,
    `DTSTART:${utc(event.startsAt)}`,
    `DTEND:${utc(eventEnd(event).toISOString())}`,
    `SUMMARY:${text(event.name)}`,
    ...(location ? [`LOCATION:${text(location)}`] : []),
    ...(input.eventUrl ? [`URL:${uri(input.eventUrl)}`] : []),
    `DESCRIPTION:${text(description)}`,
    `ORGANIZER${hostName ? `;CN=${param(hostName)}` : ""}:mailto:${uri(organizer)}`,
    `ATTENDEE;CN=${param(guest.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=${method === "CANCEL" ? "DECLINED" : "ACCEPTED"};RSVP=FALSE:mailto:${uri(guest.email)}`,
    `STATUS:${method === "CANCEL" ? "CANCELLED" : "CONFIRMED"}`,
    "TRANSP:OPAQUE",
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return `${lines.map(fold).join("\r\n")}\r\n`;
}

/** The entry as an email attachment; the content type names the method, as iTIP over email asks (RFC 6047). */
export function calendarAttachment(input: CalendarEntryInput): OutgoingEmail["attachments"][number] {
  return {
    filename: input.method === "CANCEL" ? "cancel.ics" : "invite.ics",
    contentType: `text/calendar; charset=utf-8; method=${input.method}`,
    content: calendarEntry(input),
  };
}

/** Where the event is, as one line: the place and its address; else the online link. */
export function locationText(event: EventRecord): string | null {
  const { place, address, onlineUrl } = event.details.location;
  const parts = [place, address?.replace(/\s*\n\s*/g, ", ")].filter((p): p is string => !!p && p !== "");
  if (parts.length > 0) return parts.join(", ");
  return onlineUrl ?? null;
}

// ——— value encoding (RFC 5545 §3.1, §3.3.11) ———

/** An instant as a UTC DATE-TIME: 20261224T180000Z. */
function utc(iso: string): string {
  return new Date(iso)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
}

/**
 * A TEXT value: backslash, semicolon and comma escaped, line breaks (CR, LF, CRLF and the Unicode line and
 * paragraph separators) as `\n`, every other control character (which TEXT may not hold) as a space.
 */
export function text(value: string): string {
  return (
    value
      .replace(/\\/g, "\\\\")
      .replace(/;/g, "\\;")
      .replace(/,/g, "\\,")
      .replace(/\r\n|[\r\n\u2028\u2029]/g, "\\n")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, " ")
  );
}

/** A URI or address value: no escaping in URI values, so anything that could end the line is dropped. */
function uri(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return value.replace(/[\u0000-\u0020\u007f-\u009f\u2028\u2029]/g, "");
}

/** A parameter value (CN=…): always quoted; DQUOTE and control characters cannot appear in one. */
function param(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return `"${value.replace(/["\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ").trim()}"`;
}

const encoder = new TextEncoder();

/**
 * A content line folded to at most 75 octets per physical line (RFC 5545 §3.1): each continuation starts with
 * one space. Splits only between characters, never inside a UTF-8 sequence or a surrogate pair.
 */
export function fold(line: string): string {
  if (encoder.encode(line).length <= 75) return line;
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    // The first line holds 75 octets; continuations 74 after their leading space.
    const limit = out.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      out.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join("\r\n ");
}
