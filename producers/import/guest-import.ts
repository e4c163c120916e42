/**
 * The host import lane: a guest-list file becomes one `register` command per good row, on the event's queue.
 * Like every producer it validates and enqueues; the keeper decides every seat, in list order.
 */
import { createHash } from "node:crypto";
import type { Command } from "../../contracts/command.ts";
import type { Question } from "../../contracts/questions.ts";
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
 */
export function importCommandId(eventId: string, fileHash: string, line: number): string {
  const digest = createHash("sha256").update(`${eventId}\n${fileHash}\n${line}`).digest("base64url");
  return `imp-${digest.slice(0, 32)}`;
}

/** The SHA-256 (hex) of a file's bytes. */
function fileHash(file: Uint8Array): string {
  return createHash("sha256").update(file).digest("hex");
}

/** One `register` command per row, in list order. */
function registerCommands(
  eventId: string,
  rows: readonly GuestRow[],
  options: { fileHash: string; preConfirmed: boolean; issuedAt: Date },
): Command[] {
  const issuedAt = options.issuedAt.toISOString();
  return rows.map((row) => ({
    type: "register",
    eventId,
    commandId: importCommandId(eventId, options.fileHash, row.line),
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
  const commands = registerCommands(options.eventId, list.rows, {
    fileHash: fileHash(options.file),
    preConfirmed: options.preConfirmed,
    issuedAt: options.issuedAt,
  });
  const chunkSize = options.chunkSize ?? 500;
  let queued = 0;
  let alreadyImported = 0;
  // Chunk by chunk, so the keeper starts on the first while the next is looked up.
  for (let at = 0; at < commands.length; at += chunkSize) {
    const chunk = commands.slice(at, at + chunkSize);
    const fresh = await notYetApplied(ports.reader, chunk);
    alreadyImported += chunk.length - fresh.length;
    if (fresh.length === 0) continue;
    await ports.queue.send(fresh);
    queued += fresh.length;
    options.onProgress?.(queued, commands.length - alreadyImported);
  }
  return { ...list, queued, alreadyImported };
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
