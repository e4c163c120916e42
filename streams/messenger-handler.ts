import type { ChangeRecord } from "../contracts/change.ts";
import type { EventRecord } from "../contracts/event.ts";
import { type GuestRecord, roundOf, roundSuffix } from "../contracts/guest.ts";
import { wasDeclined } from "../core/approval-rules.ts";
import { isErased } from "../core/guest-erasure.ts";
import type { DeliveryProblems, Mailer, OutgoingEmail } from "../core/mail-ports.ts";
import type { ChangeHandler, Clock, GuestReader, LinkMinter } from "../core/ports.ts";
import { wasReleasedUnanswered } from "../core/reconfirm.ts";
import { hasLeft } from "../core/seat-rules.ts";
import { thankYouRecipients } from "../core/thank-you-recipients.ts";
import { requestDeclinedEmail, requestedEmail } from "../mail/approval-emails.ts";
import type { CalendarSite } from "../mail/calendar.ts";
import { afterEventSummaryEmail } from "../mail/door-summary.ts";
import { eventChangedEmail } from "../mail/event-changed.ts";
import type { GuestEmailInput } from "../mail/guest-email-parts.ts";
import { dailySummaryEmail, hostMessageEmail, thankYouEmail } from "../mail/host-emails.ts";
import {
  cancelledEmail,
  confirmedEmail,
  inviteEmail,
  offeredEmail,
  offerLapsedEmail,
  type ReminderKind,
  rejoinEmail,
  reminderEmail,
  resentLinkEmail,
  waitlistedEmail,
} from "../mail/messages.ts";
import { reconfirmEmail } from "../mail/reconfirm-email.ts";
import { releasedEmail } from "../mail/released-email.ts";
import { removedEmail } from "../mail/removed-email.ts";
import type { ReplyAddressOf } from "../mail/reply-address.ts";
import { verifyAddressEmail } from "../mail/verify-address.ts";
import { pageEvents } from "./page-events.ts";

export interface MessengerDeps {
  reader: GuestReader;
  mailer: Mailer;
  links: LinkMinter;
  clock: Clock;
  /**
   * The Reply-To of an event's guest emails (the email-reply lane's `rsvp+EVENTID@domain`), or null for none.
   * Absent when no inbound domain is configured.
   */
  replyTo?: ReplyAddressOf;
  /** The mail domain and sender calendar entries are minted for (see mail/calendar.ts); absent: a placeholder. */
  calendar?: CalendarSite;
  /** The bounces and complaints SES reported (AWS), which an erase rewrites; absent: none kept apart from mail. */
  problems?: Pick<DeliveryProblems, "forgetAddress">;
}

/**
 * Idempotency keys. A guest transition sends at most one email per guest row version. The offer email is keyed
 * by the guest and their round (a guest is offered a seat at most once a round): it goes out either at once
 * or, when quiet hours deferred it, from a later `notify` timer, and the shared key makes sure it can never go
 * out on both paths, while a guest who registered again and reached the head of the line again gets theirs.
 */
export const mailKeys = {
  guestChange: (guest: GuestRecord) => `${guest.guestId}/${guest.version}`,
  offer: (guestId: string, round = 1) => `${guestId}/offer${roundSuffix(round, "/r")}`,
  hostMessage: (commandId: string, guestId: string) => `${commandId}/${guestId}`,
  summary: (eventId: string, day: string) => `${eventId}/summary/${day}`,
  /** The one summary after the event (who came, the no-shows), when the door checked guests in. */
  afterEvent: (eventId: string) => `${eventId}/summary/after`,
  /** One thank-you note per guest, ever: replays and a second approval send nothing more. */
  thanks: (guestId: string) => `${guestId}/thanks`,
  /** One change email per guest and calendar sequence: a redelivered edit sends nothing more. */
  eventChanged: (eventId: string, sequence: number, guestId: string) =>
    `${eventId}/changed/${sequence}/${guestId}`,
};

const reminderKinds: Record<string, ReminderKind> = {
  "reminder-week": "week",
  "reminder-day": "day",
  "reminder-morning": "morning",
};

/**
 * Stream handler: the emails each committed change calls for. At-least-once like every handler, so each email
 * carries a key derived from the change and the Mailer drops a key it has seen: a change delivered twice
 * sends nothing the second time.
 */
