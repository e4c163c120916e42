import { createHash } from "node:crypto";
import { hasControlCharacter, Id } from "../contracts/common.ts";
import type { Keyring } from "../contracts/link.ts";
import { looksLikeReplyToken, type ReplyClaims, signReplyToken } from "./link-token.ts";
import type { OutgoingEmail } from "./mail-ports.ts";

/**
 * How the mail rsvp sends names its event and guest, so a reply finds its way back: the event's address
 * `rsvp+EVENTID@inbound-domain`, a guest's signed reply address `rsvp+EVENTID.GUESTID.TAG@inbound-domain`
 * (the Reply-To of every guest email), and the Message-ID `<hash.EVENTID.rsvp@domain>` (`.host.rsvp@` for
 * the host's own words), which a reply quotes in In-Reply-To / References. The event's address and the
 * Message-ID are no secret (the event id is in every register link anyway) and never authorise anything; the
 * signed address is a capability like a signed link: only a reply to it may act for its guest
 * (docs/email-trust.md). All are read back by the inbound-mail parser (producers/email).
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

/** The longest local part an address may have (RFC 5321 §4.5.3.1.1). */
export const maxLocalPartLength = 64;

/**
 * The signed reply address of one guest (`rsvp+EVENTID.GUESTID.TAG@domain`, see core/link-token's
 * `signReplyToken`): only a reply to it may act for that guest. Null when it would not fit in a local part
 * (an event or guest id much longer than rsvp mints, or a long configured local part): the caller then
 * uses the event's address, whose replies only ever get a confirmation link.
 */
export function guestReplyAddress(
  claims: ReplyClaims,
  keyring: Keyring,
  config: RsvpAddressConfig,
): string | null {
  const local = `${config.localPart ?? defaultRsvpLocalPart}+${signReplyToken(claims, keyring)}`;
  return local.length <= maxLocalPartLength ? `${local}@${config.domain}` : null;
}

/** What an address of the RSVP mailbox names: an event (or none), and the reply token of a per-guest address. */
export interface RsvpAddress {
  eventId: string | null;
  /** The tag of a per-guest reply address, unverified: the lane checks it against the keyring. */
  replyToken?: string;
}

/**
 * What an address means to the RSVP mailbox: not ours (null), the plain address (`rsvp@domain`, no event),
 * an event's reply address (`rsvp+EVENTID@domain`) or a guest's (`rsvp+EVENTID.GUESTID.TAG@domain`). The
 * local part and the domain compare case-insensitively (mail systems change their case); the tag is kept as
 * written, because ids are case-sensitive (the email-reply lane tries an event id as written, then
 * lowercased: new ids are minted in lowercase).
 */
export function parseRsvpAddress(address: string, config: RsvpAddressConfig): RsvpAddress | null {
  const at = address.lastIndexOf("@");
  if (at <= 0) return null;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1).replace(/\.$/, "");
  if (domain.toLowerCase() !== config.domain.toLowerCase()) return null;
  const base = (config.localPart ?? defaultRsvpLocalPart).toLowerCase();
  if (local.toLowerCase() === base) return { eventId: null };
  if (!local.toLowerCase().startsWith(`${base}+`)) return null;
  const tag = local.slice(base.length + 1);
  if (Id.safeParse(tag).success) return { eventId: tag };
  if (looksLikeReplyToken(tag)) return { eventId: tag.slice(0, tag.indexOf(".")), replyToken: tag };
  return null;
}

/**
 * The Message-ID of an email rsvp sends: a hash of its idempotency key (a retry carries the same id, so a
 * receiving system recognises the duplicate) and the event it belongs to (so a reply's In-Reply-To names it).
 */
export function outgoingMessageId(key: string, eventId: string, domain: string, kind?: string): string {
  const hash = createHash("sha256").update(key).digest("base64url").slice(0, 32);
  // An email about no event (none is sent today) keeps the older form without the event part.
  if (!Id.safeParse(eventId).success) return `<${hash}.rsvp@${domain}>`;
  // The host's own words (a message, the thank-you note) are marked, so a reply to them is never read as an
  // RSVP action, whatever address it reaches us at (see `isHostMessageId`).
  return hostKinds.has(kind ?? "")
    ? `<${hash}.${eventId}.host.rsvp@${domain}>`
    : `<${hash}.${eventId}.rsvp@${domain}>`;
}

/** The kinds of email (`X-Rsvp-Kind`) that carry the host's words, not an RSVP. */
const hostKinds = new Set(["host-message", "thank-you"]);

const ourMessageId = /^<?[A-Za-z0-9_-]{32}\.([A-Za-z0-9_-]{1,64})\.(host\.)?rsvp@[^<>\s]+>?$/;

/** The event named by a Message-ID rsvp minted (see `outgoingMessageId`), else null. */
export function eventIdOfMessageId(messageId: string): string | null {
  return ourMessageId.exec(messageId.trim())?.[1] ?? null;
}

/** Whether a Message-ID is one rsvp minted for a host's message or thank-you note. */
export function isHostMessageId(messageId: string): boolean {
  return ourMessageId.exec(messageId.trim())?.[2] !== undefined;
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

/**
 * The reply addresses of guest emails: each guest's signed address, signed with the keyring's current key
 * (read on every email, so a rotated key is used at once); the event's address when a signed one would not fit.
 */
export function signedReplyAddresses(
  keyring: () => Keyring,
  config: RsvpAddressConfig,
): (reply: ReplyClaims) => string {
  return (reply) => guestReplyAddress(reply, keyring(), config) ?? rsvpReplyAddress(reply.eventId, config);
}
