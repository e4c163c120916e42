import { DateTime } from "luxon";
import { type EventRecord, eventEnd, type HostMessage, headcountOf } from "../contracts/event.ts";
import { type GuestRecord, type GuestStatus, guestStatusDisplayOrder } from "../contracts/guest.ts";
import type { LinkAction } from "../contracts/link.ts";
import { unsubscribeExpiry } from "../core/link-token.ts";
import type { LinkMinter, OutgoingEmail } from "../core/ports.ts";
import { reminderSchedule } from "../core/reminder-schedule.ts";
import { mergeName } from "../core/thank-you.ts";
import { formatDateTime, type Translate, translator } from "../i18n/index.ts";
import { type CalendarSite, calendarAttachment as calendarFile, defaultCalendarSite } from "./calendar.ts";
import { type Action, compose, type EmailKind } from "./email-layout.ts";
import { guestMailbox, type ReplyAddressOf } from "./reply-address.ts";

/**
 * The emails rsvp sends, rendered: one function per email, each saying what its email says; `compose`
 * (email-layout.ts) lays it out as an `OutgoingEmail` with a text and an HTML body, escaping what strangers
 * typed. Every sentence comes from the mail catalog (i18n/LANGUAGE/mail.ts) in the event's language. Pure: no clock,
 * no I/O; links come from the `LinkMinter` given.
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

/** A reminder's wording: a week out, a day out, the morning of. */
export type ReminderKind = "week" | "day" | "morning";

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
const clockTime: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit" };