export function messengerHandler(deps: MessengerDeps): ChangeHandler {
  return async (changes: readonly ChangeRecord[]) => {
    // The event a guest email describes.
    const eventOf = pageEvents(deps.reader);
    const emails: OutgoingEmail[] = [];
    /** The guests this batch erases (`eventId/guestId`). */
    const erased = new Set<string>();
    for (const change of changes) {
      // An erased guest gets nothing more, and what was queued for them is dropped (core/guest-erasure.ts).
      if (change.entity === "guest" && isErased(change.new)) {
        erased.add(`${change.new.eventId}/${change.new.guestId}`);
        if (change.new.lastChange.action === "erase") {
          await deps.mailer.forgetGuest?.(change.new.eventId, change.new.guestId);
          // Her bounces and complaints name the erased row's address from now on, as her kept emails do.
          if (change.old && !isErased(change.old))
            await deps.problems?.forgetAddress?.(change.new.eventId, change.old.email, change.new.email);
        }
        continue;
      }
      emails.push(
        ...(change.entity === "guest"
          ? await guestEmails(change.old, change.new, await eventOf(change.new.eventId), deps)
          : await eventEmails(change.old, change.new, deps)),
      );
    }
    // Nor what an earlier change of the same batch asked for: it would be queued after the mailer forgot them.
    const wanted = emails.filter((e) => e.guestId === null || !erased.has(`${e.eventId}/${e.guestId}`));
    // Handed over together, in change order, so a mailer can queue a page's emails in one write.
    await Promise.all(wanted.map((email) => deps.mailer.send(email)));
  };
}

/** The email a guest-row change calls for, if any. */
async function guestEmails(
  old: GuestRecord | null,
  guest: GuestRecord,
  event: EventRecord | null,
  deps: MessengerDeps,
): Promise<OutgoingEmail[]> {
  if (!event) return [];
  const t = guest.lastChange;
  const input: GuestEmailInput = {
    event,
    guest,
    links: deps.links,
    key: mailKeys.guestChange(guest),
    replyTo: deps.replyTo ?? null,
    calendar: deps.calendar,
  };
  const position = async () => {
    // Someone joining the line joins at its end: the count after the join is their place, exactly, without
    // a count over the line per email (which made a 20,000-guest rush quadratic).
    if (t.to === "waitlisted" && t.from !== "waitlisted") return t.countersAfter.waitlisted;
    return (
      (await deps.reader.waitlistPosition(guest.eventId, guest.guestId)) ??
      // No longer waitlisted by the time this is handled: the place it had when it was committed.
      (t.to === "waitlisted" ? t.countersAfter.waitlisted : null)
    );
  };

  if (t.action === "notify") {
    switch (t.notice) {
      case "offer":
        // The deferred offer: its quiet hours are over.
        return guest.status === "offered"
          ? [offeredEmail({ ...input, key: mailKeys.offer(guest.guestId, roundOf(guest)) })]
          : [];
      case "reminder-week":
      case "reminder-day":
      case "reminder-morning": {
        // A reminder delivered late (after a stop) past the start would be noise.
        const started = deps.clock.now().getTime() >= Date.parse(event.startsAt);
        if (guest.status !== "confirmed" || started) return [];
        return [reminderEmail({ ...input, kind: reminderKinds[t.notice]! })];
      }
      case "reconfirm": {
        // "Still coming?" (docs/reconfirm.md): only to a guest still confirmed, and never after the start.
        const started = deps.clock.now().getTime() >= Date.parse(event.startsAt);
        return guest.status === "confirmed" && !started ? [reconfirmEmail(input)] : [];
      }
      case "resend-link": {
        const email = resentLinkEmail({ ...input, position: await position() });
        if (email) return [email];
        // A guest who left: someone typed their address into the form; the owner may register again.
        const open = event.registrationOpen && deps.clock.now().getTime() < Date.parse(event.startsAt);
        return open && hasLeft(guest.status) ? [rejoinEmail(input)] : [];
      }
      default:
        return [];
    }
  }

  if (old && old.status === guest.status) return [];
  switch (guest.status) {
    case "confirmed":
      return [confirmedEmail(input)];
    case "waitlisted":
      return [waitlistedEmail({ ...input, position: await position() })];
    case "pending":
      return [inviteEmail(input)];
    case "offered": {
      // During quiet hours the seat is held now but the email waits: a timer later records a `notify` offer,
      // which sends it (under the same key).
      const offer = guest.offer;
      if (!offer || Date.parse(offer.deliverAt) > Date.parse(t.at)) return [];
      return [offeredEmail({ ...input, key: mailKeys.offer(guest.guestId, roundOf(guest)) })];
    }
    case "lapsed":
      return [offerLapsedEmail(input)];
    case "cancelled":
      // The host's removal: told in its own words, or not at all, as the host chose (issue 14 §3).
      if (t.action === "remove-quietly") return [];
      if (t.action === "remove") return [removedEmail(input)];
      // The host declined a request: told politely, not as if the guest had cancelled.
      if (wasDeclined(guest)) return [requestDeclinedEmail(input)];
      // No answer to "still coming?" by the deadline: the seat was released (docs/reconfirm.md).
      return [wasReleasedUnanswered(guest) ? releasedEmail(input) : cancelledEmail(input)];
    case "requested":
      return [requestedEmail(input)];
  }
}

