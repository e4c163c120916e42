/**
 * A host's guest list as a CSV file, read into the guests to register. Pure: text in, rows out; nothing here
 * touches the queue or the store.
 *
 * Files come from spreadsheets and from other tools' exports (Eventbrite, Luma, Google Contacts, Outlook,
 * Thunderbird), so the reader takes what they write: UTF-8 with or without a BOM (UTF-16 with a BOM, and
 * Windows-1252 from older Outlook and Excel versions), CRLF, LF or CR line ends, comma, semicolon or tab
 * between fields, quoted fields (with line breaks in them), and header names in several forms and languages.
 * The header line must name an email column; the name comes from a full-name column, else from first,
 * middle and last name columns joined (which column is which: guest-list-columns.ts).
 *
 * Every line number is the line a person sees in an editor: the line a record starts on, counting line breaks
 * inside quoted fields.
 */
import { CsvError, parse } from "csv-parse/sync";
import { EmailAddress, emailKey, GuestName } from "../../contracts/common.ts";
import type { Answers, Question } from "../../contracts/questions.ts";
import { MAX_PARTY } from "../../contracts/settings.ts";
import { type AnswerColumns, answerColumns, rowAnswers } from "./answer-columns.ts";
import { type GuestListLayout, recognizeLayout } from "./guest-list-columns.ts";

/** A guest to register: the line the row starts on, the validated name and address, and the party size. */
export interface GuestRow {
  line: number;
  name: string;
  email: string;
  /** Seats, the guest included, when the file has a party column (an empty cell: 1); absent: 1. */
  party?: number;
  /** The answers to the event's questions from the columns named by their labels (see answer-columns.ts). */
  answers?: Answers;
}

/** A row that was skipped, or a file that was refused (then the only error, on the header line). */
export interface RowError {
  line: number;
  message: string;
}

/** A row skipped because an earlier row (on `firstLine`) has the same address, compared case-insensitively. */
export interface DuplicateRow {
  line: number;
  email: string;
  firstLine: number;
}

/** What a file holds: the good rows in list order, and every row that was skipped, by line. */
export interface GuestList {
  rows: GuestRow[];
  errors: RowError[];
  duplicates: DuplicateRow[];
}

/** Field delimiters tried, in order of preference when two read the header equally well. */
const delimiters = [",", ";", "\t"] as const;

/** The header is looked for in the first this many bytes (a header line is far shorter). */
const headerSampleBytes = 64 * 1024;

/**
 * Reads a guest list. Bad rows are reported by line with the contract's message and skipped, as are rows
 * repeating an earlier row's address; the rest are kept in list order. A file whose header names no email
 * column is refused with one error on its header line.
 */
