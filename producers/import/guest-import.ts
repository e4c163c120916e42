/**
 * The host import lane: a guest-list file becomes one `register` command per good row, on the event's queue.
 * Like every producer it validates and enqueues; the keeper decides every seat, in list order.
 */
import { createHash, hash } from "node:crypto";
import type { Command } from "../../contracts/command.ts";
import type { Question } from "../../contracts/questions.ts";
import { orderedImportCommandId } from "../../core/guest-ids.ts";
import type { CommandQueue, GuestReader } from "../../core/ports.ts";
import { type GuestList, type GuestRow, parseGuestListCsv } from "./guest-list-csv.ts";

export interface ImportOptions {
  eventId: string;
  /** The file as read: its bytes name the import, so the same file imported twice sends the same commands. */
  file: Uint8Array;
  /** Rows ask for seats (confirmed while seats last, then the waitlist); otherwise they are invited (pending). */
  preConfirmed: boolean;
  issuedAt: Date;
  /** The event's questions: a column headed with a question's label fills its answers (none: no answers). */
  questions?: readonly Question[];
  /** Commands per send; each send is one durable write. */
  chunkSize?: number;
  /**
   * Told after each chunk is durable, with how many of `total` are queued so far (`total`: the rows not found
   * applied before, as far as they have been looked up).
   */
  onProgress?: (queued: number, total: number) => void;
}

export interface ImportResult extends GuestList {
  /** Commands handed to the queue (the queue drops one whose command id is still waiting there). */
  queued: number;
  /** Rows whose command the keeper had already applied: this file was imported before. */
  alreadyImported: number;
}

/**
 * The command id of a row: from the event, the file's content and the row's line, so importing the same file
 * again repeats the same ids and changes nothing (the queue drops ids still waiting, the keeper ids it applied).
 * The ids of one file sort in line order (`orderedImportCommandId`), and so do the ids of the guests they create:
 * the keeper's indexes take a long list's rows side by side instead of at random places.
 */
export function importCommandId(eventId: string, fileHash: string, line: number): string {
  return importCommandIds(eventId, fileHash)(line);
}

/** `importCommandId` for the lines of one file: its tag hashed once. */
function importCommandIds(eventId: string, fileHash: string): (line: number) => string {
  const fileTag = hash("sha256", `${eventId}\n${fileHash}`, "hex");
  return (line) => orderedImportCommandId(fileTag, line, rowDigest(eventId, fileHash, line));
}

/**
 * The command id a row had before import ids were ordered (all random). A file imported with those ids keeps
 * them when imported again, so the rows it queued and applied are recognised as before.
 */
export function legacyImportCommandId(eventId: string, fileHash: string, line: number): string {
  return `imp-${rowDigest(eventId, fileHash, line).slice(0, 32)}`;
}

function rowDigest(eventId: string, fileHash: string, line: number): string {
  return hash("sha256", `${eventId}\n${fileHash}\n${line}`, "base64url");
}

/** The SHA-256 (hex) of a file's bytes. */
function fileHash(file: Uint8Array): string {
  return createHash("sha256").update(file).digest("hex");
}

/** One `register` command per row, in list order. */
function registerCommands(
  eventId: string,
  rows: readonly GuestRow[],
  options: { fileHash: string; preConfirmed: boolean; issuedAt: Date; legacyIds: boolean },
): Command[] {
  const idOf = options.legacyIds
    ? (line: number) => legacyImportCommandId(eventId, options.fileHash, line)
    : importCommandIds(eventId, options.fileHash);
  const issuedAt = options.issuedAt.toISOString();
  return rows.map((row) => ({
    type: "register",
    eventId,
    commandId: idOf(row.line),
    issuedAt,
    lane: "import",
    name: row.name,
    email: row.email,
    party: row.party ?? 1,
    answers: row.answers ?? {},
    // Pending guests are invited to confirm; pre-confirmed ones are seat requests like a web registration.
    invite: !options.preConfirmed,
  }));
}

/**
 * Reads a guest-list CSV and enqueues its good rows for the event. Rows whose command was already applied (an
 * earlier import of the same file) are not sent again; the keeper would recognise them anyway, this only
 * keeps the count honest.
 */
export async function importGuestListCsv(
  ports: { queue: CommandQueue; reader: Pick<GuestReader, "getCommandResult"> },
  options: ImportOptions,
): Promise<ImportResult> {
  const list = parseGuestListCsv(options.file, options.questions ?? []);
  const fileDigest = fileHash(options.file);
  const commands = registerCommands(options.eventId, list.rows, {
    fileHash: fileDigest,
    preConfirmed: options.preConfirmed,
    issuedAt: options.issuedAt,
    legacyIds: await importedWithLegacyIds(ports.reader, options.eventId, fileDigest, list.rows),
  });
  const chunkSize = options.chunkSize ?? 500;
  let queued = 0;
  let alreadyImported = 0;
  // Chunk by chunk, so the keeper starts on the first while the next is looked up. The first is smaller (a
  // tenth, at least 500 rows): a 100,000-row file's keeper waited half a second longer for a first 25,000.
  const firstChunk = Math.min(chunkSize, Math.max(500, Math.ceil(chunkSize / 10)));
  for (let at = 0, size = firstChunk; at < commands.length; at += size, size = chunkSize) {
    const chunk = commands.slice(at, at + size);
    const fresh = await notYetApplied(ports.reader, chunk);
    alreadyImported += chunk.length - fresh.length;
    if (fresh.length === 0) continue;
    await ports.queue.send(fresh);
    queued += fresh.length;
    options.onProgress?.(queued, commands.length - alreadyImported);
  }
  return { ...list, queued, alreadyImported };
}

/**
 * Whether this file was imported (or begun) before import ids were ordered: the keeper applies rows in list
 * order, so its first row then has a result under its old id. One lookup.
 */
async function importedWithLegacyIds(
  reader: Pick<GuestReader, "getCommandResult">,
  eventId: string,
  fileDigest: string,
  rows: readonly GuestRow[],
): Promise<boolean> {
  const first = rows[0];
  if (!first) return false;
  const legacyId = legacyImportCommandId(eventId, fileDigest, first.line);
  return (await reader.getCommandResult(eventId, legacyId)) !== null;
}

/** The commands the keeper has no result for yet. */
async function notYetApplied(
  reader: Pick<GuestReader, "getCommandResult">,
  commands: readonly Command[],
): Promise<Command[]> {
  // A few lookups at a time: on DynamoDB each is a round trip, and 10,000 of them one by one take minutes.
  const applied = await mapConcurrently(commands, lookupConcurrency, (c) =>
    reader.getCommandResult(c.eventId, c.commandId),
  );
  return commands.filter((_, i) => !applied[i]);
}

/** Lookups of earlier results in flight at once. */
const lookupConcurrency = 16;

/** `fn` over the items, at most `limit` at a time; the results in the items' order. */
async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
