/**
 * The one answer the email-reply lane ever sends itself: to a person whose message named no event we know.
 * Everything else a guest gets back (confirmation, waitlist place, cancellation) comes from the messenger.
 */
import { createHash } from "node:crypto";
import { emailKey } from "../../contracts/common.ts";
import type { OutgoingEmail } from "../../core/ports.ts";
import { escapeHtml, headerText } from "../../mail/mail-text.ts";
import { isReplySubject } from "./reply-text.ts";

const hash = (s: string | Buffer) => createHash("sha256").update(s).digest("base64url");

/**
 * The answer to a person whose message named no event we know. Keyed per sender and day (RFC 3834: do not
 * answer the same sender over and over), so a redelivered message, or a second try the same day, is answered
 * once. Auto-Submitted: auto-replied keeps other responders from answering it.
 */
export function unknownEventReply(input: {
  to: string;
  name: string;
  subject: string;
  inReplyTo: string | null;
  claimedEventId: string | null;
  identity: string;
  now?: Date;
}): OutgoingEmail {
  const day = input.now?.toISOString().slice(0, 10);
  const key = day
    ? `unknown-event/${hash(emailKey(input.to)).slice(0, 22)}/${day}`
    : `unknown-event/${hash(input.identity).slice(0, 22)}`;
  const paragraphs = [
    `Hello ${input.name},`,
    "Thank you for your message. We could not tell which event it is about, so it has not changed any guest list.",
    "To answer an invitation, reply to the invitation email itself (its reply address names the event), or use the links in it.",
  ];
  const footer = "This is an automatic answer.";
  const text = [...paragraphs.flatMap((p) => [p, ""]), "-- ", footer].join("\n");
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Your message to rsvp</title></head>
<body style="font-family: sans-serif; line-height: 1.5; max-width: 40em">
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}
<hr>
<p style="color: #666; font-size: small">${escapeHtml(footer)}</p>
</body>
</html>
`;
  const safeId = input.inReplyTo && /^<[\x21-\x3b\x3d\x3f-\x7e]{1,250}>$/.test(input.inReplyTo);
  const subject = input.subject.trim() === "" ? "Your message" : input.subject;
  return {
    key,
    eventId: input.claimedEventId ?? "",
    guestId: null,
    to: headerText(input.to, 254),
    subject: headerText(isReplySubject(subject) ? subject : `Re: ${subject}`),
    text,
    html,
    links: {},
    attachments: [],
    headers: {
      "Auto-Submitted": "auto-replied",
      "X-Auto-Response-Suppress": "All",
      "X-Rsvp-Kind": "unknown-event",
      ...(safeId ? { "In-Reply-To": input.inReplyTo!, References: input.inReplyTo! } : {}),
    },
  };
}