export function parseGuestListCsv(
  input: string | Uint8Array,
  questions: readonly Question[] = [],
): GuestList {
  const text = typeof input === "string" ? input.replace(/^\uFEFF/, "") : decode(input);
  const list: GuestList = { rows: [], errors: [], duplicates: [] };
  if (text.trim() === "") {
    list.errors.push({ line: 1, message: "the file is empty: expected a header line (e.g. name,email)" });
    return list;
  }
  // csv-parse reports where each record ends as a byte offset in UTF-8; lines are counted over the same bytes.
  const bytes = Buffer.from(text, "utf8");
  const lines = new LineCounter(bytes);
  const { delimiter, header, layout } = readHeader(bytes);
  if (!layout) {
    list.errors.push({ line: lines.startOfRecordAt(0), message: noEmailColumn(header) });
    return list;
  }
  const answers = answerColumns(header, questions);

  const firstLineOf = new Map<string, number>();
  let recordEnd = 0;
  let isHeader = true;
  const onRecord = (cells: string[], end: number) => {
    const line = lines.startOfRecordAt(recordEnd);
    recordEnd = end;
    if (isHeader) {
      isHeader = false;
      return;
    }
    // A spreadsheet's empty rows come out as ",,,": no guest, nothing to report.
    if (cells.every((c) => c.trim() === "")) return;
    const row = withAnswers(readRow(cells, layout, line), cells, answers);
    if ("message" in row) return list.errors.push(row);
    const key = emailKey(row.email);
    const firstLine = firstLineOf.get(key);
    if (firstLine !== undefined) return list.duplicates.push({ line, email: row.email, firstLine });
    firstLineOf.set(key, line);
    list.rows.push(row);
  };

  try {
    parse(bytes, {
      ...csvOptions(delimiter),
      on_record: (cells: string[], context) => {
        onRecord(cells, context.bytes);
        return null; // collected above; csv-parse need not keep them
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    // With relaxed quotes the one thing that stops csv-parse is a quote never closed: everything after it
    // was read as one field, so the rest of the file is reported at the line the record starts on.
    const line = lines.startOfRecordAt(recordEnd);
    list.errors.push({
      line,
      message:
        error.code === "CSV_QUOTE_NOT_CLOSED"
          ? 'a quote (") opened on this line is never closed, so the file could not be read from here on'
          : `the file could not be read from here on: ${error.message}`,
    });
  }
  return list;
}

/** Why a header line was refused: the columns it does name, or that it looks like a guest, not a header. */
function noEmailColumn(header: readonly string[]): string {
  const shown = header
    .slice(0, 8)
    .map((h) => JSON.stringify(h))
    .join(", ");
  const more = header.length > 8 ? `, … (${header.length} columns)` : "";
  // A list pasted without its header line starts with a guest: say so rather than list "columns".
  const looksLikeData = header.some((h) => EmailAddress.safeParse(h).success);
  return looksLikeData
    ? `no email column: the first line looks like a guest (${shown}), not column names; add a header line such as name,email`
    : `no email column: the header line names ${shown}${more}; name the column that holds the addresses "email"`;
}

// ——— records ———

function csvOptions(delimiter: string) {
  return {
    delimiter,
    // Mixed line ends happen when files are edited on different systems; longest first so CRLF is one break.
    record_delimiter: ["\r\n", "\n", "\r"],
    skip_empty_lines: true,
    // Rows shorter or longer than the header (trailing cells left out) are read, not refused.
    relax_column_count: true,
    // A stray quote inside a field (O"Brien, or "x" followed by a space) is kept as text.
    relax_quotes: true,
  };
}

/** The delimiter under which the header names an email column (else the one giving the most columns). */
function readHeader(bytes: Buffer): {
  delimiter: string;
  header: string[];
  layout: GuestListLayout | null;
} {
  const sample = bytes.subarray(0, headerSampleBytes);
  let best: { delimiter: string; header: string[]; layout: GuestListLayout | null } | null = null;
  for (const delimiter of delimiters) {
    const header = firstRecord(sample, delimiter).map((h) => h.trim());
    const layout = recognizeLayout(header);
    const better =
      !best ||
      (layout !== null && best.layout === null) ||
      ((layout === null) === (best.layout === null) && header.length > best.header.length);
    if (better) best = { delimiter, header, layout };
  }
  return best!;
}

function firstRecord(sample: Buffer, delimiter: string): string[] {
  let first: string[] = [];
  try {
    parse(sample, {
      ...csvOptions(delimiter),
      to: 1,
      on_record: (cells: string[]) => {
        if (first.length === 0) first = cells;
        return null;
      },
    });
  } catch {
    // The sample may end inside a quoted field; the header has been read by then.
  }
  return first;
}

function readRow(cells: readonly string[], layout: GuestListLayout, line: number): GuestRow | RowError {
  const cell = (index: number | null) => (index === null ? "" : unquote((cells[index] ?? "").trim()));
  const rawEmail = cell(layout.email);
  const rawName =
    cell(layout.fullName) ||
    [cell(layout.firstName), cell(layout.middleName), cell(layout.lastName)]
      .filter((p) => p !== "")
      .join(" ");

  if (`${rawName}${rawEmail}`.includes("\ufffd"))
    return {
      line,
      message:
        "this row holds bytes that are not UTF-8 (shown as \ufffd), so it was not imported: save the file as UTF-8 and import it again",
    };
  const email = EmailAddress.safeParse(rawEmail === "" ? undefined : rawEmail);
  // No name in the row: the local part of the address stands in (ana.lima@example.org → "ana.lima"), so a
  // list of bare addresses imports; the host sees it on the guest list and the guest can correct it.
  const nameInput =
    rawName === "" && email.success ? email.data.slice(0, email.data.lastIndexOf("@")) : rawName;
  const name = GuestName.safeParse(nameInput);

  const party =
    layout.party === undefined ? 1 : readParty(cell(layout.party), layout.partyFromPlusOnes === true);
  if (name.success && email.success && typeof party === "number")
    return { line, name: name.data, email: email.data, ...(layout.party === undefined ? {} : { party }) };
  const problems: string[] = [];
  if (typeof party === "string") problems.push(party);
  // Without a name of its own, a row's only problem is its address.
  if (!name.success && rawName !== "") problems.push(withValue(name.error.issues[0]?.message, rawName));
  if (!email.success) problems.push(withValue(email.error.issues[0]?.message, rawEmail));
  return { line, message: problems.join("; ") || "name must not be empty" };
}

/** A good row with its answers; a row whose answers are not valid becomes an error naming each question. */
function withAnswers(row: GuestRow | RowError, cells: readonly string[], columns: AnswerColumns) {
  const read = rowAnswers(cells, columns);
  if ("problems" in read) {
    const problems = read.problems.join("; ");
    return { line: row.line, message: "message" in row ? `${row.message}; ${problems}` : problems };
  }
  if ("message" in row || Object.keys(read.answers).length === 0) return row;
  return { ...row, answers: read.answers };
}

/**
 * The party of a row from its cell: a whole number of seats (or of plus-ones, then one more), empty meaning 1;
 * a message when the cell holds anything else. The event's own limit is the keeper's to apply.
 */
function readParty(raw: string, plusOnes: boolean): number | string {
  if (raw === "") return 1;
  if (!/^\d{1,3}$/.test(raw))
    return withValue(`${plusOnes ? "plus-ones" : "party size"} must be a whole number`, raw);
  const party = Number(raw) + (plusOnes ? 1 : 0);
  if (party < 1 || party > MAX_PARTY) return withValue(`party size must be from 1 to ${MAX_PARTY}`, raw);
  return party;
}

/** The contract's message, then the value as found (escaped, so a line break shows as \n). */
function withValue(message: string | undefined, value: string): string {
  const text = message ?? "invalid value";
  if (value === "") return text;
  const shown = value.length > 60 ? `${value.slice(0, 60)}…` : value;
  return `${text} (got ${JSON.stringify(shown)})`;
}

/**
 * A field written as `, "x"` (a space before the opening quote) is read literally, quotes and all; such a
 * hand-edited field is unwrapped here so the quotes do not end up in a name or spoil an address.
 */
function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"'))
    return value.slice(1, -1).replace(/""/g, '"').trim();
  return value;
}

// ——— bytes and lines ———

/**
 * The text of a file: by its byte-order mark (UTF-8, UTF-16 LE or BE), else UTF-8, else Windows-1252 (what
 * older Outlook and Excel write) when the bytes are not valid UTF-8 and hold no UTF-8 character at all. A file
 * that is UTF-8 but for some bytes (rows pasted in from another file) is read as UTF-8, so its good rows keep
 * their accents; the bad bytes become U+FFFD, and the rows holding them are reported by line, not imported.
 */
function decode(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes); // drops a UTF-8 BOM
  } catch {
    return hasUtf8Character(bytes)
      ? new TextDecoder("utf-8").decode(bytes)
      : new TextDecoder("windows-1252").decode(bytes);
  }
}

