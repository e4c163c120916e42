import { DateTime } from "luxon";
import { type EventRecord, eventEnd } from "../contracts/event.ts";
import type { GuestRecord } from "../contracts/guest.ts";
import type { LinkAction } from "../contracts/link.ts";
import { locationShownTo } from "../core/approval-rules.ts";
import { unsubscribeExpiry } from "../core/link-token.ts";
import type { OutgoingEmail } from "../core/mail-ports.ts";
import type { LinkMinter } from "../core/ports.ts";
import { formatDateTime, type Translate, translator } from "../i18n/index.ts";
import { type CalendarSite, calendarAttachment as calendarFile, defaultCalendarSite } from "./calendar.ts";
import type { Action, EmailKind } from "./email-layout.ts";
import { guestMailbox, type ReplyAddressOf } from "./reply-address.ts";

/**
 * What the emails rsvp sends share: how they word a time, the facts block, the links (minted by the
 * `LinkMinter` given), the sender and Reply-To, and the guest's calendar entry. The emails themselves live in
 * messages.ts (the guest's) and host-emails.ts (the host's messages and the daily summary). Pure: no clock, no I/O.
 */

/** What every guest email is rendered from. */
export interface GuestEmailInput {
  event: EventRecord;
  guest: GuestRecord;
  links: LinkMinter;
  /** The idempotency key the caller derived from the change behind the email. */
  key: string;
  /**
   * The guest's signed reply address (`rsvp+EVENTID.GUESTID.TAG@inbound-domain`, mail/reply-address.ts) when
   * the email-reply lane receives mail: the Reply-To of the system's own emails (see `replyToOf`), so a guest
   * who answers answers the lane as themselves. Null or absent: none.
   */
  replyTo?: ReplyAddressOf | null;
  /** The mail domain and sender calendar entries are minted for; absent: `defaultCalendarSite`. */
  calendar?: CalendarSite;
}

// ——— formatting ———

/**
 * An instant as the event's guests read it: the wall clock in the event's zone, with the zone named, because
 * a guest in another zone must not mistake it for their own time. "Thursday 24 December 2026, 19:00 (Europe/Berlin)".
 */
