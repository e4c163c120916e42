/**
 * Making text safe for an email: HTML content and header values. Kept apart from the email templates
 * (messages.ts, host-emails.ts) so that code which writes one small email, such as the email-reply lane's "which event?"
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

/** How wide the plain-text part of an email is: mail clients and RFC 5322 expect lines under 78 characters. */
export const textWidth = 78;

/**
 * Plain text wrapped at `width` columns, word by word: line breaks already there are kept, and a word longer
 * than a line (a URL, which must not be broken or a click opens half of it) gets a line of its own. The
 * signature separator "-- " keeps its trailing space.
 */
export function wrapText(text: string, width = textWidth): string {
  return text
    .split("\n")
    .map((line) => (line.length <= width ? line : wrapLine(line, width)))
    .join("\n");
}

function wrapLine(line: string, width: number): string {
  const lines: string[] = [];
  let current = "";
  for (const word of line.split(/ +/)) {
    if (word === "") continue;
    if (current === "") current = word;
    else if (current.length + 1 + word.length <= width) current += ` ${word}`;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current !== "") lines.push(current);
  return lines.join("\n");
}
