import { type EventRecord, type HostMessage, headcountOf, partiesOf } from "../contracts/event.ts";
import { type GuestRecord, type GuestStatus, guestStatusDisplayOrder } from "../contracts/guest.ts";
import type { OutgoingEmail } from "../core/mail-ports.ts";
import { mergeName } from "../core/thank-you.ts";
import { translator } from "../i18n/index.ts";
import { seatsAndParties, showsParties } from "../i18n/party-counts.ts";
import { compose } from "./email-layout.ts";
import {
  eventFacts,
  forGuest,
  type GuestEmailInput,
  manageLink,
  replyToOf,
  unsubscribeLink,
  whenText,
} from "./guest-email-parts.ts";

/**
 * The emails that carry the host's words or go to the host: the host's message to confirmed guests, the
 * thank-you note after the event, and the host's daily summary. Laid out by `compose` (email-layout.ts), worded
 * from the mail catalog in the event's language. Pure: no clock, no I/O.
 */

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
  // Where guests come as parties, each number says seats and the parties holding them ("12 seats · 9 parties").
  const parties = partiesOf(event);
  const withParties = showsParties(event.settings.maxParty, event, parties);
  const seats = (n: number, state?: keyof typeof parties) =>
    withParties ? seatsAndParties(t, n, state ? parties[state] : null) : String(n);
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
      [t("pages.host.capacity"), seats(event.capacity)],
      [t("pages.host.confirmed"), seats(event.confirmed, "confirmed")],
      [t("pages.host.offered"), seats(event.offered, "offered")],
      [t("pages.host.waitlisted"), seats(event.waitlisted, "waitlisted")],
      [t("pages.host.open"), seats(headcountOf(event).open)],
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