export function formatEventTime(instant: string | Date, timeZone: string): string {
  const key = `${new Date(instant).toISOString()} ${timeZone}`;
  let text = formatted.get(key);
  if (text === undefined) {
    const local = DateTime.fromJSDate(new Date(instant), { zone: timeZone }).setLocale("en-GB");
    text = `${local.toFormat("cccc d LLLL yyyy, HH:mm")} (${timeZone})`;
    if (formatted.size > 1_000) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

/** Most emails name the same instant (the event's start): formatting it once per event saves a rush. */
const formatted = new Map<string, string>();

const longDate: Intl.DateTimeFormatOptions = {
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
};
export const clockTime: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit" };

/** The event's local calendar day of an instant, to tell whether two instants share a day. */
export const localDay = (at: string | Date, zone: string) =>
  DateTime.fromJSDate(new Date(at), { zone }).toISODate();

/**
 * When an event happens, in its zone and language, start–end with the zone named:
 * "Thursday, 24 December 2026, 19:00–21:00 (Europe/Berlin)"; an event past midnight names both days.
 */
export function whenText(event: EventRecord): string {
  const { language } = event.details;
  const zone = event.timeZone;
  const t = translator(language);
  const start = new Date(event.startsAt);
  const end = eventEnd(event);
  const date = (at: Date) => formatDateTime(language, at, zone, longDate);
  const time = (at: Date) => formatDateTime(language, at, zone, clockTime);
  if (localDay(start, zone) === localDay(end, zone))
    return t("mail.common.whenSameDay", { date: date(start), start: time(start), end: time(end), zone });
  return t("mail.common.whenSpan", {
    startDate: date(start),
    start: time(start),
    endDate: date(end),
    end: time(end),
    zone,
  });
}

/** One instant in the event's zone and language: "Sunday, 20 December 2026, 17:00 (Europe/Berlin)". */
export function instantText(event: EventRecord, at: string | Date): string {
  const { language } = event.details;
  return translator(language)("mail.common.instant", {
    date: formatDateTime(language, new Date(at), event.timeZone, longDate),
    time: formatDateTime(language, new Date(at), event.timeZone, clockTime),
    zone: event.timeZone,
  });
}

/** A name cut to `max` characters for a subject, so the news after it survives a phone's inbox. */
export const shortName = (name: string, max: number) =>
  name.length > max ? `${name.slice(0, max - 1).trimEnd()}…` : name;

// ——— composing ———

/**
 * Where a reply to an email goes: the ONE place that decides it. The host's own words (a message, the
 * thank-you note) reply to the host (`details.hostReplyTo`, else the settings' `hostEmail`), never to the
 * RSVP mailbox, whose robot reads replies as RSVPs; the system's emails about a guest's RSVP reply to the RSVP
 * mailbox address given (`mailbox`, null when no inbound domain is configured); the host's summary has none.
 */
export function replyToOf(kind: EmailKind, event: EventRecord, mailbox: string | null): string | null {
  switch (kind) {
    case "host-message":
    case "thank-you":
      return event.details.hostReplyTo ?? event.settings.hostEmail ?? null;
    case "daily-summary":
      return null;
    default:
      return mailbox;
  }
}

/**
 * The From display name: the host's words come from the host ("Ana Lima via rsvp", or the event when the host
 * gave no name); everything else from the event ("Ana's Winter Party via rsvp").
 */
export function fromNameOf(kind: EmailKind, event: EventRecord): string {
  const t = translator(event.details.language);
  const host = kind === "host-message" || kind === "thank-you" ? event.details.hostName : undefined;
  return t("mail.via", { name: host || event.name });
}

/** The parts every guest email shares. */
export function forGuest(input: GuestEmailInput, kind: EmailKind) {
  const { event, guest, key } = input;
  const t = translator(event.details.language);
  const name = guest.name.trim();
  return {
    kind,
    key,
    event,
    guestId: guest.guestId,
    to: guest.email,
    greeting: name ? t("mail.common.hello", { name }) : t("mail.common.helloNoName"),
    footer: t("mail.common.footerGuest", { email: guest.email, event: event.name }),
    replyTo: replyToOf(kind, event, guestMailbox(event, guest.guestId, input.replyTo)),
    language: event.details.language,
    fromName: fromNameOf(kind, event),
  };
}

/**
 * The details card: when, where, the online link and the host. The online link goes only to a confirmed guest
 * when the host keeps it for them; the others are told it comes with the seat.
 */
export function eventFacts(event: EventRecord, guest: GuestRecord | null): [string, string][] {
  const t = translator(event.details.language);
  const { location, hostName } = event.details;
  const facts: [string, string][] = [[t("mail.common.when"), whenText(event)]];
  if (!locationShownTo(event, guest?.status ?? null)) {
    // Approval mode: the place waits for the host's approval (docs/approval.md).
    const any = location.place || location.address || location.onlineUrl;
    if (any && guest?.status === "requested")
      facts.push([t("mail.common.where"), t("approval.mail.whereLater")]);
    if (hostName) facts.push([t("mail.common.host"), hostName]);
    return facts;
  }
  const where = [location.place, location.address].filter((part) => part).join("\n");
  if (where) facts.push([t("mail.common.where"), where]);
  const left = guest?.status === "cancelled" || guest?.status === "lapsed";
  if (location.onlineUrl) {
    const shown = !location.onlineUrlConfirmedOnly || guest?.status === "confirmed";
    if (shown) facts.push([t("mail.common.online"), location.onlineUrl]);
    // A guest who left is not promised the link.
    else if (!left) facts.push([t("mail.common.online"), t("mail.common.onlineLater")]);
  }
  if (hostName) facts.push([t("mail.common.host"), hostName]);
  return facts;
}

/** A map link for the event's place, for guests who are going (OpenStreetMap: no account, no tracking). */
export function mapLink(event: EventRecord, guest: GuestRecord | null = null): Action[] {
  if (guest && !locationShownTo(event, guest.status)) return [];
  const { place, address } = event.details.location;
  const query = [place, address?.replaceAll("\n", ", ")].filter((part) => part).join(", ");
  if (!query) return [];
  return [
    {
      action: "map",
      label: translator(event.details.language)("mail.common.map"),
      url: `https://www.openstreetmap.org/search?query=${encodeURIComponent(query)}`,
    },
  ];
}

/**
 * A signed link for a guest. Links stop working when the event starts; a claim link already when the hold
 * ends (whichever comes first).
 */
export function link(input: GuestEmailInput, action: LinkAction, label: string): Action {
  const { event, guest, links } = input;
  const startsAt = new Date(event.startsAt);
  let expiresAt = startsAt;
  if (action === "claim" && guest.offer) {
    const holdEnds = new Date(guest.offer.expiresAt);
    if (holdEnds < startsAt) expiresAt = holdEnds;
  }
  return {
    action,
    label,
    url: links.url({ eventId: event.eventId, guestId: guest.guestId, action, expiresAt }),
  };
}

/**
 * The guest's manage link (`/l/manage/<token>`, producers/web/manage-link-routes.ts): the page that shows their
 * RSVP (the event, where they stand, their party) and every step they can still take, each a button to its own
 * page (cancel or leave the waitlist, claim or decline an offer, party, answers, name, their data). The page
 * acts on nothing itself. It works until the event starts, like the other guest links.
 */
export function manageLink(input: GuestEmailInput): Action {
  return link(input, "manage", translator(input.event.details.language)("mail.common.manage"));
}

/** The event's public page, for a guest who left to find their way back (none when the minter has no base). */
export function eventPageLink(input: GuestEmailInput): Action[] {
  const url = input.links.eventUrl?.(input.event.eventId);
  if (!url) return [];
  return [{ action: "event", label: translator(input.event.details.language)("mail.common.eventPage"), url }];
}

/**
 * The unsubscribe link of a bulk email from the host, sent at `sentAt`: it stops the host's messages to this
 * guest and nothing else. It works for weeks after the event (`unsubscribeExpiry`), not only until the start.
 */
export function unsubscribeLink(input: GuestEmailInput, sentAt: string): Action {
  const { event, guest, links } = input;
  const expiresAt = new Date(unsubscribeExpiry(new Date(event.startsAt), new Date(sentAt)));
  return {
    action: "unsubscribe",
    label: translator(event.details.language)("mail.common.unsubscribe"),
    url: links.url({ eventId: event.eventId, guestId: guest.guestId, action: "unsubscribe", expiresAt }),
  };
}

/**
 * The guest's calendar entry (mail/calendar.ts): REQUEST adds or updates it, CANCEL removes it. Its UID is
 * stable per (event, guest, round), so a re-sent confirmation updates the entry a calendar already holds.
 */
export function guestCalendar(
  input: GuestEmailInput,
  method: "REQUEST" | "CANCEL",
  stamp: string = input.guest.updatedAt,
) {
  const { event, guest } = input;
  const page = input.links.eventUrl?.(event.eventId) ?? null;
  return calendarFile({
    event,
    guest,
    method,
    site: input.calendar ?? defaultCalendarSite,
    // A bare path (no public base URL configured) is no URI a calendar could open.
    eventUrl: page && /^https?:\/\//.test(page) ? page : null,
    manageUrl: method === "REQUEST" ? manageLink(input).url : null,
    // DTSTAMP from the change behind the email (by default the guest row's), not the wall clock, so rendering
    // the same change twice gives the same file.
    stamp,
  });
}

/**
 * The guest's calendar entry as a file of its own (the manage page's download): the entry their confirmation
 * carries. Pass the deployment's calendar site so the UID is the one the emails use (a later CANCEL or update
 * then finds it); without it, the placeholder domain.
 */
export function calendarAttachment(
  event: EventRecord,
  guest: GuestRecord,
  site: CalendarSite = defaultCalendarSite,
  eventUrl: string | null = null,
): OutgoingEmail["attachments"][number] {
  return calendarFile({
    event,
    guest,
    method: "REQUEST",
    site,
    eventUrl,
    manageUrl: null,
    stamp: guest.updatedAt,
  });
}

/** "today", "tomorrow" or "in 3 days", from `at` to the event's start, on its calendar (reminders, "still coming?"). */
export function daysAway(event: EventRecord, at: string, t: Translate): string {
  const zone = event.timeZone;
  const start = DateTime.fromISO(event.startsAt, { zone }).startOf("day");
  const now = DateTime.fromISO(at, { zone }).startOf("day");
  const days = Math.round(start.diff(now, "days").days);
  if (days <= 0) return t("mail.reminder.today");
  if (days === 1) return t("mail.reminder.tomorrow");
  return t("mail.reminder.inDays", { count: days });
}
