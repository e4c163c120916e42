/**
 * Who sent a message: the one From mailbox, its address as the guest list holds it, and the guest's name
 * from its display name. Never Reply-To, Sender, or any address inside the message.
 */
import { domainToASCII } from "node:url";
import { EmailAddress, GuestName } from "../../contracts/common.ts";
import { type MimeMessage, parseAddresses } from "./mime-message.ts";

/** The sender, or why there is none to act on. */
export type SenderIdentity =
  | { ok: true; email: string; name: string }
  | {
      ok: false;
      /** The address as written, when there was one (for logs). */
      address: string | null;
      name: string | null;
      /** An address the guest list cannot hold (see `guestListAddress`), rather than none or a broken one. */
      unsupported: boolean;
      detail: string;
    };

/**
 * A name made safe for the guest list: one line, trimmed, at most 200 UTF-16 units, no split surrogate. Bidi
 * controls (which would make the host read it in another order), lone surrogates and U+FFFD are dropped.
 */
function cleanName(name: string): string {
  let s = name
    .toWellFormed()
    .replace(/[\u202a-\u202e\u2066-\u2069\ufffd]/g, "")
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
 * "Ingo L\xfctkebohle"). The parser decodes raw header bytes as UTF-8 (RFC 6532), which turns them into
 * U+FFFD; read as Windows-1252, what such clients used, they give the name back.
 */
function latin1Name(raw: Buffer): string | null {
  const bytes = rawFromHeader(raw);
  if (!bytes) return null;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return null; // valid UTF-8: the parser read it right
  } catch {
    const mailbox = parseAddresses(new TextDecoder("windows-1252").decode(bytes))[0];
    return mailbox && !mailbox.group ? mailbox.name : null;
  }
}

const ascii = (s: string) => /^[\x21-\x7e]*$/.test(s);

/**
 * The address as the guest list holds it, or why it cannot. RFC 6532 lets an address carry UTF-8, and the
 * two halves differ:
 * - an internationalised domain (`ana@bücher.example`) names the same mailbox as its ASCII form (IDNA,
 *   RFC 5891), so it is converted (`ana@xn--bcher-kva.example`) and the sender is registered;
 * - a non-ASCII local part (`jdöe@…`) has no ASCII form: mail reaches it only over SMTPUTF8 (RFC 6531), which
 *   SES does not offer (an SES destination's local part must be 7-bit ASCII). The guest could never be sent
 *   their confirmation, their cancel and claim links or their reminders, and the web form and the import
 *   refuse the same address (the EmailAddress contract), so the message is dropped as `unsupported-address`
 *   rather than holding a seat for someone rsvp cannot write to.
 */
function guestListAddress(
  address: string,
): { ok: true; email: string } | { ok: false; unsupported: boolean } {
  const at = address.lastIndexOf("@");
  if (at <= 0) return { ok: false, unsupported: false };
  const local = address.slice(0, at);
  let domain = address.slice(at + 1);
  if (!ascii(local)) return { ok: false, unsupported: true };
  // Only a non-ASCII domain is converted: domainToASCII also lowercases, and an ASCII address is kept as
  // written (its key, not its spelling, is what duplicates compare by).
  if (!ascii(domain)) domain = domainToASCII(domain);
  const parsed = EmailAddress.safeParse(`${local}@${domain}`);
  return parsed.success ? { ok: true, email: parsed.data } : { ok: false, unsupported: false };
}

/**
 * The sender: the one From mailbox. Never Reply-To, Sender, or any address inside the message (a forwarded
 * or attached message, a bounce's quoted original): mailing lists set Reply-To to the list and autoresponders
 * to someone else (both fixtures of ours do), anyone can write any Reply-To, and From is the address the
 * sender's domain vouches for (DMARC aligns From, not Reply-To). Registering a Reply-To would let one person
 * sign up another.
 */
export function senderOf(message: MimeMessage, raw: Buffer): SenderIdentity {
  // Two From fields are malformed, and a trick: checks that read the first (DMARC) and a parser that keeps
  // the last would disagree about who sent it.
  if (message.from.length > 1)
    return { ok: false, address: null, name: null, unsupported: false, detail: "several From header fields" };
  const mailboxes = (message.from[0] ?? []).flatMap((a) => (!a.group && a.address ? [a] : []));
  if (mailboxes.length !== 1)
    return {
      ok: false,
      address: null,
      name: null,
      unsupported: false,
      detail: mailboxes.length === 0 ? "no From address" : "several From addresses",
    };
  const mailbox = mailboxes[0]!;
  const address = mailbox.address.trim();
  let display = mailbox.name;
  if (display.includes("\ufffd")) display = latin1Name(raw) ?? display.replaceAll("\ufffd", "");
  const held = guestListAddress(address);
  if (!held.ok)
    return {
      ok: false,
      address,
      name: cleanName(display) || null,
      unsupported: held.unsupported,
      detail: held.unsupported
        ? "a non-ASCII local part (RFC 6532): rsvp cannot send mail to it, so the guest list holds none"
        : "not a valid address",
    };
  return { ok: true, email: held.email, name: guestName(display, held.email) };
}
