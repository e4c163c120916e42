import type { GuestStatus } from "../contracts/guest.ts";
import type { OutgoingEmail } from "../core/mail-ports.ts";
import { translator } from "../i18n/index.ts";
import { compose } from "./email-layout.ts";
import {
  eventFacts,
  eventPageLink,
  forGuest,
  type GuestEmailInput,
  guestCalendar,
} from "./guest-email-parts.ts";

/** The subject and first sentence for what the removed guest held. */
const wording: Record<string, readonly [string, string]> = {
  offered: ["hostHand.mail.subjectOffer", "hostHand.mail.leadOffer"],
  pending: ["hostHand.mail.subjectInvitation", "hostHand.mail.leadInvitation"],
  waitlisted: ["hostHand.mail.subjectWaitlist", "hostHand.mail.leadWaitlist"],
  confirmed: ["hostHand.mail.subjectSeat", "hostHand.mail.leadSeat"],
};

/**
 * The host took the guest off the list and chose to tell them (issue 14 §3): what they held is gone, and whom to
 * ask if it is a mistake. A guest who held a seat also gets the calendar cancellation, as after their own cancel.
 */
export function removedEmail(input: GuestEmailInput): OutgoingEmail {
  const { event, guest } = input;
  const t = translator(event.details.language);
  const from: GuestStatus | null = guest.lastChange.from;
  const [subject, lead] = wording[from ?? "confirmed"] ?? wording.confirmed!;
  const host = event.details.hostName;
  return compose({
    ...forGuest(input, "cancelled"),
    subject: t(subject, { event: event.name }),
    paragraphs: [t(lead), host ? t("hostHand.mail.nextHost", { host }) : t("hostHand.mail.next")],
    facts: eventFacts(event, guest),
    actions: [],
    extraLinks: eventPageLink(input),
    attachments: from === "confirmed" ? [guestCalendar(input, "CANCEL")] : [],
  });
}
