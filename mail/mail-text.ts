/**
 * Making text safe for an email: HTML content and header values. Kept apart from the email templates
 * (messages.ts) so that code which writes one small email, such as the email-reply lane's "which event?"
 * answer, does not bundle the calendar-file library the templates need.
 */

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/**
 * Text made safe for a mail header: every control character (CR and LF among them, and the Unicode line
 * separators) becomes a space, runs of space collapse, and the result is at most `max` characters. A header
 * value can then never end its line early and start another header.
 */
export function headerText(text: string, max = 250): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  const oneLine = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ");
  const collapsed = oneLine.replace(/\s+/g, " ").trim();
  return collapsed.length > max ? `${collapsed.slice(0, max - 1)}…` : collapsed;
}
