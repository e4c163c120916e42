/**
 * The email-reply lane's parser: one raw message in, one decision out — register the sender, cancel them, or
 * drop the message and say why. Both runtimes use it: the embedded SMTP listener and the S3 object SES writes.
 * Pure apart from parsing: no store, no clock (the caller passes `now`), no mail sent; expected outcomes
 * (a bounce, an auto-reply, an unknown event) are values.
 *
 * No model reads the message. A reply to the RSVP address is the intent ("yes"); the body is only scanned for
 * a clear cancellation, and a calendar reply says accept or decline itself.
 */
import { createHash } from "node:crypto";
import { type AddressObject, type ParsedMail, simpleParser } from "mailparser";
import { EmailAddress, emailKey, GuestName } from "../../contracts/common.ts";
import { eventIdOfMessageId, parseRsvpAddress, type RsvpAddressConfig } from "../../core/mail-identity.ts";
import type { OutgoingEmail } from "../../core/ports.ts";
import { escapeHtml, headerText } from "../../streams/messages.ts";
import { declinedSubject, findCancellation, htmlToText, newText } from "./reply-text.ts";

/** Why a message registers or cancels nobody. */
export type DropReason =
  /** A delivery status notification (multipart/report, MAILER-DAEMON, a null return path). */
  | "bounce"
  /** An auto-reply: out of office, vacation, autoresponder. */
  | "auto-reply"
  /** A read receipt (multipart/report of disposition notifications). */
  | "read-receipt"
  /** Distributed by a mailing list (List-Id, Precedence: list). */
  | "mailing-list"
  /** Bulk mail (Precedence: bulk or junk): not a person writing to us. */
  | "bulk"
  | "spam"
  | "virus"
  /** Our own email came back (it carries our X-Rsvp-Kind, or its sender is the RSVP address). */
  | "loop"
  /** No single, valid From address. */
  | "no-sender"
  /** An address the guest list cannot hold (an internationalised local part, RFC 6532). */
  | "unsupported-address"
  /** The message names no event, or one that does not exist. */
  | "unknown-event"
  /** A cancellation from an address that is not on the event's guest list. */
  | "not-a-guest"
  /** Not parseable as a message at all. */
  | "unreadable";

/** Who a message is from, when it has a usable sender. */
interface Sender {
  email: string;
  name: string;
}

interface DecisionBase {
  /**
   * The message's identity: its Message-ID, or a hash of its bytes when it has none. A redelivered message
   * has the same identity, so the command it becomes has the same id and is applied once.
   */
  messageId: string;
  /** The message's subject (decoded), for logs and the answer to an unknown event. */
  subject: string;
  /** What the decision rests on, for logs and `rsvp mail parse` (the cancelling phrase, the header seen). */
  detail: string | null;
}

/** Register the sender (an invited guest confirms their invitation). */
export interface RegisterDecision extends DecisionBase, Sender {
  action: "register";
  eventId: string;
  reason: "reply" | "calendar-accepted";
}

/** Cancel the sender's place (their seat, offer, waitlist place or invitation). */
export interface CancelDecision extends DecisionBase, Sender {
  action: "cancel";
  eventId: string;
  reason: "cancellation" | "calendar-declined";
}

/** Nothing to apply. `email`/`name` say who it was from when known (for logs); never a guest to act on. */
export interface DropDecision extends DecisionBase {
  action: "drop";
  email: string | null;
  name: string | null;
  eventId: string | null;
  reason: DropReason;
  /**
   * The polite answer to a person whose message named no known event; the caller sends it through the
   * Mailer. Null for everything else: bounces, auto-replies, lists and spam are never answered (an answer to
   * an autoresponder starts a loop, an answer to spam mails whoever it forged).
   */
  autoReply: OutgoingEmail | null;
}

export type ReplyDecision = RegisterDecision | CancelDecision | DropDecision;

/** What SES receipt says of a message (its X-SES-*-Verdict headers say the same in the stored message). */
export interface SesVerdicts {
  spam?: string;
  virus?: string;
}

