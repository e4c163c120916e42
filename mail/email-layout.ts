/**
 * How every email rsvp writes is laid out: a draft (greeting, paragraphs, facts, links, footer) becomes an
 * `OutgoingEmail` with a text and an HTML body and its headers. The HTML is one column of at most 600 px built
 * from tables with inline styles (what mail clients keep), a viewport meta tag, a "bulletproof" button (a
 * coloured table cell around the link, which Outlook draws too) for the main action and plain links for the
 * rest; its colours keep AA contrast in light mode, in a client's dark mode (a `prefers-color-scheme` block)
 * and when a client inverts colours itself. The text part says the same, wrapped at 78 columns with each link
 * on a line of its own. Kept apart from the templates (messages.ts, host-emails.ts),
 * which say what each email says. Names, event titles and host messages are typed by strangers: in HTML each
 * is escaped; in headers control characters are replaced, because a CR/LF there would let a guest name or a
 * host subject add headers of its own (Bcc: …) to the message.
 */
import { defaultAccent, palette } from "../contracts/accent.ts";
import type { EventRecord } from "../contracts/event.ts";
import type { Language } from "../contracts/language.ts";
import type { OutgoingEmail } from "../core/mail-ports.ts";
import { translator } from "../i18n/index.ts";
import { escapeHtml, headerText, wrapText } from "./mail-text.ts";

/** Which email a message is, carried in the `X-Rsvp-Kind` header (for inbound-mail parsing and tests). */
export type EmailKind =
  | "confirmed"
  | "waitlisted"
  | "offered"
  | "offer-lapsed"
  | "cancelled"
  | "invite"
  | "rejoin"
  | "requested"
  | "request-declined"
  | "reminder"
  | "host-message"
  | "daily-summary"
  | "thank-you"
  | "event-changed"
  | "reply-confirm"
  | "unknown-event"
  | "verify-address"
  | "reconfirm"
  | "reconfirm-released";

/** A link in an email: the action it names (the `links` of the email), its label and its URL. */
export interface Action {
  action: string;
  label: string;
  url: string;
}

/**
 * What the layout reads of the event an email is about: its id, its name (the heading) and its language. The
 * email lane's answer to mail that names no event has none: its id is "" and its heading the subject.
 */
export type DraftEvent = Pick<EventRecord, "eventId" | "name"> & {
  details: Pick<EventRecord["details"], "language" | "accent">;
};

/** What an email says, before it is laid out. */
export interface Draft {
  kind: EmailKind;
  key: string;
  event: DraftEvent;
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
  /** The language of the email's own words (the unsubscribe note, the From name); default the event's. */
  language?: Language;
  /** The From display name; default "EVENT via rsvp" (`mail.via`). */
  fromName?: string;
  /**
   * The main action, drawn as a button; the other actions are plain links. Absent: the first action;
   * null: no button (a host's message, whose point is its text).
   */
  primary?: Action | null;
  /** A short line under the button, saying what else the page it opens offers ("Cancel your seat there"). */
  actionNote?: string;
  /**
   * Draw the other actions as outlined buttons, not plain links: for a question with two answers ("Still
   * coming?": yes or "I can't come"), where the other answer must be as easy to tap (44 px and more).
   */
  answerButtons?: boolean;
  /** Plain links that act on nothing (a map, the online meeting): shown after the actions, not in `links`. */
  extraLinks?: readonly Action[];
  /**
   * The guest's check-in code (docs/door.md): a QR image (an inline attachment named by `cid`) with the short
   * code printed beside it, so it works with images blocked; after the facts, in both parts.
   */
  checkIn?: CheckInBlock;
}

/** The check-in block of a confirmation: its words, the short code and the QR image's Content-ID. */
export interface CheckInBlock {
  /** "Check-in code:" */
  label: string;
  /** "K7QM-2XPA" */
  code: string;
  /** "Show this code at the door. …" */
  note: string;
  alt: string;
  cid: string;
}

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

const isUrl = (value: string) => /^https?:\/\/\S+$/.test(value);

/** The draft's main action and the rest, as the layout draws them. */
function splitActions(d: Draft): { primary: Action | null; secondary: Action[] } {
  const primary = d.primary === undefined ? (d.actions[0] ?? null) : d.primary;
  const secondary = d.actions.filter((a) => a !== primary);
  return { primary, secondary: [...secondary, ...(d.extraLinks ?? [])] };
}

