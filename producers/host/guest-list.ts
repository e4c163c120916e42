import { stringify } from "csv-stringify/sync";
import type { Lane } from "../../contracts/common.ts";
import type { GuestRecord, GuestStatus } from "../../contracts/guest.ts";
import { type Answers, answerText, type Question } from "../../contracts/questions.ts";
import type { GuestListPages } from "../../core/guest-list-reads.ts";
import { seatsOf, waitlistPositions } from "../../core/seat-rules.ts";

/** One guest as the host's guest list shows it (page, CSV download, `rsvp guests`). */
export interface GuestListRow {
  guestId: string;
  name: string;
  email: string;
  status: GuestStatus;
  /** Seats the guest holds or asks for, themselves included. */
  party: number;
  /** 1-based place in line while waitlisted, else null. */
  waitlistPosition: number | null;
  lane: Lane;
  registeredAt: string;
  updatedAt: string;
  /** The guest's answers to the event's questions, by question id ({} when none). */
  answers: Answers;
  /** When the guest answered "still coming?" with yes (docs/reconfirm.md); null while they have not. */
  reconfirmedAt: string | null;
}

/** The guest list with places in line (in one pass rather than one query per guest). */
export function guestListRows(guests: readonly GuestRecord[]): GuestListRow[] {
  return rowsOf(guests, waitlistPositions(guests));
}

/**
 * Guests as rows, their places in line from `position` (guest id → 1-based place): for a part of the list,
 * whose places the store gives (a page of the AWS list).
 */
export function guestListRowsPlaced(
  guests: readonly GuestRecord[],
  position: ReadonlyMap<string, number>,
): GuestListRow[] {
  return rowsOf(guests, position);
}

/** Guests as rows, their places in line from `position` (guest id → 1-based place). */
function rowsOf(guests: readonly GuestRecord[], position: ReadonlyMap<string, number>): GuestListRow[] {
  return guests.map((g) => ({
    guestId: g.guestId,
    name: g.name,
    email: g.email,
    status: g.status,
    party: seatsOf(g),
    waitlistPosition: position.get(g.guestId) ?? null,
    lane: g.lane,
    registeredAt: g.createdAt,
    updatedAt: g.updatedAt,
    answers: g.answers ?? {},
    reconfirmedAt: g.reconfirmedAt ?? null,
  }));
}

/** The columns of the CSV download, in order. */
const guestCsvColumns = [
  "name",
  "email",
  "status",
  "waitlist_position",
  "lane",
  "registered_at",
  "updated_at",
  // Last, so spreadsheets and scripts reading the columns before parties existed read them where they were.
  "party",
] as const;

/**
 * The guest list as CSV for a spreadsheet. Names and addresses are typed by strangers, and a spreadsheet
 * runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or CR) as a formula: `escape_formulas`
 * prefixes such cells with a single quote, so "=HYPERLINK(…)" reads as text. With `bom`, a byte order mark
 * tells Excel the file is UTF-8 (a download is for a spreadsheet; the CLI's output is for pipes, without).
 */
export function guestListCsv(rows: readonly GuestListRow[], options: CsvOptions = {}): string {
  return csvOf(rows, {
    header: true,
    bom: options.bom ?? false,
    questions: options.questions ?? [],
    reconfirm: options.reconfirm ?? false,
  });
}

/**
 * Rows of the CSV download that follow others in the same file (no headings, no byte order mark): with
 * `guestListCsv` of the first rows, the same text as `guestListCsv` of them all.
 */
export function guestListCsvMore(rows: readonly GuestListRow[], options: CsvOptions = {}): string {
  if (rows.length === 0) return "";
  return csvOf(rows, {
    header: false,
    bom: false,
    questions: options.questions ?? [],
    reconfirm: options.reconfirm ?? false,
  });
}

/**
 * What the CSV download holds beyond the fixed columns: a byte order mark, a column per question, and with
 * `reconfirm` (an event that asks "still coming?") a `reconfirmed_at` column after `party`.
 */
export interface CsvOptions {
  bom?: boolean;
  questions?: readonly Question[];
  reconfirm?: boolean;
}

/**
 * The guest list's rows a page at a time, read from the store's pages (never the whole list at once): for
 * the host's download of a long list.
 */
async function* guestListRowPages(list: GuestListPages): AsyncGenerator<GuestListRow[]> {
  const position = new Map(list.waitlistOrder.map((guestId, i) => [guestId, i + 1]));
  for await (const guests of list.pages) yield rowsOf(guests, position);
}

/** `guestListCsv` of the whole list, as text chunks a page at a time (the same text, joined). */
export async function* guestListCsvChunks(
  list: GuestListPages,
  options: CsvOptions = {},
): AsyncGenerator<string> {
  let first = true;
  for await (const rows of guestListRowPages(list)) {
    yield csvOf(rows, {
      header: first,
      bom: first && (options.bom ?? false),
      questions: options.questions ?? [],
      reconfirm: options.reconfirm ?? false,
    });
    first = false;
  }
  if (first) yield guestListCsv([], options);
}

/**
 * One column per question after the others, headed by its label (so the file imports back: see
 * producers/import/answer-columns.ts).
 */
function csvOf(
  rows: readonly GuestListRow[],
  options: { header: boolean; bom: boolean; questions: readonly Question[]; reconfirm: boolean },
): string {
  const questions = options.questions;
  const reconfirm = options.reconfirm;
  return stringify(
    rows.map((r) => [
      r.name,
      r.email,
      r.status,
      r.waitlistPosition === null ? "" : String(r.waitlistPosition),
      r.lane,
      r.registeredAt,
      r.updatedAt,
      String(r.party),
      ...(reconfirm ? [r.reconfirmedAt ?? ""] : []),
      ...questions.map((q) => answerText(q, r.answers[q.id])),
    ]),
    {
      header: options.header,
      columns: [
        ...guestCsvColumns,
        ...(reconfirm ? ["reconfirmed_at"] : []),
        ...questions.map((q) => q.label),
      ],
      escape_formulas: true,
      bom: options.bom,
    },
  );
}
