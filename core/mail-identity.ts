import { createHash } from "node:crypto";
import { hasControlCharacter, Id } from "../contracts/common.ts";
import type { OutgoingEmail } from "./ports.ts";

/**
 * How the mail rsvp sends names its event, so a reply finds its way back to it: the reply address
 * `rsvp+EVENTID@inbound-domain` (the invite's Reply-To) and the Message-ID `<hash.EVENTID.rsvp@domain>`,
 * which a reply quotes in In-Reply-To / References. Neither is a secret: the event id is in every
 * register link anyway. Both are read back by the inbound-mail parser (producers/email).
 */

/** The local part of the RSVP address unless configured otherwise. */
const defaultRsvpLocalPart = "rsvp";

/** Where replies go: the inbound domain and the local part before the `+EVENTID` tag. */
export interface RsvpAddressConfig {
  /** The domain inbound mail is received for, e.g. `rsvp.example.org`. */
  domain: string;
  /** `rsvp` unless configured otherwise. */
  localPart?: string;
}

/** The reply address of one event: `rsvp+EVENTID@domain`. */
export function rsvpReplyAddress(eventId: string, config: RsvpAddressConfig): string {
  return `${config.localPart ?? defaultRsvpLocalPart}+${eventId}@${config.domain}`;
}

/**
 * What an address means to the RSVP mailbox: not ours (null), the plain address (`rsvp@domain`, no event), or
 * an event's reply address (`rsvp+EVENTID@domain`). The local part and the domain compare case-insensitively
 * (mail systems change their case); the event tag is kept as written, because event ids are case-sensitive
 * (the email-reply lane tries it as written, then lowercased: new ids are minted in lowercase).
 */
export function parseRsvpAddress(
  address: string,
  config: RsvpAddressConfig,
): { eventId: string | null } | null {
  const at = address.lastIndexOf("@");
  if (at <= 0) return null;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1).replace(/\.$/, "");
  if (domain.toLowerCase() !== config.domain.toLowerCase()) return null;
  const base = (config.localPart ?? defaultRsvpLocalPart).toLowerCase();
  if (local.toLowerCase() === base) return { eventId: null };
  if (!local.toLowerCase().startsWith(`${base}+`)) return null;
  const tag = local.slice(base.length + 1);
  return Id.safeParse(tag).success ? { eventId: tag } : null;
}

/**
 * The Message-ID of an email rsvp sends: a hash of its idempotency key (a retry carries the same id, so a
 * receiving system recognises the duplicate) and the event it belongs to (so a reply's In-Reply-To names it).
 */
export function outgoingMessageId(key: string, eventId: string, domain: string): string {
  const hash = createHash("sha256").update(key).digest("base64url").slice(0, 32);
  // An email about no event (none is sent today) keeps the older form without the event part.
  return Id.safeParse(eventId).success ? `<${hash}.${eventId}.rsvp@${domain}>` : `<${hash}.rsvp@${domain}>`;
}

/** The event named by a Message-ID rsvp minted (see `outgoingMessageId`), else null. */
export function eventIdOfMessageId(messageId: string): string | null {
  const match = /^<?[A-Za-z0-9_-]{32}\.([A-Za-z0-9_-]{1,64})\.rsvp@[^<>\s]+>?$/.exec(messageId.trim());
  return match?.[1] ?? null;
}

/** The domain of a From such as `Name <a@b.org>` or `a@b.org`: where our Message-IDs are minted. */
export function senderDomain(from: string): string {
  return /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? "localhost";
}

/**
 * Whether an email has a control character in a header (recipient, subject or any extra header). The messages
 * module keeps header values on one line; every mailer checks again before anything leaves.
 */
export function hasUnsafeHeader(
  email: Pick<OutgoingEmail, "to" | "subject" | "headers" | "fromName">,
): boolean {
  return [email.to, email.subject, email.fromName ?? "", ...Object.entries(email.headers).flat()].some(
    hasControlCharacter,
  );
}

/** A configured From split into its display name and address: `Name <a@b.org>` or `a@b.org`. */
export function parseSender(from: string): { name: string; address: string } {
  const match = /^\s*(.*?)\s*<([^<>\s]+)>\s*$/.exec(from);
  if (!match) return { name: "", address: from.trim() };
  return { name: match[1]!.replace(/^"(.*)"$/, "$1").replace(/\\(.)/g, "$1"), address: match[2]! };
}

/**
 * The From header of one email: the configured sender's address under the email's own display name
 * ("Ana's Winter Party via rsvp"), or the configured From as it is when the email names none. The name is a
 * quoted string when it is plain ASCII, else RFC 2047 encoded words (each at most 75 characters), which both
 * SMTP and SES's FromEmailAddress accept.
 */
export function fromHeader(configured: string, displayName: string | undefined): string {
  const name = displayName?.replace(/[\p{Cc}\u2028\u2029]+/gu, " ").trim();
  if (!name) return configured;
  const { address } = parseSender(configured);
  // Printable ASCII is what a quoted string may hold.
  if (/^[\x20-\x7e]*$/.test(name)) return `"${name.replace(/["\\]/g, "\\$&")}" <${address}>`;
  const words: string[] = [];
  let chunk = "";
  for (const char of name) {
    // 45 bytes of UTF-8 are 60 characters of base64: with "=?UTF-8?B?" and "?=" a word stays under 75.
    if (Buffer.byteLength(chunk + char) > 45) {
      words.push(chunk);
      chunk = "";
    }
    chunk += char;
  }
  words.push(chunk);
  return `${words.map((w) => `=?UTF-8?B?${Buffer.from(w, "utf8").toString("base64")}?=`).join(" ")} <${address}>`;
}
