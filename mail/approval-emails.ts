import type { OutgoingEmail } from "../core/mail-ports.ts";
import { translator } from "../i18n/index.ts";
import { compose } from "./email-layout.ts";
import {
  eventFacts,
  eventPageLink,
  forGuest,
  type GuestEmailInput,
  manageLink,
} from "./guest-email-parts.ts";

/**
 * The emails of approval mode (docs/approval.md): the request is with the host, and the host could not approve
 * it. An approved guest gets the email of where the approval put them (confirmed or waitlisted, mail/messages.ts).
 * Words from the `approval` catalog (i18n/LANGUAGE/approval.ts). Pure, like every email.
 */

/**
 * A registration waits for the host: no seat yet, an email either way once the host decides, and the manage
 * page to withdraw it. The place is left out while the host keeps it for approved guests (`eventFacts`).
 */
export function requestedEmail(input: GuestEmailInput): OutgoingEmail {
  const { event } = input;
  const t = translator(event.details.language);
  return compose({
    ...forGuest(input, "requested"),
    subject: t("approval.mail.requestedSubject", { event: event.name }),
    paragraphs: [t("approval.mail.requestedLead", { event: event.name }), t("approval.mail.requestedNext")],
    facts: eventFacts(event, input.guest),
    actions: [manageLink(input)],
    actionNote: t("approval.mail.withdrawHint"),
  });
}

/**
 * The host declined the request: said kindly, with nothing to do and no place given away, and while
 * registration is open the event's page, to ask again.
 */
export function requestDeclinedEmail(input: GuestEmailInput): OutgoingEmail {
  const { event } = input;
  const t = translator(event.details.language);
  return compose({
    ...forGuest(input, "request-declined"),
    subject: t("approval.mail.declinedSubject", { event: event.name }),
    paragraphs: [t("approval.mail.declinedLead", { event: event.name }), t("approval.mail.declinedNext")],
    facts: eventFacts(event, input.guest),
    ...(event.registrationOpen
      ? { actions: eventPageLink(input), actionNote: t("misc.declined.mailAgain") }
      : { actions: [] }),
  });
}
