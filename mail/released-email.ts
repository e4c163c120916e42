import type { OutgoingEmail } from "../core/mail-ports.ts";
import { eventReconfirmTimes } from "../core/reconfirm.ts";
import { translator } from "../i18n/index.ts";
import { compose } from "./email-layout.ts";
import {
  eventFacts,
  eventPageLink,
  forGuest,
  type GuestEmailInput,
  guestCalendar,
  instantText,
} from "./guest-email-parts.ts";

/**
 * The guest did not answer "still coming?" by the deadline and the host chose to release unanswered seats
 * (docs/reconfirm.md): the seat went to the line. Said as what happened and why, not as if the guest had
 * cancelled, with the way back: the event page, where they can register again while seats are free. The
 * calendar entry is cancelled, as after their own cancel.
 */
export function releasedEmail(input: GuestEmailInput): OutgoingEmail {
  const { event, guest } = input;
  const t = translator(event.details.language);
  // The deadline the ask named; the release's own time if the setting has changed since.
  const deadline = eventReconfirmTimes(event)?.deadline ?? guest.lastChange.at;
  const page = eventPageLink(input).map((a) => ({ ...a, label: t("reconfirm.released.button") }));
  return compose({
    ...forGuest(input, "reconfirm-released"),
    subject: t("reconfirm.released.subject", { event: event.name }),
    paragraphs: [
      t("reconfirm.released.lead", { event: event.name, deadline: instantText(event, deadline) }),
      t("reconfirm.released.again"),
    ],
    facts: eventFacts(event, guest),
    actions: page,
    attachments: [guestCalendar(input, "CANCEL")],
  });
}
