import { DateTime } from "luxon";
import type { EventRecord } from "../contracts/event.ts";
import type { OutgoingEmail } from "../core/ports.ts";
import { eventReconfirmTimes } from "../core/reconfirm.ts";
import { type Translate, translator } from "../i18n/index.ts";
import { compose } from "./email-layout.ts";
import { eventFacts, forGuest, type GuestEmailInput, instantText, link } from "./guest-email-parts.ts";

/** "today", "tomorrow" or "in 3 days", from `at` to the start, on the event's calendar (as the reminders say). */
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
 * "Still coming?" (docs/reconfirm.md): asks a confirmed guest to answer with one of two signed links, yes
 * (the seat stays theirs) or no (the seat goes to the line). It states what happens without an answer: with
 * the host's `release`, the deadline by which the seat is given away; else that the seat stays theirs.
 */
export function reconfirmEmail(input: GuestEmailInput): OutgoingEmail {
  const { event, guest } = input;
  const t = translator(event.details.language);
  const deadline = eventReconfirmTimes(event)?.deadline ?? null;
  return compose({
    ...forGuest(input, "reconfirm"),
    subject: t("reconfirm.mail.subject", { event: event.name }),
    paragraphs: [
      t("reconfirm.mail.lead", { event: event.name, when: daysAway(event, guest.lastChange.at, t) }),
      t(event.waitlisted > 0 ? "reconfirm.mail.why" : "reconfirm.mail.whyNoWaitlist"),
      deadline
        ? t("reconfirm.mail.deadline", { deadline: instantText(event, deadline) })
        : t("reconfirm.mail.keep"),
    ],
    facts: eventFacts(event, guest),
    actions: [
      link(input, "still-coming", t("reconfirm.mail.yes")),
      link(input, "not-coming", t("reconfirm.mail.no")),
    ],
  });
}
