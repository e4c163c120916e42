import * as z from "zod";

/** Where a command came from: the producer lane (web form, email reply, host import, host action, timer, …). */
/** `door`: a check-in at the door (the door page of a door link, the host's own, or `rsvp checkin`). */
export const Lane = z.enum(["web", "email", "import", "host", "link", "timer", "system", "door"]);
export type Lane = z.infer<typeof Lane>;

/** An opaque identifier we mint ourselves (event, guest, command): URL-safe, bounded. */
export const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "may contain only letters, digits, '-' and '_'");

/** A UTC instant as an ISO-8601 string with offset, e.g. 2026-12-24T18:00:00.000Z. */
export const Instant = z.iso.datetime({ offset: true });

/** True when a string holds a control character (CR and LF among them: the header-injection characters). */
export function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Bidi embedding, override and isolate controls: invisible, and they make text read in another order. */
const bidiControl = /[\u202a-\u202e\u2066-\u2069]/;
/** C0 and C1 controls and DEL, with U+2028/U+2029 (line breaks to JavaScript and calendars alike). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const lineControl = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** The same, less tab and newline (a CR is kept out: multi-line text is normalised to \n before it is checked). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const textControl = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Why a text should not be stored, or null when it may: it is text a person can read, with nothing that
 * changes how it or what follows it is shown. Refused: a lone UTF-16 surrogate (not text at all), U+FFFD (what
 * a decoder leaves of bytes that were not UTF-8), bidi controls, and control characters: in `line` text every
 * one, U+2028/U+2029 included; in multi-line text all but tab and newline.
 */
export function textProblem(s: string, what: string, kind: "line" | "text"): string | null {
  if (!s.isWellFormed())
    return `${what} holds a broken character (a lone UTF-16 surrogate); type it again or paste it from another source`;
  if (s.includes("\ufffd"))
    return `${what} holds the replacement character \ufffd, which is what is left of text that was not UTF-8; send it as UTF-8`;
  if (bidiControl.test(s))
    return `${what} must not contain invisible text-direction characters (U+202A–U+202E, U+2066–U+2069); remove them`;
  if (kind === "line" && lineControl.test(s))
    return `${what} must be a single line without control characters`;
  if (kind === "text" && textControl.test(s))
    return `${what} must be plain text without control characters (tabs and line breaks are fine)`;
  return null;
}

/**
 * A zod string of one line (names, subjects, places): see `textProblem`. `what` names the field in messages
 * ("name", "the subject"). Trimmed; `min`/`max` are checked after the trim.
 */
export function plainLine(what: string, max: number, options: { min?: number; minMessage?: string } = {}) {
  const base = z
    .string({
      error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be text`),
    })
    .superRefine((s, ctx) => {
      const problem = textProblem(s, what, "line");
      if (problem) ctx.addIssue({ code: "custom", message: problem, input: s, continue: false });
    })
    .trim();
  const min = options.min ?? 0;
  const bounded = min > 0 ? base.min(min, options.minMessage ?? `${what} must not be empty`) : base;
  return bounded.max(max, `${what} must be at most ${max.toLocaleString("en")} characters`);
}

/**
 * A zod string of multi-line plain text (a description, a message body, a street address): line breaks are
 * normalised to \n, tabs kept; see `textProblem`. Trimmed; `min`/`max` are checked after the trim.
 */
export function plainText(what: string, max: number, options: { min?: number; minMessage?: string } = {}) {
  const base = z
    .string({
      error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be text`),
    })
    .transform((s) => s.replace(/\r\n?/g, "\n"))
    .superRefine((s, ctx) => {
      const problem = textProblem(s, what, "text");
      if (problem) ctx.addIssue({ code: "custom", message: problem, input: s, continue: false });
    })
    .pipe(z.string().trim());
  const min = options.min ?? 0;
  const bounded =
    min > 0 ? base.pipe(z.string().min(min, options.minMessage ?? `${what} must not be empty`)) : base;
  return bounded.pipe(z.string().max(max, `${what} must be at most ${max.toLocaleString("en")} characters`));
}

/** A guest's display name: one line, trimmed, never empty. */
export const GuestName = plainLine("name", 200, { min: 1 });

/** The longest local part (before the @) and domain label an address may have (RFC 5321 §4.5.3.1, RFC 1035). */
const maxLocalPart = 64;
const maxLabel = 63;

/** An email address as typed by a person. Header-injection characters are refused before anything else. */
export const EmailAddress = z
  .string({ error: (issue) => (issue.input === undefined ? "email is required" : "email must be text") })
  .refine((s) => !hasControlCharacter(s), "email must be a single line without control characters")
  .trim()
  .max(254, "email must be at most 254 characters")
  .pipe(z.email("email must be a valid address like ana@example.org"))
  .refine(
    (s) => s.lastIndexOf("@") <= maxLocalPart,
    `email: the part before the @ must be at most ${maxLocalPart} characters`,
  )
  .refine(
    (s) =>
      s
        .slice(s.lastIndexOf("@") + 1)
        .split(".")
        .every((label) => label.length <= maxLabel),
    `email: each part of the domain between dots must be at most ${maxLabel} characters`,
  );

/**
 * The key an address is deduplicated by. Addresses are compared case-insensitively: the local part is
 * case-sensitive by RFC 5321, but no real mailbox provider treats it so, and guests do not type it consistently.
 */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The key of an address for an event's guest list: `emailKey`, and with the event's `ignorePlusTags` the +tag
 * left out too (`ana+party@example.org` is the key of `ana@example.org`: most providers deliver both to one
 * mailbox).
 */
export function guestEmailKey(email: string, options: { ignorePlusTags?: boolean } = {}): string {
  const key = emailKey(email);
  if (!options.ignorePlusTags) return key;
  const at = key.lastIndexOf("@");
  const plus = key.indexOf("+");
  // A local part that is only a tag ("+x@…") stays as it is: there is no mailbox name to fold it into.
  return plus > 0 && plus < at ? key.slice(0, plus) + key.slice(at) : key;
}

/**
 * Both keys an address may be stored under, before the event (and so `ignorePlusTags`) is known: as it is,
 * and with its +tag left out.
 */
export function emailKeysOf(email: string): [string, string] {
  return [emailKey(email), guestEmailKey(email, { ignorePlusTags: true })];
}
