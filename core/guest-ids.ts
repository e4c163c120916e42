import { hash } from "node:crypto";

/**
 * Guest ids. A guest's id is derived from the command that created the guest (so a replayed command names the
 * same guest), and it leads with the command's order where the command id has one: its time for a UUIDv7 (a web
 * registration), its file and line for a host import (`orderedImportCommandId`). Rows written one after another
 * then sit side by side in every index keyed by the guest id (the guest table, the mail keys), instead of at
 * random places: a 100,000-row import wrote most of those indexes' pages once per keeper batch while they
 * outgrew the page cache (docs/performance.md). Ids stay opaque strings: older, all-random ids read as before.
 */

/**
 * The base64 digits in ASCII order (SQLite compares ids byte by byte): a number written in them with a fixed
 * width sorts as the number does.
 */
const sortable = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

/** `n` (a whole number below 64^width) in `width` sortable base64 digits. */
function sortableDigits(n: number, width: number): string {
  let out = "";
  for (let i = 0; i < width; i += 1) {
    out = sortable[n % 64] + out;
    n = Math.floor(n / 64);
  }
  return out;
}

/**
 * A deterministic guest id for the guest a command creates, ordered as the command ids are (see above). Always
 * 22 URL-safe characters, like the all-random ids before: `t`, the command's time (8 digits), 13 characters of
 * a digest of the event and command (78 bits); `i`, the import's file (3 digits) and line (7 digits), 11
 * characters of the digest (66 bits); or, for a command id without an order, 22 characters of the digest. The
 * leading letter keeps an id from starting with `-` (a command line would take it for an option).
 */
export function guestIdFor(eventId: string, commandId: string): string {
  const digest = hash("sha256", `${eventId}\n${commandId}`, "base64url");
  const order = commandOrder(commandId);
  return order === null ? digest.slice(0, 22) : `${order}${digest.slice(0, 22 - order.length)}`;
}

/** A UUIDv7 (RFC 9562): 48 bits of Unix time in ms first, then the version nibble 7. */
const uuidV7 = /^([0-9a-f]{8})-([0-9a-f]{4})-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** An ordered import command id (`orderedImportCommandId`): its file tag and line, in hex. */
const orderedImport = /^imp-([0-9a-f]{6})([0-9a-f]{10})-[A-Za-z0-9_-]+$/;

/**
 * The leading characters of the guest id a command creates, which sort as the command ids do: `t` and the time
 * of a UUIDv7 (a web registration); `i`, the file and the line of an ordered import id, so an import's guests
 * never interleave with registrations; null for a command id without an order (a random UUID, a digest).
 */
export function commandOrder(commandId: string): string | null {
  const uuid = uuidV7.exec(commandId);
  if (uuid) return `t${sortableDigits(Number.parseInt(`${uuid[1]}${uuid[2]}`, 16), 8)}`;
  const imported = orderedImport.exec(commandId);
  if (!imported) return null;
  const fileTag = Number.parseInt(imported[1]!, 16) >>> 6; // its first 18 bits: 3 digits
  return `i${sortableDigits(fileTag, 3)}${sortableDigits(Number.parseInt(imported[2]!, 16), 7)}`;
}

/** Lines of an import file that get ids in line order: 2^40, more than any file has. */
const maxOrderedLine = 2 ** 40;

/**
 * The command id of line `line` of a host import, in file order: `imp-`, 6 hex digits naming the file within
 * its event (`fileTag`: the first 6 of a hex digest of the event and the file), 10 hex digits of the line, `-`,
 * then 22 characters of `rowDigest` (a base64url digest of the event, the file and the line: 132 bits).
 * Deterministic, so importing the same file again repeats the same ids.
 */
export function orderedImportCommandId(fileTag: string, line: number, rowDigest: string): string {
  if (!/^[0-9a-f]{6}/.test(fileTag)) throw new RangeError("an import's file tag is 6 hex digits");
  if (!Number.isSafeInteger(line) || line < 0 || line >= maxOrderedLine)
    throw new RangeError(`import line out of range: ${line}`);
  return `imp-${fileTag.slice(0, 6)}${line.toString(16).padStart(10, "0")}-${rowDigest.slice(0, 22)}`;
}