export interface InboundMailOptions {
  /** The RSVP mailbox: `rsvp@domain` and `rsvp+EVENTID@domain`. Null: no address names an event. */
  rsvp?: RsvpAddressConfig | null;
  /**
   * The event of a Message-ID we sent, for In-Reply-To/References. rsvp's own Message-IDs name their event
   * (see core/mail-identity) and are read without it; this is for ids minted elsewhere (SES assigns its own).
   */
  knownMessageIds?: (messageId: string) => string | null;
  /** The event to assume when the message names none (`rsvp mail parse --event`). */
  defaultEventId?: string;
  sesVerdicts?: SesVerdicts;
  /** The SMTP envelope, when the message came over SMTP: RCPT TO names the event most reliably. */
  envelope?: { mailFrom?: string | null; rcptTo?: readonly string[] };
  /** Now, for the auto-reply's key (one answer per sender and day). */
  now?: Date;
}

// ——— reading headers ———

/** Every value of a header (all occurrences, unfolded), as written. */
function headerValues(mail: ParsedMail, name: string): string[] {
  const key = name.toLowerCase();
  return mail.headerLines
    .filter((h) => h.key === key)
    .map((h) =>
      h.line
        .slice(h.line.indexOf(":") + 1)
        .replace(/\r?\n[ \t]+/g, " ")
        .trim(),
    );
}

const has = (mail: ParsedMail, name: string) => headerValues(mail, name).length > 0;

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return list.flatMap((a) =>
    a.value.flatMap((v) => [v.address ?? "", ...(v.group ?? []).map((g) => g.address ?? "")]),
  );
}

