/**
 * How every email rsvp writes is laid out: a draft (greeting, paragraphs, facts, links, footer) becomes an
 * `OutgoingEmail` with a text and an HTML body and its headers. Kept apart from the templates (messages.ts),
 * which say what each email says. Names, event titles and host messages are typed by strangers: in HTML each
 * is escaped; in headers control characters are replaced, because a CR/LF there would let a guest name or a
 * host subject add headers of its own (Bcc: …) to the message.
 */
import type { EventRecord } from "../contracts/event.ts";
import type { OutgoingEmail } from "../core/ports.ts";
import { escapeHtml, headerText } from "./mail-text.ts";

/** Which email a message is, carried in the `X-Rsvp-Kind` header (for inbound-mail parsing and tests). */
export type EmailKind =
  | "confirmed"
  | "waitlisted"
  | "offered"
  | "offer-lapsed"
  | "cancelled"
  | "invite"
  | "rejoin"
  | "reminder"
  | "host-message"
  | "daily-summary"
  | "thank-you";

/** A link in an email: the action it names (the `links` of the email), its label and its URL. */
export interface Action {
  action: string;
  label: string;
  url: string;
}

/** What an email says, before it is laid out. */
export interface Draft {
  kind: EmailKind;
  key: string;
  event: EventRecord;
  guestId: string | null;
  to: string;
  subject: string;
  /** "Hello Ana," (null: none). */
  greeting: string | null;
  /** Paragraphs of plain text; a newline inside one is a line break. */
  paragraphs: readonly string[];
  /** Label/value rows shown as a small table (event, when, …). */
  facts: readonly (readonly [string, string])[];
  actions: readonly Action[];
  footer: string;
  /**
   * Bulk mail from the host (not about the guest's own RSVP) carries a way out: this link in the footer, and as
   * List-Unsubscribe with one-click List-Unsubscribe-Post (RFC 8058) for the mail client's own button.
   */
  unsubscribe?: Action;
  attachments?: OutgoingEmail["attachments"];
  replyTo?: string | null;
}

/** The footer line that goes with an unsubscribe link. */
const unsubscribeNote = "To get no more messages from the host (your RSVP stays as it is)";

/**
 * The List-Unsubscribe headers for an unsubscribe link. Only for an absolute http(s) URL: a mail client cannot
 * use a bare path (a runtime without a public base URL), and RFC 8058 asks for HTTPS, which a deployment has.
 */
function listUnsubscribeHeaders(unsubscribe: Action | undefined): Record<string, string> {
  if (!unsubscribe || !/^https?:\/\//.test(unsubscribe.url)) return {};
  return {
    "List-Unsubscribe": `<${headerText(unsubscribe.url, 900)}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}

/** The email a draft lays out: text and HTML bodies, headers, and its links by action. */
export function compose(d: Draft): OutgoingEmail {
  const subject = headerText(d.subject);
  const text = [
    ...(d.greeting ? [d.greeting, ""] : []),
    ...d.paragraphs.flatMap((p) => [p, ""]),
    ...(d.facts.length > 0 ? [...d.facts.map(([label, value]) => `${label}: ${value}`), ""] : []),
    ...d.actions.flatMap((a) => [`${a.label}:`, a.url, ""]),
    "-- ",
    d.footer,
    ...(d.unsubscribe ? [`${unsubscribeNote}:`, d.unsubscribe.url] : []),
  ].join("\n");

  const paragraph = (p: string) => `<p>${escapeHtml(p).replaceAll("\n", "<br>\n")}</p>`;
  const facts =
    d.facts.length > 0
      ? `<table role="presentation" cellpadding="4">\n${d.facts
          .map(
            ([label, value]) =>
              `<tr><th align="left" valign="top">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
          )
          .join("\n")}\n</table>`
      : "";
  const actions = d.actions
    .map((a) => `<p><a href="${escapeHtml(a.url)}">${escapeHtml(a.label)}</a></p>`)
    .join("\n");
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: sans-serif; line-height: 1.5; max-width: 40em">
${[d.greeting ? paragraph(d.greeting) : "", ...d.paragraphs.map(paragraph), facts, actions]
  .filter((part) => part !== "")
  .join("\n")}
<hr>
<p style="color: #666; font-size: small">${escapeHtml(d.footer)}${
    d.unsubscribe
      ? `<br>\n${escapeHtml(unsubscribeNote)}: <a href="${escapeHtml(d.unsubscribe.url)}">${escapeHtml(d.unsubscribe.label)}</a>`
      : ""
  }</p>
</body>
</html>
`;

  return {
    key: d.key,
    eventId: d.event.eventId,
    guestId: d.guestId,
    to: headerText(d.to, 254),
    subject,
    text,
    html,
    links: Object.fromEntries(
      [...d.actions, ...(d.unsubscribe ? [d.unsubscribe] : [])].map((a) => [a.action, a.url]),
    ),
    attachments: d.attachments ?? [],
    // Auto-Submitted keeps vacation responders from answering; the kind helps whoever parses replies.
    headers: {
      "Auto-Submitted": "auto-generated",
      "X-Rsvp-Kind": d.kind,
      ...(d.replyTo ? { "Reply-To": headerText(d.replyTo, 254) } : {}),
      ...listUnsubscribeHeaders(d.unsubscribe),
    },
  };
}