/**
 * The emails an event-row change calls for: a host message to every confirmed guest, the news of a moved
 * event to everyone with a seat, an offer or a place in line, a daily summary.
 */
async function eventEmails(
  old: EventRecord | null,
  event: EventRecord,
  deps: MessengerDeps,
): Promise<OutgoingEmail[]> {
  const t = event.lastChange;
  // Guest changes rewrite the event row's counters but keep its last setting change: only act on a new one.
  if (!t || old?.lastChange?.commandId === t.commandId) return [];
  const replyTo = deps.replyTo ?? null;
  const thanks = event.thankYou;
  if (thanks?.status === "approved" && thanks.body && old?.thankYou?.status !== "approved") {
    // The note goes to whoever holds a seat when it is approved: the confirmed guests. Nobody gains a seat
    // after the start (registrations, confirmations and claims are refused then; an offer ends by the start at
    // the latest), so that is everyone who held one at the end, less anyone who cancelled since. The note is
    // the host's message too.
    const body = thanks.body;
    // With the host's `thanksOnlyArrived`, only to those the door checked in (core/thank-you.ts).
    const recipients = thankYouRecipients(event, await deps.reader.listGuests(event.eventId));
    return recipients.map((guest) =>
      thankYouEmail({ event, guest, links: deps.links, replyTo, body, key: mailKeys.thanks(guest.guestId) }),
    );
  }
  if (t.action === "edit-event" && old && event.calendarSequence > (old.calendarSequence ?? 0)) {
    // The date, time or place moved: everyone holding a seat, an offer or a place in line is told (muting the
    // host's messages does not stop this one: it is about their RSVP).
    const guests = await deps.reader.listGuests(event.eventId);
    return guests
      .filter((g) => g.status === "confirmed" || g.status === "offered" || g.status === "waitlisted")
      .map((guest) =>
        eventChangedEmail({
          event,
          before: old,
          guest,
          links: deps.links,
          replyTo,
          calendar: deps.calendar,
          key: mailKeys.eventChanged(event.eventId, event.calendarSequence, guest.guestId),
        }),
      );
  }
  if (t.action === "message-guests" && t.message) {
    const message = t.message;
    return (await hostMessageRecipients(deps.reader, event.eventId)).map((guest) =>
      hostMessageEmail({
        event,
        guest,
        links: deps.links,
        replyTo,
        message,
        key: mailKeys.hostMessage(t.commandId, guest.guestId),
      }),
    );
  }
  if (t.action === "event-ended" && event.settings.hostEmail && (event.arrived ?? 0) > 0) {
    // The door checked guests in: the host hears who came and who did not (docs/door.md).
    const guests = await deps.reader.listGuests(event.eventId);
    const to = event.settings.hostEmail;
    return [afterEventSummaryEmail({ event, guests, to, key: mailKeys.afterEvent(event.eventId) })];
  }
  if (t.action === "verify-address" && t.verification)
    return [
      verifyAddressEmail({
        event,
        verification: t.verification,
        links: deps.links,
        at: t.at,
        key: `verify/${t.commandId}`,
      }),
    ];
  if (t.action === "daily-summary" && t.day && event.settings.hostEmail) {
    const guests = await deps.reader.listGuests(event.eventId);
    return [
      dailySummaryEmail({
        event,
        guests,
        day: t.day,
        at: t.at,
        to: event.settings.hostEmail,
        key: mailKeys.summary(event.eventId, t.day),
      }),
    ];
  }
  return [];
}

/**
 * Who the host's bulk emails (a message, the thank-you note) go to: the guests confirmed now, less those who
 * unsubscribed from the host's messages (their RSVP's own emails still go out).
 */
async function hostMessageRecipients(reader: GuestReader, eventId: string): Promise<GuestRecord[]> {
  const guests = await reader.listGuests(eventId);
  return guests.filter((g) => g.status === "confirmed" && g.hostMessages);
}
