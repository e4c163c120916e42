import type { OutgoingEmail } from "../core/mail-ports.ts";
import { eventReconfirmTimes } from "../core/reconfirm.ts";
import { translator } from "../i18n/index.ts";
import { compose } from "./email-layout.ts";
import {
  daysAway,
  eventFacts,
  forGuest,
  type GuestEmailInput,
  instantText,
  link,
} from "./guest-email-parts.ts";

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
    // Two answers to one question: "I can't come" is a button too, as easy to tap as "yes".
    answerButtons: true,
  });
}
