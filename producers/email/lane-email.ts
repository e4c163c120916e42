/**
 * The two emails the email-reply lane sends itself: the confirmation link, sent instead of acting on mail it
 * cannot tie to a guest, and the answer to mail that names no event. Neither quotes what it answers (the
 * subject, the text, the sender's display name): the sender may be forged, and an answer must not carry an
 * attacker's words to whoever they forged. Both are keyed per recipient, event and day, so however many
 * messages arrive, one address gets at most one of each a day.
 */
import { createHash } from "node:crypto";
import { emailKey } from "../../contracts/common.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import type { Language } from "../../contracts/language.ts";
import type { OutgoingEmail } from "../../core/mail-ports.ts";
import { translator } from "../../i18n/index.ts";
import { compose } from "../../mail/email-layout.ts";

const hash = (s: string) => createHash("sha256").update(s).digest("base64url").slice(0, 22);

/** What a confirmation link lets the person do: the signed links' actions, or the public register page. */
export type ConfirmStep = "cancel" | "decline" | "confirm" | "claim" | "register";

/**
 * Headers every answer of the lane carries: no responder answers it (RFC 3834), we drop it if it comes back.
 * They replace the layout's "auto-generated": these are answers to a message.
 */
function asAnswer(email: OutgoingEmail): OutgoingEmail {
  return {
    ...email,
    headers: { ...email.headers, "Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All" },
  };
}

/**
 * The confirmation link for a message the lane would not act on: one link (a signed link whose page has one
 * button, or the event's register page), sent to the guest's address on the list (or, for someone not on it,
 * the authenticated sender). The day is part of the key, so a flood of forged messages mails one link a day.
 */
export function confirmByLinkEmail(input: {
  to: string;
  eventId: string;
  eventName: string;
  guestId: string | null;
  language: Language;
  step: ConfirmStep;
  url: string;
  now: Date;
}): OutgoingEmail {
  const t = translator(input.language);
  const day = input.now.toISOString().slice(0, 10);
  const open = { action: input.step, label: t("lane.open"), url: input.url };
  return asAnswer(
    compose({
      kind: "reply-confirm",
      key: `reply-confirm/${input.eventId}/${hash(emailKey(input.to))}/${input.step}/${day}`,
      event: { eventId: input.eventId, name: input.eventName, details: { language: input.language } },
      guestId: input.guestId,
      to: input.to,
      subject: t("lane.confirm.subject", { event: input.eventName }),
      greeting: t("lane.hello"),
      paragraphs: [t("lane.confirm.why", { event: input.eventName }), t(`lane.confirm.${input.step}`)],
      facts: [],
      // The register page is no signed link: a button, but not one of the email's `links`.
      actions: input.step === "register" ? [] : [open],
      primary: open,
      footer: t("lane.footer"),
    }),
  );
}

/**
 * The answer to a reply that said yes and no (or no about someone else with no clear size): nothing changed,
 * and the guest's manage link, where they change their seats or cancel. One per guest and day, like the
 * confirmation link: a flood of such messages mails one.
 */
export function unclearReplyEmail(input: {
  event: EventRecord;
  guest: GuestRecord;
  url: string;
  now: Date;
}): OutgoingEmail {
  const { event, guest } = input;
  const t = translator(event.details.language);
  const day = input.now.toISOString().slice(0, 10);
  // The guest's manage page (`/l/manage/…`): their seats and the cancel, each a button of its own.
  const open = { action: "manage", label: t("misc.unclearReply.button"), url: input.url };
  return asAnswer(
    compose({
      kind: "reply-confirm",
      key: `reply-unclear/${event.eventId}/${guest.guestId}/${day}`,
      event,
      guestId: guest.guestId,
      to: guest.email,
      subject: t("misc.unclearReply.subject", { event: event.name }),
      greeting: t("lane.hello"),
      paragraphs: [t("misc.unclearReply.why", { event: event.name }), t("misc.unclearReply.how")],
      facts: [],
      actions: [open],
      primary: open,
      footer: t("lane.footer"),
    }),
  );
}

/**
 * The answer to an authenticated sender whose message named no event we know. Fixed words: it does not
 * repeat the message's subject or the sender's name. One per sender and day (RFC 3834).
 */
export function unknownEventReply(input: { to: string; inReplyTo: string | null; now: Date }): OutgoingEmail {
  const t = translator("en");
  const day = input.now.toISOString().slice(0, 10);
  const safeId = input.inReplyTo && /^<[\x21-\x3b\x3d\x3f-\x7e]{1,250}>$/.test(input.inReplyTo);
  const email = compose({
    kind: "unknown-event",
    key: `unknown-event/${hash(emailKey(input.to))}/${day}`,
    event: { eventId: "", name: t("lane.unknownEvent.subject"), details: { language: "en" } },
    guestId: null,
    to: input.to,
    subject: t("lane.unknownEvent.subject"),
    fromName: t("lane.fromName"),
    greeting: t("lane.hello"),
    paragraphs: [t("lane.unknownEvent.body"), t("lane.unknownEvent.hint")],
    facts: [],
    actions: [],
    footer: t("lane.footer"),
  });
  return asAnswer({
    ...email,
    headers: {
      ...email.headers,
      ...(safeId ? { "In-Reply-To": input.inReplyTo!, References: input.inReplyTo! } : {}),
    },
  });
}
