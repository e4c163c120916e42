import type { EventRecord } from "../contracts/event.ts";
import type { GuestRecord, GuestStatus } from "../contracts/guest.ts";
import type { OutgoingEmail } from "../core/mail-ports.ts";
import { reminderSchedule } from "../core/reminder-schedule.ts";
import { seatsOf } from "../core/seat-rules.ts";
import { formatDateTime, translator } from "../i18n/index.ts";
import { requestedEmail } from "./approval-emails.ts";
import { answersLink, checkInParts } from "./check-in-email.ts";
import { compose } from "./email-layout.ts";
import {
  clockTime,
  daysAway,
  eventFacts,
  eventPageLink,
  forGuest,
  type GuestEmailInput,
  guestCalendar,
  instantText,
  link,
  localDay,
  manageLink,
  mapLink,
  shortName,
} from "./guest-email-parts.ts";

/**
 * The emails rsvp sends a guest along their way (confirmed, waitlisted, offered, lapsed, cancelled, invited,
 * reminded, a resent link, rejoin), rendered: one function per email, each saying what its email says; `compose`
 * (email-layout.ts) lays it out as an `OutgoingEmail` with a text and an HTML body, escaping what strangers
 * typed. Every sentence comes from the mail catalog (i18n/LANGUAGE/mail.ts) in the event's language. Pure: no clock,
 * no I/O; links come from the `LinkMinter` given. The shared helpers are in guest-email-parts.ts; the host's
 * messages, the thank-you note and the daily summary in host-emails.ts.
 */

/** A reminder's wording: a week out, a day out, the morning of. */
export type ReminderKind = "week" | "day" | "morning";

/** Whether anyone is waiting for a seat now: words about "the next person in line" need someone in it. */
const someoneWaits = (event: EventRecord) => event.waitlisted > 0;

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
  const door = checkInParts(input);
  return compose({
    ...forGuest(input, "confirmed"),
    subject: t("mail.confirmed.subject", { event: event.name }),
    paragraphs: [lead, calendar],
    facts: eventFacts(event, guest),
    actions: [manageLink(input)],
    actionNote: t(someoneWaits(event) ? "mail.confirmed.cancelHintWaitlist" : "mail.confirmed.cancelHint"),
    extraLinks: [...answersLink(input), ...mapLink(event)],
    ...(door.checkIn ? { checkIn: door.checkIn } : {}),
    attachments: [guestCalendar(input, "REQUEST"), ...door.attachments],
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
  // A party's offer speaks of all its seats, with the offer page's button ("Claim our seats").
  const count = seatsOf(guest);
  const k = (key: string) => `${count > 1 ? "partyOffer" : "mail.offered"}.${key}`;
  return compose({
    ...forGuest(input, "offered"),
    subject: t(k("subject"), {
      count,
      event: shortName(event.name, 25),
      until: shortDeadline(event, guest.offer),
    }),
    paragraphs: [
      t(k("lead"), { count, event: event.name, until }),
      `${t(k(waits ? "next" : "nextNobodyWaits"))} ${t(k(waits ? "declineHint" : "declineHintNobodyWaits"))}`,
    ],
    facts: [...eventFacts(event, guest), [t("mail.common.heldUntil"), until]],
    actions: [link(input, "claim", t(k("claim"))), link(input, "decline", t(k("decline")))],
    ...(count > 1 ? { actionNote: t("partyOffer.fewer") } : {}),
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
  if (from === "requested")
    return { subject: "approval.mail.withdrawnSubject", sentence: "approval.mail.withdrawnLead" };
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

/**
 * A reminder to a confirmed guest: when and where, and the manage link. The day word is counted from when the
 * reminder was recorded, on the event's calendar, not taken from its kind: a reminder deferred out of quiet
 * hours may land a day later than planned.
 */
export function reminderEmail(input: GuestEmailInput & { kind: ReminderKind }): OutgoingEmail {
  const { event, guest, kind } = input;
  const t = translator(event.details.language);
  const when = daysAway(event, guest.lastChange.at, t);
  // The check-in code again: the reminder is the email a guest has at hand at the door.
  const door = checkInParts(input);
  return compose({
    ...forGuest(input, "reminder"),
    subject: t("mail.reminder.subject", { event: event.name, when }),
    paragraphs: [
      t(`mail.reminder.${kind}`, { event: event.name, when }),
      t(someoneWaits(event) ? "mail.reminder.cancelHintWaitlist" : "mail.reminder.cancelHint"),
    ],
    facts: eventFacts(event, guest),
    actions: [manageLink(input)],
    extraLinks: [...answersLink(input), ...mapLink(event)],
    ...(door.checkIn ? { checkIn: door.checkIn } : {}),
    attachments: door.attachments,
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
    case "requested":
      return requestedEmail(input);
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