/** The plain-text part: the same content as the HTML, top to bottom, each link on a line of its own. */
function textPart(d: Draft, unsubscribeNote: string): string {
  const { primary, secondary } = splitActions(d);
  const fact = ([label, value]: readonly [string, string]) =>
    isUrl(value) ? `${label}:\n${value}` : `${label}: ${value.replaceAll("\n", "\n  ")}`;
  const link = (a: Action) => [`${a.label}:`, a.url, ""];
  return wrapText(
    [
      ...(d.greeting ? [d.greeting, ""] : []),
      ...d.paragraphs.flatMap((p) => [p, ""]),
      ...(d.facts.length > 0 ? [...d.facts.map(fact), ""] : []),
      ...(d.checkIn ? [`${d.checkIn.label} ${d.checkIn.code}`, d.checkIn.note, ""] : []),
      ...(primary ? link(primary) : []),
      ...(d.actionNote ? [d.actionNote, ""] : []),
      ...secondary.flatMap(link),
      "-- ",
      d.footer,
      ...(d.unsubscribe ? [`${unsubscribeNote}:`, d.unsubscribe.url] : []),
    ].join("\n"),
  );
}

// ——— HTML ———

const font = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
/**
 * Light colours inline; the dark ones in the style block, for clients that honour `prefers-color-scheme`. The
 * accent (`Accent` below) is the event's colour from the pages' own palette (contracts/accent.ts), light and
 * dark, so an email and the page its button opens look like one product.
 */
const colour = {
  page: "#f4f4f5",
  card: "#ffffff",
  text: "#1f2937",
  muted: "#52525b",
  box: "#f4f4f5",
  line: "#e4e4e7",
};

/** The event's accent in both schemes: the colour (buttons, links) and the text on it. */
type Accent = (typeof palette)[keyof typeof palette];

/** The accent an email about `event` wears: the event's colour, indigo when it has none (or no event). */
export const accentOf = (event: DraftEvent): Accent => palette[event.details.accent ?? defaultAccent];

const styleBlock = (a: Accent) => `<style>
:root { color-scheme: light dark; supported-color-schemes: light dark; }
a { color: ${a.light.accent}; }
@media (max-width: 480px) {
  .rs-pad { padding-left: 16px !important; padding-right: 16px !important; }
  .rs-button { width: 100% !important; }
  .rs-button a { display: block !important; text-align: center; }
}
@media (prefers-color-scheme: dark) {
  .rs-page { background: #18181b !important; }
  .rs-card { background: #27272a !important; }
  .rs-text, .rs-text p, .rs-title { color: #f4f4f5 !important; }
  .rs-muted { color: #d4d4d8 !important; }
  .rs-box { background: #3f3f46 !important; }
  .rs-line { border-color: #52525b !important; }
  .rs-text a, .rs-muted a { color: ${a.dark.accent} !important; }
  .rs-text .rs-fill { background: ${a.dark.accent} !important; }
  .rs-text .rs-button a { color: ${a.dark.text} !important; border-color: ${a.dark.accent} !important; }
  .rs-text .rs-outline { border-color: ${a.dark.accent} !important; }
  .rs-text .rs-button-outline a { color: ${a.dark.accent} !important; }
}
</style>`;

const paragraph = (p: string) => `<p>${escapeHtml(p).replaceAll("\n", "<br>\n")}</p>`;

function factsHtml(facts: Draft["facts"], accent: Accent): string {
  if (facts.length === 0) return "";
  const rows = facts
    .map(([label, value]) => {
      const shown = isUrl(value)
        ? `<a href="${escapeHtml(value)}" style="color:${accent.light.accent};word-break:break-all">${escapeHtml(value)}</a>`
        : escapeHtml(value).replaceAll("\n", "<br>");
      return `<tr><th align="left" valign="top" class="rs-muted" style="padding:4px 12px 4px 0;font-weight:600;font-size:14px;color:${colour.muted};width:96px">${escapeHtml(label)}</th><td valign="top" class="rs-text" style="padding:4px 0;font-size:16px;color:${colour.text}">${shown}</td></tr>`;
    })
    .join("\n");
  return `<tr><td class="rs-pad" style="padding:8px 32px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" class="rs-box" style="background:${colour.box};border-radius:8px">
<tr><td style="padding:12px 16px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="font-family:${font};line-height:1.4">
${rows}
</table>
</td></tr>
</table>
</td></tr>`;
}

/**
 * The check-in code: the QR (white around it in every scheme, so it scans in a client's dark mode too) and the
 * short code as text beside it, which is what shows when images are blocked.
 */
function checkInHtml(c: CheckInBlock | undefined): string {
  if (!c) return "";
  return `<tr><td class="rs-pad" style="padding:8px 32px">
<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="font-family:${font}">
<tr><td valign="middle" bgcolor="#ffffff" style="padding:0;background:#ffffff"><img src="cid:${escapeHtml(c.cid)}" width="160" height="160" alt="${escapeHtml(c.alt)}" style="display:block;width:160px;height:160px;border:0"></td>
<td width="16" style="width:16px;font-size:0;line-height:0">&nbsp;</td>
<td valign="middle" class="rs-text" style="font-size:16px;line-height:1.5;color:${colour.text}"><p style="margin:0 0 4px">${escapeHtml(c.label)} <strong style="font-family:ui-monospace,Menlo,Consolas,monospace;font-size:20px;letter-spacing:1px">${escapeHtml(c.code)}</strong></p>
<p class="rs-muted" style="margin:0;font-size:14px;color:${colour.muted}">${escapeHtml(c.note)}</p></td></tr>
</table>
</td></tr>`;
}

