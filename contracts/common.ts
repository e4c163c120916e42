import * as z from "zod";

/** Where a command came from: the producer lane (web form, email reply, host import, host action, timer, …). */
export const Lane = z.enum(["web", "email", "import", "host", "link", "timer", "system"]);
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

/** A guest's display name: one line, trimmed, never empty. */
export const GuestName = z
  .string({ error: (issue) => (issue.input === undefined ? "name is required" : "name must be text") })
  .refine((s) => !hasControlCharacter(s), "name must be a single line without control characters")
  .trim()
  .min(1, "name must not be empty")
  .max(200, "name must be at most 200 characters");

/** An email address as typed by a person. Header-injection characters are refused before anything else. */
export const EmailAddress = z
  .string({ error: (issue) => (issue.input === undefined ? "email is required" : "email must be text") })
  .refine((s) => !hasControlCharacter(s), "email must be a single line without control characters")
  .trim()
  .max(254, "email must be at most 254 characters")
  .pipe(z.email("email must be a valid address like ana@example.org"));

/**
 * The key an address is deduplicated by. Addresses are compared case-insensitively: the local part is
 * case-sensitive by RFC 5321, but no real mailbox provider treats it so, and guests do not type it consistently.
 */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}
