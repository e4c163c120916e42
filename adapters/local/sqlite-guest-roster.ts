/**
 * The host's guest list on SQLite, read a page at a time in registration order (`createdAt`, then guest id),
 * as the DynamoDB roster reads it (adapters/aws/dynamo-guest-roster.ts): keyset queries on the index
 * `guests_roster` (event, the record's createdAt, guest id; sqlite-database.ts), so a page near the end of a
 * 100,000-guest list reads its 501 rows and no more.
 *
 * A search (`match`) walks the same order and keeps the guests whose name or email holds the words, case aside:
 * the comparison is a function of this connection (`guest_matches`), so a page of matches reads rows until it
 * has 501 of them or the list ends.
 */
import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import { GuestRecord } from "../../contracts/guest.ts";
import {
  type GuestListKey,
  type GuestListMarks,
  type GuestListWindow,
  type GuestListWindowRequest,
  searchFold,
} from "../../core/guest-list-reads.ts";
import { prepared } from "./sqlite-database.ts";

type Row = Record<string, SQLInputValue>;

/** The indexed expression: it must read exactly as in the index for SQLite to use it. */
const createdAt = "json_extract(record, '$.createdAt')";
const order = `(${createdAt}, guest_id)`;
const matches = "guest_matches(json_extract(record, '$.name'), json_extract(record, '$.email'), ?)";

const withMatcher = new WeakSet<DatabaseSync>();

/** Gives the connection `guest_matches(name, email, folded words)`: 1 when either holds the words. */
function ensureMatcher(db: DatabaseSync): void {
  if (withMatcher.has(db)) return;
  db.function("guest_matches", { deterministic: true }, (name, email, words) =>
    typeof words === "string" &&
    ((typeof name === "string" && searchFold(name).includes(words)) ||
      (typeof email === "string" && searchFold(email).includes(words)))
      ? 1
      : 0,
  );
  withMatcher.add(db);
}

/**
 * Up to `count` guests from `from` (exclusive; absent: an end of the list), forward or backward, those holding
 * `words` (folded) only when given.
 */