/**
 * The bulletproof button: the cell carries the colour, so clients that ignore padding on links still show it.
 * `outline`, the other answer's button: outlined in the accent colour, on the card's own background, the same
 * size as the main one (12 + 20 + 12 px and a 2 px border: 48 px to tap), so it reads as the second choice.
 */
function buttonHtml(a: Action, accent: Accent, outline = false): string {
  const { accent: fill, text: onFill } = accent.light;
  const cell = outline
    ? `class="rs-outline" style="border-radius:6px;border:2px solid ${fill}"`
    : `bgcolor="${fill}" class="rs-fill" style="border-radius:6px;background:${fill}"`;
  const text = outline
    ? `color:${fill};text-decoration:none;border-radius:6px`
    : `color:${onFill};text-decoration:none;border-radius:6px;border:1px solid ${fill}`;
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" class="rs-button${outline ? " rs-button-outline" : ""}" style="margin:8px 0">
<tr><td align="center" ${cell}>
<a href="${escapeHtml(a.url)}" target="_blank" style="display:inline-block;padding:12px 24px;font-family:${font};font-size:16px;font-weight:bold;line-height:20px;${text}">${escapeHtml(a.label)}</a>
</td></tr>
</table>`;
}

function actionsHtml(d: Draft, accent: Accent): string {
  const { primary, secondary } = splitActions(d);
  const parts = [
    primary ? buttonHtml(primary, accent) : "",
    d.actionNote
      ? `<p class="rs-muted" style="margin:8px 0;font-size:14px;color:${colour.muted}">${escapeHtml(d.actionNote)}</p>`
      : "",
    ...secondary.map((a) =>
      d.answerButtons && d.actions.includes(a)
        ? buttonHtml(a, accent, true)
        : `<p style="margin:8px 0"><a href="${escapeHtml(a.url)}" style="color:${accent.light.accent}">${escapeHtml(a.label)}</a></p>`,
    ),
  ].filter((part) => part !== "");
  if (parts.length === 0) return "";
  return `<tr><td class="rs-pad rs-text" style="padding:8px 32px 16px;font-family:${font};font-size:16px;line-height:1.5;color:${colour.text}">
${parts.join("\n")}
</td></tr>`;
}

function htmlPart(d: Draft, subject: string, language: Language, unsubscribeNote: string): string {
  const preview = d.paragraphs[0] ?? "";
  const accent = accentOf(d.event);
  const body = [d.greeting ? paragraph(d.greeting) : "", ...d.paragraphs.map(paragraph)]
    .filter((part) => part !== "")
    .join("\n");
  const unsubscribe = d.unsubscribe
    ? `<br>\n${escapeHtml(unsubscribeNote)}: <a href="${escapeHtml(d.unsubscribe.url)}">${escapeHtml(d.unsubscribe.label)}</a>`
    : "";
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<title>${escapeHtml(subject)}</title>
${styleBlock(accent)}
</head>
<body class="rs-page" style="margin:0;padding:0;background:${colour.page}">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all">${escapeHtml(preview)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" class="rs-page" style="background:${colour.page}">
<tr><td align="center" style="padding:24px 8px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" class="rs-card" style="max-width:600px;background:${colour.card};border-radius:12px">
<tr><td class="rs-pad" style="padding:32px 32px 8px;font-family:${font}">
<h1 class="rs-title" style="margin:0;font-size:24px;line-height:1.25;font-weight:bold;color:${colour.text}">${escapeHtml(d.event.name)}</h1>
</td></tr>
<tr><td class="rs-pad rs-text" style="padding:8px 32px;font-family:${font};font-size:16px;line-height:1.5;color:${colour.text}">
${body}
</td></tr>
${[factsHtml(d.facts, accent), checkInHtml(d.checkIn), actionsHtml(d, accent)].filter((part) => part !== "").join("\n")}
<tr><td class="rs-pad" style="padding:0 32px 32px">
<p class="rs-muted rs-line" style="margin:16px 0 0;padding-top:16px;border-top:1px solid ${colour.line};font-family:${font};font-size:13px;line-height:1.5;color:${colour.muted}">${escapeHtml(d.footer)}${unsubscribe}</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

/** The email a draft lays out: text and HTML bodies, headers, and its links by action. */
export function compose(d: Draft): OutgoingEmail {
  const language = d.language ?? d.event.details.language;
  const t = translator(language);
  const subject = headerText(d.subject);
  const unsubscribeNote = t("mail.common.unsubscribeNote");
  return {
    key: d.key,
    eventId: d.event.eventId,
    guestId: d.guestId,
    to: headerText(d.to, 254),
    fromName: headerText(d.fromName ?? t("mail.via", { name: d.event.name }), 120),
    subject,
    text: textPart(d, unsubscribeNote),
    html: htmlPart(d, subject, language, unsubscribeNote),
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
