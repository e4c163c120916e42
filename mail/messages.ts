import { createEvent, type EventAttributes } from "ics";
import { DateTime } from "luxon";
import { type EventRecord, eventEnd, type HostMessage, headcountOf } from "../contracts/event.ts";
import { type GuestRecord, type GuestStatus, guestStatusDisplayOrder } from "../contracts/guest.ts";
import type { LinkAction } from "../contracts/link.ts";
import { unsubscribeExpiry } from "../core/link-token.ts";
import type { LinkMinter, OutgoingEmail } from "../core/ports.ts";
import { mergeName } from "../core/thank-you.ts";
import { type Action, compose, type EmailKind } from "./email-layout.ts";

/**
 * The emails rsvp sends, rendered: one function per email, each saying what its email says; `compose`
 * (email-layout.ts) lays it out as an `OutgoingEmail` with a text and an HTML body, escaping what strangers
 * typed. Pure: no clock, no I/O; links come from the `LinkMinter` given.
 */

/** What every guest email is rendered from. */
export interface GuestEmailInput {
  event: EventRecord;
  guest: GuestRecord;
  links: LinkMinter;
  /** The idempotency key the caller derived from the change behind the email. */
  key: string;
  /**
   * The event's reply address (`rsvp+EVENTID@inbound-domain`) when the email-reply lane receives mail: a
   * guest who answers the email answers the lane. Null or absent: no Reply-To.
   */
  replyTo?: string | null;
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

// ——— composing ———

/** The parts every guest email shares. */
function forGuest(input: GuestEmailInput, kind: EmailKind) {
  const { event, guest, key } = input;
  return {
    kind,
    key,
    event,
    guestId: guest.guestId,
    to: guest.email,
    greeting: `Hello ${guest.name},`,
    footer: `You get this email because ${guest.email} is on the guest list of ${event.name}.`,
    replyTo: input.replyTo ?? null,
  };
}

const whenFact = (event: EventRecord) => ["When", formatEventTime(event.startsAt, event.timeZone)] as const;
const eventFacts = (event: EventRecord) => [["Event", event.name] as const, whenFact(event)];

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
 * The unsubscribe link of a bulk email from the host, sent at `sentAt`: it stops the host's messages to this
 * guest and nothing else. It works for weeks after the event (`unsubscribeExpiry`), not only until the start.
 */
function unsubscribeLink(input: GuestEmailInput, sentAt: string): Action {
  const { event, guest, links } = input;
  const expiresAt = new Date(unsubscribeExpiry(new Date(event.startsAt), new Date(sentAt)));
  return {
    action: "unsubscribe",
    label: "Unsubscribe from the host's messages",
    url: links.url({ eventId: event.eventId, guestId: guest.guestId, action: "unsubscribe", expiresAt }),
  };
}

/**
 * The calendar entry for a confirmed guest. Its UID is stable per (event, guest), so a re-sent confirmation
 * updates the entry a calendar already holds instead of adding a second one.
 */
function calendarAttachment(event: EventRecord, guest: GuestRecord): OutgoingEmail["attachments"][number] {
  const attributes: EventAttributes & { timestamp: number } = {
    uid: `${event.eventId}.${guest.guestId}@rsvp`,
    productId: "rsvp",
    method: "PUBLISH",
    title: event.name,
    description: `Your seat at ${event.name} is confirmed.`,
    start: Date.parse(event.startsAt),
    startInputType: "utc",
    startOutputType: "utc",
    // The event's end (two hours after the start for an event stored without one).
    end: eventEnd(event).getTime(),
    endInputType: "utc",
    endOutputType: "utc",
    status: "CONFIRMED",
    // DTSTAMP from the guest row, not the wall clock, so rendering the same change twice gives the same file.
    timestamp: Date.parse(guest.updatedAt),
  };
  const { error, value } = createEvent(attributes);
  if (error || !value)
    throw new Error(`could not build the calendar entry: ${error?.message ?? "no output"}`);
  return {
    filename: "invite.ics",
    contentType: "text/calendar; charset=utf-8; method=PUBLISH",
    content: value,
  };
}

// ——— guest emails ———

/** A seat is confirmed (registered, confirmed an invitation, or claimed an offer): details, calendar, cancel link. */
export function confirmedEmail(input: GuestEmailInput): OutgoingEmail {
  const { event, guest } = input;
  const how =
    guest.lastChange.action === "claim"
      ? "You claimed the seat you were offered: it is yours."
      : "Your seat is confirmed.";
  return compose({
    ...forGuest(input, "confirmed"),
    subject: `You're in: ${event.name}`,
    paragraphs: [how, "The calendar entry is attached. We will remind you before the day."],
    facts: eventFacts(event),
    actions: [link(input, "cancel", "Can't come after all? Cancel your seat")],
    attachments: [calendarAttachment(event, guest)],
  });
}

/** The event is full: a place in line, and a link to leave the waitlist. */
export function waitlistedEmail(input: GuestEmailInput & { position: number | null }): OutgoingEmail {
  const { event, position } = input;
  const place = position === null ? "" : ` (number ${position})`;
  return compose({
    ...forGuest(input, "waitlisted"),
    subject: `You're on the waitlist for ${event.name}${place}`,
    paragraphs: [
      `${event.name} is full, so you are on the waitlist${position === null ? "" : `: number ${position} in line`}.`,
      "If a seat frees up, we will email you an offer. You then have a limited time to claim it.",
    ],
    facts: eventFacts(event),
    actions: [link(input, "cancel", "Leave the waitlist")],
  });
}

/** A seat is held for a waitlisted guest: claim it before the hold ends, or decline it. */
export function offeredEmail(input: GuestEmailInput): OutgoingEmail {
  const { event, guest } = input;
  if (!guest.offer) throw new Error(`offer email for guest ${guest.guestId}, who holds no offer`);
  const until = formatEventTime(guest.offer.expiresAt, event.timeZone);
  return compose({
    ...forGuest(input, "offered"),
    subject: `A seat is free for you at ${event.name}: claim it by ${until}`,
    paragraphs: [
      `Good news: a seat at ${event.name} has come free and it is held for you until ${until}.`,
      "Claim it before then, or it goes to the next person in line. If you can't come, decline it so they get it sooner.",
    ],
    facts: [...eventFacts(event), ["Held until", until]],
    actions: [link(input, "claim", "Claim your seat"), link(input, "decline", "Decline the seat")],
  });
}

/** An offer ran out unclaimed; the seat went on. */
export function offerLapsedEmail(input: GuestEmailInput): OutgoingEmail {
  const { event } = input;
  return compose({
    ...forGuest(input, "offer-lapsed"),
    subject: `Your offer for ${event.name} has lapsed`,
    paragraphs: [
      `The seat at ${event.name} that was held for you was not claimed in time, so it has gone to the next person in line.`,
      "You are no longer on the waitlist. If you would still like to come, register again with the same address: you join the end of the line.",
    ],
    facts: eventFacts(event),
    actions: [],
  });
}

/** What a guest gave up, read from the transition that cancelled them. */
function whatWasGivenUp(guest: GuestRecord): { subject: string; sentence: string } {
  const from: GuestStatus | null = guest.lastChange.from;
  if (from === "offered")
    return { subject: "You declined the seat at", sentence: "You declined the seat you were offered." };
  if (from === "pending")
    return { subject: "You declined the invitation to", sentence: "You declined the invitation." };
  if (from === "waitlisted")
    return { subject: "You left the waitlist for", sentence: "You have left the waitlist." };
  return { subject: "Cancelled: your seat at", sentence: "Your seat is cancelled." };
}

/** Acknowledges a cancellation: a seat given up, the waitlist left, an offer or an invitation declined. */
export function cancelledEmail(input: GuestEmailInput): OutgoingEmail {
  const { event, guest } = input;
  const { subject, sentence } = whatWasGivenUp(guest);
  return compose({
    ...forGuest(input, "cancelled"),
    subject: `${subject} ${event.name}`,
    paragraphs: [
      sentence,
      "Thank you for letting us know. If you change your mind, register again with the same address while registration is open.",
    ],
    facts: eventFacts(event),
    actions: [],
  });
}

/** An imported guest is invited: confirm or decline. */
export function inviteEmail(input: GuestEmailInput): OutgoingEmail {
  const { event } = input;
  return compose({
    ...forGuest(input, "invite"),
    subject: `You're invited: ${event.name}`,
    paragraphs: [`You are invited to ${event.name}. Please let us know whether you can come.`],
    facts: eventFacts(event),
    actions: [link(input, "confirm", "Yes, I'll come"), link(input, "decline", "No, I can't come")],
  });
}

/** "today", "tomorrow" or "in 7 days", from `at` to the event's start, on the event's calendar. */
function daysAway(event: EventRecord, at: string): string {
  const zone = event.timeZone;
  const start = DateTime.fromISO(event.startsAt, { zone }).startOf("day");
  const now = DateTime.fromISO(at, { zone }).startOf("day");
  const days = Math.round(start.diff(now, "days").days);
  if (days <= 0) return "today";
  if (days === 1) return "tomorrow";
  return `in ${days} days`;
}

/**
 * A reminder to a confirmed guest. The day word is counted from when the reminder was recorded, on the event's
 * calendar, not taken from its kind: a reminder deferred out of quiet hours may land a day later than planned.
 */
export function reminderEmail(input: GuestEmailInput & { kind: ReminderKind }): OutgoingEmail {
  const { event, guest, kind } = input;
  const when = daysAway(event, guest.lastChange.at);
  const opening =
    kind === "morning"
      ? `See you ${when}!`
      : kind === "day"
        ? `Just a reminder: ${event.name} is ${when}.`
        : `${event.name} is ${when}. We're looking forward to seeing you.`;
  return compose({
    ...forGuest(input, "reminder"),
    subject: `Reminder: ${event.name} is ${when}`,
    paragraphs: [
      opening,
      "If you can no longer come, please cancel so someone on the waitlist gets your seat.",
    ],
    facts: eventFacts(event),
    actions: [link(input, "cancel", "Cancel your seat")],
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
  const { event } = input;
  return compose({
    ...forGuest(input, "rejoin"),
    subject: `Register again for ${event.name}?`,
    paragraphs: [
      `Someone asked to register ${input.guest.email} for ${event.name}. Your earlier RSVP was cancelled or has lapsed, so nothing has changed yet.`,
      "If it was you and you would like to come, press the button: you get a seat if one is free and nobody is waiting, otherwise you join the end of the waitlist. If it was not you, ignore this email.",
    ],
    facts: eventFacts(event),
    actions: [link(input, "rejoin", "Register again")],
  });
}

/** The host's message to a confirmed guest: the host's words as plain text (escaped in HTML). */
export function hostMessageEmail(input: GuestEmailInput & { message: HostMessage }): OutgoingEmail {
  const { event, message } = input;
  return compose({
    ...forGuest(input, "host-message"),
    subject: `${event.name}: ${message.subject}`,
    paragraphs: [`A message from the host of ${event.name}:`, message.body],
    facts: eventFacts(event),
    actions: [link(input, "cancel", "Can't come after all? Cancel your seat")],
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
  return compose({
    ...forGuest(input, "thank-you"),
    subject: `Thank you for coming to ${event.name}`,
    // The note greets the guest itself ("Dear {name},").
    greeting: null,
    paragraphs: mergeName(input.body, guest.name)
      .split(/\n{2,}/)
      .map((p) => p.trim())
      .filter((p) => p !== ""),
    facts: [],
    actions: [],
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
  const until = Date.parse(at);
  const since = until - 24 * 3_600_000;
  const changed = new Map<GuestStatus, number>();
  for (const g of guests) {
    const t = Date.parse(g.updatedAt);
    if (t > since && t <= until) changed.set(g.status, (changed.get(g.status) ?? 0) + 1);
  }
  const changes = guestStatusDisplayOrder.filter((s) => changed.has(s)).map((s) => `${changed.get(s)} ${s}`);
  return compose({
    kind: "daily-summary",
    key: input.key,
    event,
    guestId: null,
    to: input.to,
    subject: `${event.name}: ${event.confirmed} confirmed, ${event.waitlisted} waiting (summary for ${day})`,
    greeting: "Hello,",
    paragraphs: [
      `Here is where ${event.name} stands on ${day}.`,
      changes.length > 0
        ? `Changes in the last 24 hours, by current status: ${changes.join(", ")}.`
        : "No changes in the last 24 hours.",
    ],
    facts: [
      whenFact(event),
      ["Capacity", String(event.capacity)],
      ["Confirmed", String(event.confirmed)],
      ["Offered (held seats)", String(event.offered)],
      ["Waitlisted", String(event.waitlisted)],
      ["Open seats", String(headcountOf(event).open)],
      ["Registration", event.registrationOpen ? "open" : "closed"],
    ],
    actions: [],
    footer: `You get this summary because ${input.to} is the host address of ${event.name}.`,
  });
}
