/**
 * One received message as the email-reply lane reads it. postal-mime parses the MIME structure and decodes
 * every text with the platform's TextDecoder, whose ICU data covers the charsets mail still arrives in
 * (gb2312, big5, shift_jis, iso-2022-jp, koi8-r, windows-125x, …) without a codec table in the bundle. This
 * module is the only one that knows the parser: the rest of the lane reads a `MimeMessage`.
 */
import PostalMime, { type Address, addressParser, type Email } from "postal-mime";

/** A From, To or Cc entry: one mailbox, or a named group of mailboxes. */
export type MailAddress = Address;

/** What the lane reads of a message. Header values are as written (unfolded, trimmed, not decoded). */
export interface MimeMessage {
  /** Every value of a header, all occurrences in order. */
  header(name: string): string[];
  has(name: string): boolean;
  /** The decoded subject ("" when none). */
  subject: string;
  /** The top-level content type, lowercased (`text/plain` when none), and its parameters (names lowercased). */
  contentType: { type: string; params: Record<string, string> };
  /** The addresses of each From field, one list per field: two fields are a malformed message. */
  from: MailAddress[][];
  to: MailAddress[];
  cc: MailAddress[];
  /** The text/plain body ("" when none). */
  text: string;
  /** The text/html body, or null when there is none. */
  html: string | null;
  /** The text of each text/calendar part (UTF-8, LF line ends). */
  calendars: string[];
}

/** `type/subtype; name=value; name="quoted value"` → the type and its parameters. */
function parseContentType(value: string | undefined): MimeMessage["contentType"] {
  if (value === undefined) return { type: "text/plain", params: {} };
  const [type = "", ...rest] = value.split(";");
  const params: Record<string, string> = {};
  for (const m of rest.join(";").matchAll(/([\w.-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g))
    params[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : (m[3] ?? "");
  return { type: type.trim().toLowerCase(), params };
}

/**
 * Clients such as Thunderbird send text as format=flowed, and a MIME parser joins a quoted line that ends in
 * a space with the next, unquoted one ("> Hi " + "Hello" → "> Hi Hello"), so a bottom-posted answer would
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
 * The most MIME parts a message may have before it is not parsed at all. A person's reply has a handful (a
 * text, an HTML, a few images, a calendar answer); 600,000 parts in 9 MB took a parser 18 s.
 */
export const maxParts = 500;

/**
 * How many lines start with `--` (every MIME part starts with one: its boundary), counted up to `limit + 1`.
 * A line such as a signature's "-- " counts as well: the limit leaves room for those. Linear and cheap: it is
 * what decides whether the parser may run.
 */
function countPartDelimiters(raw: Buffer, limit: number): number {
  let count = raw.subarray(0, 2).toString("latin1") === "--" ? 1 : 0;
  let at = raw.indexOf("\n--");
  while (at !== -1 && count <= limit) {
    count++;
    at = raw.indexOf("\n--", at + 3);
  }
  return count;
}

/**
 * Parses one raw message. Throws when it cannot be parsed at all (the caller drops it as unreadable).
 * An attached or forwarded message (message/rfc822) stays an attachment: its text is someone else's words
 * and its From someone else, so neither may reach the body the lane scans.
 */
export async function readMessage(raw: Buffer, partLimit = maxParts): Promise<MimeMessage> {
  const parts = countPartDelimiters(raw, partLimit);
  if (parts > partLimit)
    throw new RangeError(`more than ${partLimit} MIME parts: not a reply a person wrote`);
  const mail: Email = await PostalMime.parse(withoutFlowed(raw), {
    forceRfc822Attachments: true,
    // A reply is a few parts deep; a message nested deeper is built to make a parser work.
    maxNestingDepth: 32,
    maxHeadersSize: 512 * 1024,
  });
  const byKey = new Map<string, string[]>();
  for (const h of mail.headers) {
    const values = byKey.get(h.key) ?? [];
    values.push(h.value.trim());
    byKey.set(h.key, values);
  }
  const header = (name: string) => byKey.get(name.toLowerCase()) ?? [];
  const utf8 = new TextDecoder();
  return {
    header,
    has: (name) => header(name).length > 0,
    subject: mail.subject ?? "",
    contentType: parseContentType(header("content-type")[0]),
    from: header("from").map((value) => addressParser(value)),
    to: mail.to ?? [],
    cc: mail.cc ?? [],
    text: mail.text ?? "",
    html: mail.html ?? null,
    calendars: mail.attachments
      .filter((part) => part.mimeType === "text/calendar")
      .map((part) => (typeof part.content === "string" ? part.content : utf8.decode(part.content))),
  };
}

/** Parses an address header value on its own (a From field re-read from its raw bytes). */
export function parseAddresses(value: string): MailAddress[] {
  return addressParser(value);
}

/** Every address of a list of entries, group members included. */
export function addressesOf(list: readonly MailAddress[]): string[] {
  return list.flatMap((a) => (a.group ? a.group.map((m) => m.address) : [a.address]));
}

/** The addresses in a free-form header value such as Delivered-To. */
export function addressesIn(value: string): string[] {
  return value.match(/[^\s<>"',;:()[\]]+@[^\s<>"',;:()[\]]+/g) ?? [];
}

/** The `<…>` message ids in a header value (Message-ID, In-Reply-To, References). */
export function messageIds(value: string): string[] {
  return value.match(/<[^<>\s]+>/g) ?? [];
}