/** The event's local calendar day of an instant, to tell whether two instants share a day. */
const localDay = (at: string | Date, zone: string) => DateTime.fromJSDate(new Date(at), { zone }).toISODate();

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
const shortName = (name: string, max: number) =>
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
function forGuest(input: GuestEmailInput, kind: EmailKind) {
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
function mapLink(event: EventRecord): Action[] {
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
function link(input: GuestEmailInput, action: LinkAction, label: string): Action {
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
 * The guest's manage link: the page that shows their RSVP and the one thing they can still do about it
 * (cancel a seat, leave the waitlist). Today that is the signed cancel link's page (GET shows, only its
 * button acts); the one place to change when a dedicated manage page gets a link of its own.
 */
function manageLink(input: GuestEmailInput): Action {
  return link(input, "cancel", translator(input.event.details.language)("mail.common.manage"));
}

/** The event's public page, for a guest who left to find their way back (none when the minter has no base). */
function eventPageLink(input: GuestEmailInput): Action[] {
  const url = input.links.eventUrl?.(input.event.eventId);
  if (!url) return [];
  return [{ action: "event", label: translator(input.event.details.language)("mail.common.eventPage"), url }];
}

/**
 * The unsubscribe link of a bulk email from the host, sent at `sentAt`: it stops the host's messages to this
 * guest and nothing else. It works for weeks after the event (`unsubscribeExpiry`), not only until the start.
 */
function unsubscribeLink(input: GuestEmailInput, sentAt: string): Action {
  const { event, guest, links } = input;
  const expiresAt = new Date(unsubscribeExpiry(new Date(event.startsAt), new Date(sentAt)));
  return {
    action: "unsubscribe",
    label: translator(event.details.language)("mail.common.unsubscribe"),
    url: links.url({ eventId: event.eventId, guestId: guest.guestId, action: "unsubscribe", expiresAt }),
  };
}

/** Whether anyone is waiting for a seat now: words about "the next person in line" need someone in it. */
const someoneWaits = (event: EventRecord) => event.waitlisted > 0;

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

// ——— guest emails ———

/** Whether a reminder is still to come for a guest confirmed at `at` (none for an event 20 minutes away). */
function remindersAhead(event: EventRecord, at: string): boolean {
  return (
    reminderSchedule({
      startsAt: new Date(event.startsAt),
      zone: event.timeZone,
      confirmedAt: new Date(at),
      quiet: event.settings.quietHours,
      offsets: event.settings.reminders,
    }).length > 0
  );
}

/** A seat is confirmed (registered, confirmed an invitation, or claimed an offer): details, calendar, manage link. */
export function confirmedEmail(input: GuestEmailInput): OutgoingEmail {
  const { event, guest } = input;
  const t = translator(event.details.language);
  const lead =
    guest.lastChange.action === "claim"
      ? t("mail.confirmed.leadClaimed")
      : t("mail.confirmed.lead", { event: event.name });
  const calendar = remindersAhead(event, guest.lastChange.at)
    ? `${t("mail.confirmed.calendar")} ${t("mail.confirmed.remind")}`
    : t("mail.confirmed.calendar");
  return compose({
    ...forGuest(input, "confirmed"),
    subject: t("mail.confirmed.subject", { event: event.name }),
    paragraphs: [lead, calendar],
    facts: eventFacts(event, guest),
    actions: [manageLink(input)],
    actionNote: t(someoneWaits(event) ? "mail.confirmed.cancelHintWaitlist" : "mail.confirmed.cancelHint"),
    extraLinks: mapLink(event),
    attachments: [guestCalendar(input, "REQUEST")],
  });
}

/** The event is full: a place in line, and the manage link (to leave the waitlist). */
export function waitlistedEmail(input: GuestEmailInput & { position: number | null }): OutgoingEmail {
  const { event, guest, position } = input;
  const t = translator(event.details.language);
  const known = position !== null;
  return compose({
    ...forGuest(input, "waitlisted"),
    subject: known
      ? t("mail.waitlisted.subject", { event: shortName(event.name, 40), position })
      : t("mail.waitlisted.subjectNoPosition", { event: event.name }),
    paragraphs: [
      known
        ? t("mail.waitlisted.lead", { event: event.name, position })
        : t("mail.waitlisted.leadNoPosition", { event: event.name }),
      t("mail.waitlisted.next"),
    ],
    facts: eventFacts(event, guest),
    actions: [manageLink(input)],
    actionNote: t("mail.waitlisted.leaveHint"),
  });
}

/**
 * When an offer's hold ends, as short as a subject needs: the time alone on the day the offer is delivered,
 * with the weekday when the hold ends on a later day.
 */
function shortDeadline(event: EventRecord, offer: NonNullable<GuestRecord["offer"]>): string {
  const { language } = event.details;
  const sameDay = localDay(offer.expiresAt, event.timeZone) === localDay(offer.deliverAt, event.timeZone);
  return formatDateTime(
    language,
    new Date(offer.expiresAt),
    event.timeZone,
    sameDay ? clockTime : { weekday: "short", ...clockTime },
  );
}

/** A seat is held for a waitlisted guest: claim it before the hold ends, or decline it. */
export function offeredEmail(input: GuestEmailInput): OutgoingEmail {
  const { event, guest } = input;
  if (!guest.offer) throw new Error(`offer email for guest ${guest.guestId}, who holds no offer`);
  const t = translator(event.details.language);
  const until = instantText(event, guest.offer.expiresAt);
  const waits = someoneWaits(event);
  return compose({
    ...forGuest(input, "offered"),
    subject: t("mail.offered.subject", {
      event: shortName(event.name, 25),
      until: shortDeadline(event, guest.offer),
    }),
    paragraphs: [
      t("mail.offered.lead", { event: event.name, until }),
      `${t(waits ? "mail.offered.next" : "mail.offered.nextNobodyWaits")} ${t(
        waits ? "mail.offered.declineHint" : "mail.offered.declineHintNobodyWaits",
      )}`,
    ],
    facts: [...eventFacts(event, guest), [t("mail.common.heldUntil"), until]],
    actions: [
      link(input, "claim", t("mail.offered.claim")),
      link(input, "decline", t("mail.offered.decline")),
    ],
  });
}

/** An offer ran out unclaimed; the seat went on, or back to the open seats when nobody was waiting. */
export function offerLapsedEmail(input: GuestEmailInput): OutgoingEmail {
  const { event, guest } = input;
  const t = translator(event.details.language);
  // The line as the lapse left it: the seat goes to whoever is in it.
  const waited = guest.lastChange.countersAfter.waitlisted > 0;
  return compose({
    ...forGuest(input, "offer-lapsed"),
    subject: t("mail.lapsed.subject", { event: event.name }),
    paragraphs: [
      t(waited ? "mail.lapsed.lead" : "mail.lapsed.leadNobodyWaited", { event: event.name }),
      t("mail.lapsed.next"),
    ],
    facts: eventFacts(event, guest),
    actions: [],
    // Coming back is the one thing left to do: the event page, as the button (not an action link).
    primary: eventPageLink(input)[0] ?? null,
  });
}

/** What a guest gave up, read from the transition that cancelled them: the catalog keys of its words. */
function whatWasGivenUp(guest: GuestRecord): { subject: string; sentence: string } {
  const from: GuestStatus | null = guest.lastChange.from;
  if (from === "offered")
    return { subject: "mail.cancelled.subjectOffer", sentence: "mail.cancelled.leadOffer" };
  if (from === "pending")
    return { subject: "mail.cancelled.subjectInvitation", sentence: "mail.cancelled.leadInvitation" };
  if (from === "waitlisted")
    return { subject: "mail.cancelled.subjectWaitlist", sentence: "mail.cancelled.leadWaitlist" };
  return { subject: "mail.cancelled.subjectSeat", sentence: "mail.cancelled.leadSeat" };
}

/** Acknowledges a cancellation: a seat given up, the waitlist left, an offer or an invitation declined. */
export function cancelledEmail(input: GuestEmailInput): OutgoingEmail {
  const { event, guest } = input;
  const t = translator(event.details.language);
  const { subject, sentence } = whatWasGivenUp(guest);
  return compose({
    ...forGuest(input, "cancelled"),
    subject: t(subject, { event: event.name }),
    paragraphs: [t(sentence), t("mail.cancelled.next")],
    facts: eventFacts(event, guest),
    actions: [],
    extraLinks: eventPageLink(input),
    // A guest who held a seat holds its calendar entry: the cancellation removes it (same UID, higher SEQUENCE).
    attachments: guest.lastChange.from === "confirmed" ? [guestCalendar(input, "CANCEL")] : [],
  });
}

/** An imported guest is invited: confirm or decline. */
export function inviteEmail(input: GuestEmailInput): OutgoingEmail {
  const { event, guest } = input;
  const t = translator(event.details.language);
  const host = event.details.hostName;
  return compose({
    ...forGuest(input, "invite"),
    subject: t("mail.invite.subject", { event: event.name }),
    paragraphs: [
      `${host ? t("mail.invite.leadHost", { host, event: event.name }) : t("mail.invite.lead", { event: event.name })} ${t("mail.invite.ask")}`,
    ],
    facts: eventFacts(event, guest),
    actions: [link(input, "confirm", t("mail.invite.yes")), link(input, "decline", t("mail.invite.no"))],
  });
}

/** "today", "tomorrow" or "in 7 days", from `at` to the event's start, on the event's calendar. */
function daysAway(event: EventRecord, at: string, t: Translate): string {
  const zone = event.timeZone;
  const start = DateTime.fromISO(event.startsAt, { zone }).startOf("day");
  const now = DateTime.fromISO(at, { zone }).startOf("day");
  const days = Math.round(start.diff(now, "days").days);
  if (days <= 0) return t("mail.reminder.today");
  if (days === 1) return t("mail.reminder.tomorrow");
  return t("mail.reminder.inDays", { count: days });
}

/**
 * A reminder to a confirmed guest: when and where, and the manage link. The day word is counted from when the
 * reminder was recorded, on the event's calendar, not taken from its kind: a reminder deferred out of quiet
 * hours may land a day later than planned.
 */
export function reminderEmail(input: GuestEmailInput & { kind: ReminderKind }): OutgoingEmail {
  const { event, guest, kind } = input;
  const t = translator(event.details.language);
  const when = daysAway(event, guest.lastChange.at, t);
  return compose({
    ...forGuest(input, "reminder"),
    subject: t("mail.reminder.subject", { event: event.name, when }),
    paragraphs: [
      t(`mail.reminder.${kind}`, { event: event.name, when }),
      t(someoneWaits(event) ? "mail.reminder.cancelHintWaitlist" : "mail.reminder.cancelHint"),
    ],
    facts: eventFacts(event, guest),
    actions: [manageLink(input)],
    extraLinks: mapLink(event),
  });
}

/**
 * The guest asked for their links again: the email for their current status, with fresh links. Null when the
 * status has none (lapsed, cancelled).
 */
export function resentLinkEmail(input: GuestEmailInput & { position: number | null }): OutgoingEmail | null {
  switch (input.guest.status) {
    case "confirmed":
      return confirmedEmail(input);
    case "waitlisted":
      return waitlistedEmail(input);
    case "offered":
      return offeredEmail(input);
    case "pending":
      return inviteEmail(input);
    default:
      return null;
  }
}

/**
 * Someone registered this address on the web form while its guest had left (cancelled, or let an offer
 * lapse). The form cannot tell the owner from a stranger who typed the address, so nothing changed: the owner
 * gets this link to register again themselves, and a stranger gets nothing at all.
 */
export function rejoinEmail(input: GuestEmailInput): OutgoingEmail {
  const { event, guest } = input;
  const t = translator(event.details.language);
  return compose({
    ...forGuest(input, "rejoin"),
    subject: t("mail.rejoin.subject", { event: event.name }),
    paragraphs: [t("mail.rejoin.lead", { email: guest.email, event: event.name }), t("mail.rejoin.next")],
    facts: eventFacts(event, guest),
    actions: [link(input, "rejoin", t("mail.rejoin.button"))],
  });
}

/** The host's message to a confirmed guest: the host's words as plain text (escaped in HTML). */
export function hostMessageEmail(input: GuestEmailInput & { message: HostMessage }): OutgoingEmail {
  const { event, guest, message } = input;
  const t = translator(event.details.language);
  const host = event.details.hostName;
  return compose({
    ...forGuest(input, "host-message"),
    subject: t("mail.hostMessage.subject", { event: event.name, subject: message.subject }),
    paragraphs: [
      host
        ? t("mail.hostMessage.leadHost", { host, event: event.name })
        : t("mail.hostMessage.lead", { event: event.name }),
      message.body,
    ],
    facts: eventFacts(event, guest),
    // The message is the point: the manage link is a plain link, not a button.
    actions: [manageLink(input)],
    primary: null,
    footer: t("mail.common.footerHostMessage", { email: guest.email, event: event.name }),
    // Sent when the host sent it: the event row's last change is the message.
    unsubscribe: unsubscribeLink(input, event.lastChange?.at ?? event.startsAt),
  });
}

/**
 * The thank-you note after the event: the final text the host approved (or that went automatically), with the
 * guest's name merged into its `{name}`. Plain text, escaped in HTML; its one link unsubscribes from the host's messages.
 */
export function thankYouEmail(input: GuestEmailInput & { body: string }): OutgoingEmail {
  const { event, guest } = input;
  const t = translator(event.details.language);
  return compose({
    ...forGuest(input, "thank-you"),
    subject: t("mail.thankYou.subject", { event: event.name }),
    // The note greets the guest itself ("Dear {name},").
    greeting: null,
    paragraphs: mergeName(input.body, guest.name)
      .split(/\n{2,}/)
      .map((p) => p.trim())
      .filter((p) => p !== ""),
    facts: [],
    actions: [],
    footer: t("mail.common.footerHostMessage", { email: guest.email, event: event.name }),
    // A bulk message from the host like any other: it carries List-Unsubscribe (sent when approved).
    unsubscribe: unsubscribeLink(input, event.thankYou?.approvedAt ?? event.lastChange?.at ?? event.startsAt),
  });
}

// ——— host emails ———

export interface DailySummaryInput {
  event: EventRecord;
  guests: readonly GuestRecord[];
  /** The event-local day ("yyyy-MM-dd") the summary is for. */
  day: string;
  /** When the summary was recorded: "since yesterday" is the 24 hours before it. */
  at: string;
  to: string;
  key: string;
}

/**
 * The host's daily summary in the run-up: the counters, and how many guests changed in the 24 hours before
 * it was recorded, by the status they have now.
 */
export function dailySummaryEmail(input: DailySummaryInput): OutgoingEmail {
  const { event, guests, day, at } = input;
  const t = translator(event.details.language);
  const until = Date.parse(at);
  const since = until - 24 * 3_600_000;
  const changed = new Map<GuestStatus, number>();
  for (const g of guests) {
    const time = Date.parse(g.updatedAt);
    if (time > since && time <= until) changed.set(g.status, (changed.get(g.status) ?? 0) + 1);
  }
  const changes = guestStatusDisplayOrder
    .filter((s) => changed.has(s))
    .map((s) => t(`mail.summary.status.${s}`, { count: changed.get(s) }));
  const counts = { confirmed: event.confirmed, waitlisted: event.waitlisted };
  return compose({
    kind: "daily-summary",
    key: input.key,
    event,
    guestId: null,
    to: input.to,
    subject: t("mail.summary.subject", { event: event.name, ...counts, day }),
    greeting: t("mail.common.helloNoName"),
    paragraphs: [
      t("mail.summary.lead", { event: event.name, day }),
      changes.length > 0
        ? t("mail.summary.changes", { changes: changes.join(", ") })
        : t("mail.summary.noChanges"),
    ],
    facts: [
      [t("mail.common.when"), whenText(event)],
      // The headcount's labels, as the host page shows them.
      [t("pages.host.capacity"), String(event.capacity)],
      [t("pages.host.confirmed"), String(event.confirmed)],
      [t("pages.host.offered"), String(event.offered)],
      [t("pages.host.waitlisted"), String(event.waitlisted)],
      [t("pages.host.open"), String(headcountOf(event).open)],
      [
        t("pages.host.registration"),
        t(event.registrationOpen ? "pages.host.registrationOpen" : "pages.host.registrationClosed"),
      ],
    ],
    actions: [],
    footer: t("mail.summary.footer", { email: input.to, event: event.name }),
    replyTo: replyToOf("daily-summary", event, null),
  });
}
