import type { EventRecord } from "../contracts/event.ts";
import {
  type PendingRegistration,
  verificationDigest,
  verificationHours,
  verificationPayload,
} from "../core/address-verification.ts";
import type { OutgoingEmail } from "../core/mail-ports.ts";
import type { LinkMinter } from "../core/ports.ts";
import { translator } from "../i18n/index.ts";
import { compose } from "./email-layout.ts";
import { eventFacts, fromNameOf, instantText } from "./guest-email-parts.ts";

/** When a confirmation link stops working: `verificationHours` after it was asked for, or the start if sooner. */
export function verificationExpiry(event: EventRecord, at: string): Date {
  const end = Date.parse(at) + verificationHours * 3_600_000;
  return new Date(Math.min(end, Date.parse(event.startsAt)));
}

/**
 * "Confirm your address": the email a registration for an event that confirms addresses first sends to the
 * address typed, with the one link that sends the registration (see core/address-verification.ts). It says
 * nothing about whether the address is on the list already: the same email goes to every address.
 */
export function verifyAddressEmail(input: {
  event: EventRecord;
  verification: PendingRegistration;
  links: LinkMinter;
  at: string;
  key: string;
}): OutgoingEmail {
  const { event, verification } = input;
  const t = translator(event.details.language);
  const payload = verificationPayload(verification);
  const expiresAt = verificationExpiry(event, input.at);
  const url = input.links.url({
    eventId: event.eventId,
    guestId: verificationDigest(event.eventId, payload),
    action: "verify",
    expiresAt,
  });
  const confirm = { action: "verify", label: t("trust.verify.emailButton"), url: `${url}?r=${payload}` };
  return compose({
    kind: "verify-address",
    key: input.key,
    event,
    guestId: null,
    to: verification.email,
    subject: t("trust.verify.emailSubject", { event: event.name }),
    greeting: t("mail.common.helloNoName"),
    paragraphs: [
      t("trust.verify.emailLead", { event: event.name }),
      t("trust.verify.emailExpires", { deadline: instantText(event, expiresAt) }),
    ],
    facts: eventFacts(event, null),
    actions: [confirm],
    footer: t("trust.verify.emailNotYou"),
    language: event.details.language,
    fromName: fromNameOf("verify-address", event),
  });
}
