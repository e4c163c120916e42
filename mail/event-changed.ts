/**
 * The email that tells a guest the host moved the event: a new date, time or place. Confirmed guests get the
 * updated calendar entry (same UID, higher SEQUENCE: their calendar moves the entry it holds); offered and
 * waitlisted guests hold no entry, so they get the news without one. Every string comes from the catalog of
 * the event's language (i18n/<language>/mail.ts, group `eventChanged`).
 */
import type { EventRecord } from "../contracts/event.ts";
import { eventEnd } from "../contracts/event.ts";
import type { OutgoingEmail } from "../core/mail-ports.ts";
import { formatDateTime, translator } from "../i18n/index.ts";
import { locationText } from "./calendar.ts";
import { type Action, compose } from "./email-layout.ts";
import { type GuestEmailInput, guestCalendar } from "./guest-email-parts.ts";
import { guestMailbox } from "./reply-address.ts";

/** What the change email is rendered from: the guest's email input (with the event as it is now) and the event before. */
export interface EventChangedInput extends GuestEmailInput {
  before: EventRecord;
}

/** "Thu 2 Jul 2026, 19:00 – 22:00 CEST" in the event's zone and language; the end with its day when it is another. */
export function eventTimeRange(event: EventRecord): string {
  const { language } = event.details;
  const zone = event.timeZone;
  const start = new Date(event.startsAt);
  const end = eventEnd(event);
  const day: Intl.DateTimeFormatOptions = {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
  };
  const time: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit" };
  const sameDay = formatDateTime(language, start, zone, day) === formatDateTime(language, end, zone, day);
  const from = formatDateTime(language, start, zone, { ...day, ...time });
  const to = formatDateTime(language, end, zone, {
    ...(sameDay ? {} : day),
    ...time,
    timeZoneName: "short",
  });
  return `${from} – ${to}`;
}

/** The guest's links for their status: cancel a seat, claim or decline an offer, leave the waitlist. */
function actionsFor(input: GuestEmailInput, t: ReturnType<typeof translator>): Action[] {
  const { event, guest, links } = input;
  const at = (action: "cancel" | "claim" | "decline", label: string): Action => {
    let expiresAt = new Date(event.startsAt);
    if (action === "claim" && guest.offer && Date.parse(guest.offer.expiresAt) < expiresAt.getTime())
      expiresAt = new Date(guest.offer.expiresAt);
    return {
      action,
      label,
      url: links.url({ eventId: event.eventId, guestId: guest.guestId, action, expiresAt }),
    };
  };
  if (guest.status === "offered")
    return [at("claim", t("mail.eventChanged.claim")), at("decline", t("mail.eventChanged.decline"))];
  if (guest.status === "waitlisted") return [at("cancel", t("mail.eventChanged.leaveWaitlist"))];
  return [at("cancel", t("mail.eventChanged.cancelConfirmed"))];
}

/** Tells one guest (confirmed, offered or waitlisted) that the date, time or place of the event changed. */
export function eventChangedEmail(input: EventChangedInput): OutgoingEmail {
  const { event, guest, before } = input;
  const { language } = event.details;
  const t = translator(language);
  const timeMoved =
    before.startsAt !== event.startsAt || eventEnd(before).getTime() !== eventEnd(event).getTime();
  const where = locationText(event);
  const whereBefore = locationText(before);
  const placeMoved = where !== whereBefore;
  const which = timeMoved && placeMoved ? "Both" : timeMoved ? "Time" : "Place";
  const when = eventTimeRange(event);
  // The subject stays short (the news first, ~60 characters): the start alone, without the year.
  const start = formatDateTime(language, new Date(event.startsAt), event.timeZone, {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  });
  const vars = { event: event.name, when: start };
  const status =
    guest.status === "offered" && guest.offer
      ? t("mail.eventChanged.stillOffered", {
          until: formatDateTime(language, new Date(guest.offer.expiresAt), event.timeZone),
        })
      : guest.status === "waitlisted"
        ? t("mail.eventChanged.stillWaitlisted")
        : t("mail.eventChanged.stillConfirmed");
  const confirmed = guest.status === "confirmed";
  const facts: [string, string][] = [[t("mail.eventChanged.when"), when]];
  if (timeMoved) facts.push([t("mail.eventChanged.before"), eventTimeRange(before)]);
  facts.push([t("mail.eventChanged.where"), where ?? t("mail.eventChanged.notSet")]);
  if (placeMoved) facts.push([t("mail.eventChanged.before"), whereBefore ?? t("mail.eventChanged.notSet")]);
  return compose({
    kind: "event-changed",
    key: input.key,
    event,
    guestId: guest.guestId,
    to: guest.email,
    subject: t(`mail.eventChanged.subject${which}`, vars),
    greeting: guest.name.trim()
      ? t("mail.eventChanged.greeting", { name: guest.name })
      : t("mail.eventChanged.greetingNoName"),
    paragraphs: [
      t(`mail.eventChanged.lead${which}`, { event: event.name }),
      status,
      ...(confirmed ? [t("mail.eventChanged.calendarUpdated")] : []),
    ],
    facts,
    actions: actionsFor(input, t),
    footer: t("mail.eventChanged.footer", { email: guest.email, event: event.name }),
    replyTo: guestMailbox(event, guest.guestId, input.replyTo),
    // The entry moves in the calendar that holds it: same UID, the raised SEQUENCE, stamped with the edit.
    attachments: confirmed ? [guestCalendar(input, "REQUEST", event.lastChange?.at ?? event.updatedAt)] : [],
  });
}