/**
 * Whether the bytes hold a well-formed multi-byte UTF-8 character. Windows-1252 text almost never does: its
 * accented letters stand alone, while a UTF-8 lead byte must be followed by the right number of 0x80–0xBF.
 */
function hasUtf8Character(bytes: Uint8Array): boolean {
  const continuation = (i: number) => i < bytes.length && (bytes[i]! & 0xc0) === 0x80;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) continue;
    let ok = true;
    for (let k = 1; k < length && ok; k++) ok = continuation(i + k);
    if (ok) return true;
  }
  return false;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Line numbers as an editor shows them (CRLF, LF and a lone CR each end one line), counted forward over the
 * bytes as records are read. csv-parse's own line count is not used: it counts a CRLF inside a quoted field
 * as two lines.
 */
class LineCounter {
  readonly #bytes: Buffer;
  #at = 0;
  #line = 1;

  constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }

  /** The line of the record that begins after offset `from` (the previous record's end), past blank lines. */
  startOfRecordAt(from: number): number {
    let start = from;
    while (start < this.#bytes.length && (this.#bytes[start] === LF || this.#bytes[start] === CR)) start++;
    this.#advance(start);
    return this.#line;
  }

  #advance(to: number): void {
    const bytes = this.#bytes;
    for (; this.#at < to; this.#at++) {
      const b = bytes[this.#at];
      if (b === LF || (b === CR && bytes[this.#at + 1] !== LF)) this.#line++;
    }
  }
}