function rosterRows(
  db: DatabaseSync,
  eventId: string,
  count: number,
  walk: { from?: GuestListKey; forward: boolean; words?: string },
): GuestRecord[] {
  const params: SQLInputValue[] = [eventId];
  let where = "event_id = ?";
  if (walk.from) {
    // The first condition is the index's range (SQLite does not range a row value over an expression).
    where += walk.forward
      ? ` AND ${createdAt} >= ? AND ${order} > (?, ?)`
      : ` AND ${createdAt} <= ? AND ${order} < (?, ?)`;
    params.push(walk.from.createdAt, walk.from.createdAt, walk.from.guestId);
  }
  if (walk.words !== undefined) {
    ensureMatcher(db);
    // Printable ASCII words are first looked for in the row's JSON text, case aside (LIKE is, for ASCII): a
    // row without them anywhere is passed over without reading its fields (a third of the CPU at 100,000).
    if (/^[\x20-\x7e]*$/.test(walk.words) && !/["\\]/.test(walk.words)) {
      where += " AND record LIKE ? ESCAPE '!'";
      params.push(`%${walk.words.replace(/[!%_]/g, "!$&")}%`);
    }
    where += ` AND ${matches}`;
    params.push(walk.words);
  }
  const direction = walk.forward ? "ASC" : "DESC";
  const rows = prepared(
    db,
    `SELECT record FROM guests WHERE ${where} ORDER BY ${createdAt} ${direction}, guest_id ${direction} LIMIT ?`,
  ).all(...params, count) as Row[];
  return rows.map((r) => GuestRecord.parse(JSON.parse(String(r.record))));
}

/** One page of the guest list, or of the guests matching `match` (see `GuestReader.guestListWindow`). */
export function rosterWindow(
  db: DatabaseSync,
  eventId: string,
  request: GuestListWindowRequest,
  match?: string,
): GuestListWindow {
  const size = Math.max(1, Math.floor(request.size));
  const words = match === undefined ? undefined : searchFold(match);
  let guests: GuestRecord[];
  let hasPrevious: boolean;
  let hasNext: boolean;
  const before = request.before;
  const backward = before ? rosterRows(db, eventId, size + 1, { from: before, forward: false, words }) : [];
  if (before && backward.length > size) {
    guests = backward.slice(0, size).reverse();
    hasPrevious = true;
    hasNext = true;
  } else {
    // The first page, or the one after `after`; a page before that would be short is the first page, full.
    const after = before ? undefined : request.after;
    const forward = rosterRows(db, eventId, size + 1, { from: after, forward: true, words });
    guests = forward.slice(0, size);
    hasPrevious = after !== undefined;
    hasNext = forward.length > size;
  }
  return {
    guests,
    waitlistPositions: placesInLine(db, eventId, guests),
    hasPrevious,
    hasNext,
    statusCounts: statusCounts(db, eventId),
  };
}

/**
 * The places in line of the waitlisted among `guests`: the rank of the first of them in line (a count on the
 * waitlist index), then the line walked from it to the last of them.
 */
function placesInLine(
  db: DatabaseSync,
  eventId: string,
  guests: readonly GuestRecord[],
): Map<string, number> {
  const places = new Map<string, number>();
  const waiting = guests
    .filter((g) => g.status === "waitlisted" && g.waitlistSeq !== null)
    .map((g) => ({ seq: g.waitlistSeq ?? 0, id: g.guestId }))
    .sort((a, b) => a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const first = waiting[0];
  const last = waiting[waiting.length - 1];
  if (!first || !last) return places;
  const ahead = prepared(
    db,
    `SELECT COUNT(*) AS n FROM guests WHERE event_id = ? AND status = 'waitlisted'
       AND (waitlist_seq, guest_id) < (?, ?)`,
  ).get(eventId, first.seq, first.id) as Row;
  const wanted = new Set(waiting.map((w) => w.id));
  let place = Number(ahead.n);
  for (const row of prepared(
    db,
    `SELECT guest_id FROM guests WHERE event_id = ? AND status = 'waitlisted'
       AND (waitlist_seq, guest_id) >= (?, ?) AND (waitlist_seq, guest_id) <= (?, ?)
       ORDER BY waitlist_seq, guest_id`,
  ).iterate(eventId, first.seq, first.id, last.seq, last.id) as Iterable<Row>) {
    place += 1;
    const id = String(row.guest_id);
    if (wanted.has(id)) places.set(id, place);
  }
  return places;
}

/** How many of the event's guests have each status (a count on the waitlist index, which leads with status). */
export function statusCounts(
  db: DatabaseSync,
  eventId: string,
): Partial<Record<GuestRecord["status"], number>> {
  const counts: Partial<Record<GuestRecord["status"], number>> = {};
  for (const r of prepared(
    db,
    "SELECT status, COUNT(*) AS n FROM guests WHERE event_id = ? GROUP BY status",
  ).all(eventId) as Row[])
    counts[String(r.status) as GuestRecord["status"]] = Number(r.n);
  return counts;
}

/** How many guests the list holds, and every `every`-th guest's key (see `GuestReader.guestListMarks`). */
export function rosterMarks(db: DatabaseSync, eventId: string, every: number): GuestListMarks {
  const marks: GuestListKey[] = [];
  let count = 0;
  for (const row of prepared(
    db,
    `SELECT ${createdAt} AS created_at, guest_id FROM guests WHERE event_id = ? ORDER BY ${createdAt}, guest_id`,
  ).iterate(eventId) as Iterable<Row>) {
    count += 1;
    if (count % every === 0) marks.push({ createdAt: String(row.created_at), guestId: String(row.guest_id) });
  }
  return { count, marks };
}
