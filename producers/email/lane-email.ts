/**
 * The two emails the email-reply lane sends itself: the confirmation link, sent instead of acting on mail it
 * cannot tie to a guest, and the answer to mail that names no event. Neither quotes what it answers (the
 * subject, the text, the sender's display name): the sender may be forged, and an answer must not carry an
 * attacker's words to whoever they forged. Both are keyed per recipient, event and day, so however many
 * messages arrive, one address gets at most one of each a day.
 */
import { createHash } from "node:crypto";
import { emailKey } from "../../contracts/common.ts";
import type { Language } from "../../contracts/language.ts";
import type { OutgoingEmail } from "../../core/ports.ts";
import { translator } from "../../i18n/index.ts";
import { escapeHtml, headerText } from "../../mail/mail-text.ts";

const hash = (s: string) => createHash("sha256").update(s).digest("base64url").slice(0, 22);

/** What a confirmation link lets the person do: the signed links' actions, or the public register page. */
export type ConfirmStep = "cancel" | "decline" | "confirm" | "claim" | "register";

/** Headers every answer of the lane carries: no responder answers it (RFC 3834), we drop it if it comes back. */
function answerHeaders(kind: string): Record<string, string> {
  return { "Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All", "X-Rsvp-Kind": kind };
}

/** The one action: a button (a link styled as one, which every mail client shows), and the bare URL under it. */
function linkHtml(link: { label: string; url: string }, button: string): string {
  const url = escapeHtml(link.url);
  return `<p>${escapeHtml(link.label)}</p>
<p><a href="${url}" style="display: inline-block; padding: 12px 20px; background: #1d4ed8; color: #ffffff; text-decoration: none; border-radius: 6px; font-weight: bold">${escapeHtml(button)}</a></p>
<p style="font-size: small; color: #555; word-break: break-all"><a href="${url}" style="color: #1d4ed8">${url}</a></p>`;
}

function bodies(language: Language, paragraphs: string[], link: { label: string; url: string } | null) {
  const t = translator(language);
  const footer = t("lane.footer");
  const text = [
    ...paragraphs.flatMap((p) => [p, ""]),
    ...(link ? [link.label, link.url, ""] : []),
    "-- ",
    footer,
  ].join("\n");
  const html = `<!doctype html>
<html lang="${language}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>rsvp</title></head>
<body style="font-family: sans-serif; line-height: 1.5; max-width: 40em">
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}
${link ? linkHtml(link, t("lane.open")) : ""}
<hr>
<p style="color: #666; font-size: small">${escapeHtml(footer)}</p>
</body>
</html>
`;
  return { text, html };
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
  const { text, html } = bodies(
    input.language,
    [t("lane.hello"), t("lane.confirm.why", { event: input.eventName })],
    { label: t(`lane.confirm.${input.step}`), url: input.url },
  );
  return {
    key: `reply-confirm/${input.eventId}/${hash(emailKey(input.to))}/${input.step}/${day}`,
    eventId: input.eventId,
    guestId: input.guestId,
    to: headerText(input.to, 254),
    subject: headerText(t("lane.confirm.subject", { event: input.eventName })),
    text,
    html,
    // The register page is no signed link: it is in the text only.
    links: input.step === "register" ? {} : { [input.step]: input.url },
    attachments: [],
    headers: answerHeaders("reply-confirm"),
  };
}

/**
 * The answer to an authenticated sender whose message named no event we know. Fixed words: it does not
 * repeat the message's subject or the sender's name. One per sender and day (RFC 3834).
 */
export function unknownEventReply(input: { to: string; inReplyTo: string | null; now: Date }): OutgoingEmail {
  const t = translator("en");
  const day = input.now.toISOString().slice(0, 10);
  const { text, html } = bodies(
    "en",
    [t("lane.hello"), t("lane.unknownEvent.body"), t("lane.unknownEvent.hint")],
    null,
  );
  const safeId = input.inReplyTo && /^<[\x21-\x3b\x3d\x3f-\x7e]{1,250}>$/.test(input.inReplyTo);
  return {
    key: `unknown-event/${hash(emailKey(input.to))}/${day}`,
    eventId: "",
    guestId: null,
    to: headerText(input.to, 254),
    subject: t("lane.unknownEvent.subject"),
    text,
    html,
    links: {},
    attachments: [],
    headers: {
      ...answerHeaders("unknown-event"),
      ...(safeId ? { "In-Reply-To": input.inReplyTo!, References: input.inReplyTo! } : {}),
    },
  };
}