/** The addresses in a free-form header value such as Delivered-To. */
function addressesIn(value: string): string[] {
  return value.match(/[^\s<>"',;:()[\]]+@[^\s<>"',;:()[\]]+/g) ?? [];
}

function messageIds(value: string): string[] {
  return value.match(/<[^<>\s]+>/g) ?? [];
}

// ——— not a person ———

const bounceSenders = /^(mailer-daemon|mail-daemon|mailerdaemon|postmaster|mail\.delivery\.subsystem)$/i;
const bounceSubjects =
  /^\s*(undeliverable|undelivered mail|delivery status notification|delivery failure|mail delivery failed|returned mail|failure notice|unzustellbar|non remis|no se puede entregar|non recapitabile|onbestelbaar)/i;

/**
 * Auto-reply subjects in several languages: Outlook's "Automatic reply:", out-of-office and vacation notices,
 * autoresponders. A word that would also fit a person's own subject ("Vacation party") counts only as the
 * whole notice at the start.
 */
const autoReplySubjects = [
  /automatic reply|\bauto[- ]?reply|\bauto[- ]?respon|out of (the )?office|away from (the |my )?(office|desk)|\booo\b/i,
  /abwesenheitsnotiz|automatische antwort|réponse automatique|absence du bureau|absent du bureau/i,
  /respuesta automática|respuesta automatica|fuera de la oficina|risposta automatica|fuori sede|fuori ufficio/i,
  /automatisch antwoord|resposta automática|autosvar|automatiskt svar|自动回复|自動回覆|自動応答|自動返信|автоответ/i,
  // A notice word alone, then only a separator or the end: "Vacation: …", "Urlaub bis 3.8.", "Ausente".
  /^\s*(vacation|on vacation|away|im urlaub|urlaub|abwesend|en vacances|en congés?|de vacaciones|ausente|afwezig)\s*($|[:\-–(]|until|bis|jusqu|hasta|tot)/i,
];

/** Headers autoresponders add besides Auto-Submitted (Exchange's X-Auto-Response-Suppress among them). */
const autoReplyHeaders = [
  "x-auto-response-suppress",
  "x-autoreply",
  "x-autorespond",
  "x-autoreply-from",
  "x-mail-autoreply",
  "x-autogenerated",
  "x-fc-machinegenerated",
];

type Verdict = { reason: DropReason; detail: string };

/**
 * Why a message is not a person writing to us, or null. Spam and virus verdicts come first (SES's or any
 * filter's: a forged header can only make us drop the forger's own message, since only FAIL/YES is acted on).
 */
function notAPerson(mail: ParsedMail, from: string | null, options: InboundMailOptions): Verdict | null {
  const ses = (header: string, given: string | undefined) =>
    [...headerValues(mail, header), given ?? ""].some((v) => v.trim().toUpperCase() === "FAIL");
  if (ses("x-ses-virus-verdict", options.sesVerdicts?.virus))
    return { reason: "virus", detail: "SES virus verdict FAIL" };
  if (ses("x-ses-spam-verdict", options.sesVerdicts?.spam))
    return { reason: "spam", detail: "SES spam verdict FAIL" };
  if (
    headerValues(mail, "x-spam-flag").some((v) => /^yes\b/i.test(v)) ||
    headerValues(mail, "x-spam-status").some((v) => /^yes\b/i.test(v))
  )
    return { reason: "spam", detail: "the receiving server's spam filter flagged it" };
  // Mail clients, webmail and submission servers always write a Message-ID, and MIME-Version with the MIME
  // headers; bulk-mailing scripts often leave both out (SpamAssassin's MISSING_MID, MIME_HEADER_CTYPE_ONLY).
  if (!has(mail, "message-id") && !has(mail, "mime-version") && has(mail, "content-type"))
    return { reason: "spam", detail: "machine-made: MIME headers without MIME-Version, and no Message-ID" };

  const contentType = mail.headers.get("content-type") as { value?: string; params?: Record<string, string> };
  const type = String(contentType?.value ?? "").toLowerCase();
  if (type === "multipart/report") {
    const report = String(contentType.params?.["report-type"] ?? "").toLowerCase();
    return report === "disposition-notification"
      ? { reason: "read-receipt", detail: "multipart/report; report-type=disposition-notification" }
      : { reason: "bounce", detail: `multipart/report; report-type=${report || "?"}` };
  }
  if (type === "message/delivery-status") return { reason: "bounce", detail: "message/delivery-status" };
  const local = from?.slice(0, from.lastIndexOf("@")) ?? "";
  if (bounceSenders.test(local)) return { reason: "bounce", detail: `sent by ${from}` };
  if (has(mail, "x-failed-recipients")) return { reason: "bounce", detail: "X-Failed-Recipients" };
  const subject = mail.subject ?? "";
  if (bounceSubjects.test(subject)) return { reason: "bounce", detail: `subject "${subject}"` };

  const autoSubmitted = headerValues(mail, "auto-submitted").find((v) => !/^no\b/i.test(v));
  if (autoSubmitted !== undefined)
    return { reason: "auto-reply", detail: `Auto-Submitted: ${autoSubmitted}` };
  const autoHeader = autoReplyHeaders.find((h) => has(mail, h));
  if (autoHeader) return { reason: "auto-reply", detail: `${autoHeader} header` };
  if (autoReplySubjects.some((s) => s.test(subject)))
    return { reason: "auto-reply", detail: `subject "${subject}"` };

  // The null sender (<>) is how DSNs and RFC 3834 responders mark mail that must not be answered.
  const nullEnvelope = options.envelope !== undefined && options.envelope.mailFrom === null;
  if (nullEnvelope || headerValues(mail, "return-path").some((v) => /^<\s*>$/.test(v)))
    return { reason: "bounce", detail: "null return path <>" };

  if (has(mail, "list-id") || has(mail, "list-post"))
    return { reason: "mailing-list", detail: "List-Id / List-Post" };
  const precedence = headerValues(mail, "precedence").map((v) => v.toLowerCase());
  if (precedence.includes("list")) return { reason: "mailing-list", detail: "Precedence: list" };
  const bulk = precedence.find((v) => v === "bulk" || v === "junk");
  if (bulk) return { reason: "bulk", detail: `Precedence: ${bulk}` };
  if (has(mail, "list-unsubscribe")) return { reason: "bulk", detail: "List-Unsubscribe" };

  if (has(mail, "x-rsvp-kind")) return { reason: "loop", detail: "an email rsvp sent" };
  return null;
}

// ——— who ———

/** A name made safe for the guest list: one line, trimmed, at most 200 UTF-16 units, no split surrogate. */
function cleanName(name: string): string {
  let s = name
    .replace(/[\p{Cc}\u2028\u2029]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^["']+|["']+$/g, "")
    .trim();
  if (s.length > 200) {
    s = s.slice(0, 200);
    if (/[\ud800-\udbff]$/.test(s)) s = s.slice(0, -1);
  }
  return s;
}

const looksLikeAddress = (s: string) => /^<?[^\s@<>]+@[^\s@<>]+>?$/.test(s);

/**
 * The guest's name from the From display name. An address used as a display name (`alice@example.com
 * <bob@example.com>`) is not a name (and naming Bob "alice@…" would mislead the host), nor is a missing one:
 * then the local part of the actual address stands in, as in the import lane.
 */
function guestName(displayName: string, address: string): string {
  const local = address.slice(0, address.lastIndexOf("@"));
  const name = cleanName(displayName);
  if (name === "" || looksLikeAddress(name) || !GuestName.safeParse(name).success)
    return cleanName(local) || local;
  return name;
}

/** The raw bytes of the first From header (unfolded), or null. */
function rawFromHeader(raw: Buffer): Buffer | null {
  const text = raw.toString("latin1");
  const end = text.search(/\r?\n\r?\n/);
  const head = end < 0 ? text : text.slice(0, end);
  const match = /^from:((?:[^\r\n]*)(?:\r?\n[ \t][^\r\n]*)*)/im.exec(head);
  return match ? Buffer.from(match[1]!.replace(/\r?\n(?=[ \t])/g, ""), "latin1") : null;
}

/**
 * A display name written as raw 8-bit bytes that are not UTF-8 (old clients wrote Latin-1 unencoded:
 * "Ingo L\xfctkebohle"). The parser decodes raw header bytes as UTF-8, which turns them into U+FFFD; read as
 * Windows-1252, what such clients used, they give the name back.
 */
async function latin1Name(raw: Buffer): Promise<string | null> {
  const bytes = rawFromHeader(raw);
  if (!bytes) return null;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return null; // valid UTF-8: the parser read it right (RFC 6532)
  } catch {
    const decoded = new TextDecoder("windows-1252").decode(bytes);
    try {
      const reparsed = await simpleParser(Buffer.from(`From: ${decoded}\r\n\r\n`, "utf8"));
      return reparsed.from?.value[0]?.name ?? null;
    } catch {
      return null;
    }
  }
}

/**
 * The sender: the one From mailbox. Never Reply-To, Sender, or any address inside the message (a forwarded
 * or attached message, a bounce's quoted original): mailing lists set Reply-To to the list and autoresponders
 * to someone else (both fixtures of ours do), anyone can write any Reply-To, and From is the address the
 * sender's domain vouches for (DMARC aligns From, not Reply-To). Registering a Reply-To would let one person
 * sign up another.
 */
async function senderOf(
  mail: ParsedMail,
  raw: Buffer,
): Promise<
  | { ok: true; email: string; name: string }
  | { ok: false; address: string | null; name: string | null; detail: string }
> {
  // Two From fields are malformed, and a trick: checks that read the first (DMARC) and a parser that keeps
  // the last would disagree about who sent it.
  if (headerValues(mail, "from").length > 1)
    return { ok: false, address: null, name: null, detail: "several From header fields" };
  const mailboxes = (mail.from?.value ?? []).filter((v) => v.address && !v.group);
  if (mailboxes.length !== 1)
    return {
      ok: false,
      address: null,
      name: null,
      detail: mailboxes.length === 0 ? "no From address" : "several From addresses",
    };
  const mailbox = mailboxes[0]!;
  const address = mailbox.address!.trim();
  let display = mailbox.name ?? "";
  if (display.includes("\ufffd")) display = (await latin1Name(raw)) ?? display.replaceAll("\ufffd", "");
  const parsed = EmailAddress.safeParse(address);
  if (!parsed.success) {
    const ascii = /^[\x21-\x7e]*$/.test(address);
    return {
      ok: false,
      address,
      name: cleanName(display) || null,
      detail: ascii ? "not a valid address" : "an internationalised address",
    };
  }
  return { ok: true, email: parsed.data, name: guestName(display, parsed.data) };
}

// ——— which event ———

/**
 * The event a message is about, most reliable first: the RSVP address it was delivered to (SMTP envelope),
 * the RSVP address in To/Cc/Delivered-To (a reply to the invite goes to its Reply-To, `rsvp+EVENTID@…`), a
 * Message-ID of ours in In-Reply-To/References, a calendar reply's UID, then the default.
 */
function eventOf(
  mail: ParsedMail,
  calendarUid: string | null,
  options: InboundMailOptions,
): { eventId: string; via: string } | null {
  const rsvp = options.rsvp;
  if (rsvp) {
    const headerAddresses = [
      ...addresses(mail.to),
      ...addresses(mail.cc),
      ...["delivered-to", "x-original-to", "envelope-to"].flatMap((h) =>
        headerValues(mail, h).flatMap(addressesIn),
      ),
    ];
    for (const [via, list] of [
      ["envelope", options.envelope?.rcptTo ?? []],
      ["address", headerAddresses],
    ] as const) {
      for (const address of list) {
        const eventId = parseRsvpAddress(address, rsvp)?.eventId;
        if (eventId) return { eventId, via: `${via} ${address}` };
      }
    }
  }
  const references = [
    ...headerValues(mail, "in-reply-to").flatMap(messageIds),
    ...headerValues(mail, "references").flatMap(messageIds).reverse(),
  ];
  for (const id of references) {
    const eventId = options.knownMessageIds?.(id) ?? eventIdOfMessageId(id);
    if (eventId) return { eventId, via: `reply to ${id}` };
  }
  // Our calendar entries' UIDs are EVENTID.GUESTID@rsvp.
  const uidEvent = calendarUid
    ? /^([A-Za-z0-9_-]{1,64})\.[A-Za-z0-9_-]{1,64}@rsvp$/.exec(calendarUid)?.[1]
    : null;
  if (uidEvent) return { eventId: uidEvent, via: `calendar UID ${calendarUid}` };
  if (options.defaultEventId) return { eventId: options.defaultEventId, via: "default event" };
  return null;
}

// ——— intent ———

interface CalendarReply {
  partstat: string;
  uid: string | null;
}

/** A calendar reply (METHOD:REPLY) in the message: the sender's PARTSTAT (ACCEPTED, DECLINED, TENTATIVE). */
function calendarReply(mail: ParsedMail, sender: string | null): CalendarReply | null {
  for (const part of mail.attachments) {
    if (!/^text\/calendar/i.test(part.contentType)) continue;
    const ics = part.content.toString("utf8").replace(/\r?\n[ \t]/g, "");
    if (!/^METHOD:REPLY\s*$/im.test(ics)) continue;
    const attendees = [...ics.matchAll(/^ATTENDEE([^:\r\n]*):(?:mailto:)?([^\r\n]*)$/gim)].map((m) => ({
      params: m[1]!,
      address: m[2]!.trim(),
    }));
    const attendee =
      attendees.find((a) => sender !== null && emailKey(a.address) === emailKey(sender)) ?? attendees[0];
    const partstat = attendee ? /;PARTSTAT=([A-Z-]+)/i.exec(attendee.params)?.[1] : undefined;
    if (!partstat) continue;
    const uid = /^UID:(.*)$/im.exec(ics)?.[1]?.trim() ?? null;
    return { partstat: partstat.toUpperCase(), uid };
  }
  return null;
}

const replyPrefix = /^\s*(re|aw|antw|sv|vs|r|rif|fw|fwd|wg|tr|rv|enc|odp|回复|答复|返信)\s*(\[\d+\])?\s*:/i;

/**
 * What the person wrote. The text/plain part when it has any text: it is what the client says the message
 * is (Outlook's Word HTML may even say something else). The HTML, made text, only when there is no plain text.
 */
function writtenText(mail: ParsedMail): string {
  const plain = mail.text ?? "";
  if (plain.trim() !== "") return newText(plain);
  return typeof mail.html === "string" ? newText(htmlToText(mail.html)) : "";
}

// ——— the polite answer ———

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
    subject: headerText(replyPrefix.test(subject) ? subject : `Re: ${subject}`),
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

// ——— the decision ———

/**
 * Clients such as Thunderbird send text as format=flowed, and the MIME parser joins a quoted line that ends
 * in a space with the next, unquoted one ("> Hi " + "Hello" → "> Hi Hello"), so a bottom-posted answer would
 * vanish with the quote. Read as fixed lines instead: quotes are cut per line, and the cancellation scan
 * treats every run of white space (soft line breaks among them) as one space anyway.
 */
function withoutFlowed(raw: Buffer): Buffer {
  const text = raw.toString("latin1");
  const fixed = text.replace(/^content-type:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/gim, (header) =>
    header.replace(/format\s*=\s*"?flowed"?/gi, "format=fixed"),
  );
  return fixed === text ? raw : Buffer.from(fixed, "latin1");
}

/**
 * Decides what one raw message means: register or cancel its sender for an event, or drop it with a reason.
 * Never throws for any input: a message that cannot be read is dropped as `unreadable`.
 */
export async function decideReply(
  raw: Buffer | string,
  options: InboundMailOptions = {},
): Promise<ReplyDecision> {
  const bytes = typeof raw === "string" ? Buffer.from(raw, "utf8") : raw;
  let mail: ParsedMail;
  try {
    mail = await simpleParser(withoutFlowed(bytes), {
      skipTextToHtml: true,
      skipImageLinks: true,
      skipTextLinks: true,
    });
  } catch (error) {
    return {
      action: "drop",
      email: null,
      name: null,
      eventId: null,
      reason: "unreadable",
      messageId: `sha256:${hash(bytes)}`,
      subject: "",
      detail: String((error as Error)?.message ?? error).slice(0, 200),
      autoReply: null,
    };
  }
  const ownId = messageIds(headerValues(mail, "message-id")[0] ?? "")[0];
  const messageId = ownId ?? `sha256:${hash(bytes)}`;
  const subject = mail.subject ?? "";
  const sender = await senderOf(mail, bytes);
  const fromAddress = sender.ok ? sender.email : sender.address;
  const calendar = calendarReply(mail, fromAddress);
  // Which event, also for drops: `rsvp mail parse` and the logs say which event a bounce was about.
  const event = eventOf(mail, calendar?.uid ?? null, options);
  const drop = (reason: DropReason, detail: string): DropDecision => ({
    action: "drop",
    email: sender.ok ? sender.email : sender.address,
    name: sender.name,
    eventId: event?.eventId ?? null,
    reason,
    messageId,
    subject,
    detail,
    autoReply: null,
  });

  // Not a person first, before anything the message says is believed.
  const machine = notAPerson(mail, fromAddress, options);
  if (machine) return drop(machine.reason, machine.detail);
  if (!sender.ok)
    return drop(
      sender.detail === "an internationalised address" ? "unsupported-address" : "no-sender",
      sender.detail,
    );
  if (options.rsvp && parseRsvpAddress(sender.email, options.rsvp))
    return drop("loop", `sent from the RSVP address ${sender.email}`);

  if (!event) {
    return {
      ...drop("unknown-event", "the message names no event"),
      autoReply: unknownEventReply({
        to: sender.email,
        name: sender.name,
        subject,
        inReplyTo: ownId ?? null,
        claimedEventId: null,
        identity: messageId,
        now: options.now,
      }),
    };
  }

  const who = { email: sender.email, name: sender.name, eventId: event.eventId, messageId, subject };
  if (calendar && calendar.partstat === "DECLINED")
    return {
      action: "cancel",
      ...who,
      reason: "calendar-declined",
      detail: `PARTSTAT=DECLINED (${event.via})`,
    };
  if (calendar && (calendar.partstat === "ACCEPTED" || calendar.partstat === "TENTATIVE"))
    return {
      action: "register",
      ...who,
      reason: "calendar-accepted",
      detail: `PARTSTAT=${calendar.partstat} (${event.via})`,
    };

  const declined = declinedSubject(subject);
  if (declined) return { action: "cancel", ...who, reason: "cancellation", detail: `subject "${declined}:"` };
  // A subject the person wrote themselves may say it ("Can't make it"); a reply's subject is ours.
  const phrase =
    findCancellation(writtenText(mail)) ?? (replyPrefix.test(subject) ? null : findCancellation(subject));
  if (phrase)
    return { action: "cancel", ...who, reason: "cancellation", detail: `"${phrase}" (${event.via})` };
  return { action: "register", ...who, reason: "reply", detail: event.via };
}
