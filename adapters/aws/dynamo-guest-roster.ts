/**
 * The host's guest list on DynamoDB, read a page at a time from the `roster` index (guest-table.ts) in
 * registration order: an AWS web function answers at most 6 MB, so a long list is paged, never read whole.
 *
 * A page is one or two Queries of the keys-only index (Limit = the page, plus one to know whether more
 * follow) and consistent BatchGetItems of the page's rows. The index names the guests; their rows are read
 * consistently, so a page shows each guest as stored now (a guest registered a moment ago may join the index a
 * moment later: it is eventually consistent).
 *
 * Places in line come from the keys-only `waitlist` index, walked up to the page's last waitlisted guest and
 * kept as a sorted array of sequence numbers (8 bytes a guest in line), never as a list of rows.
 */
import { type DynamoDBClient, QueryCommand, type QueryCommandInput } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { GuestRecord } from "../../contracts/guest.ts";
import type {
  GuestListKey,
  GuestListMarks,
  GuestListWindow,
  GuestListWindowRequest,
} from "../../core/guest-list-reads.ts";
import {
  eventPk,
  guestSk,
  type Item,
  type Key,
  recordOf,
  rosterIndex,
  waitlistIndex,
  waitlistSk,
} from "./guest-table.ts";

export interface RosterDeps {
  client: DynamoDBClient;
  table: string;
  /** Consistent reads of rows by key (the store's BatchGetItem with retries). */
  batchGet(keys: readonly Key[]): Promise<Item[]>;
}

const guestPrefix = "GUEST#";

/** The index's start key for the guest at `key` (the index keys and the table's). */
function startKeyOf(eventId: string, key: GuestListKey): Item {
  return marshall({ eventId, createdAt: key.createdAt, pk: eventPk(eventId), sk: guestSk(key.guestId) });
}

/** A Query's items a page (at most 1 MB, or `Limit`) at a time, from `start` on; the caller stops when it has enough. */
async function* queryPages(
  deps: RosterDeps,
  input: Omit<QueryCommandInput, "TableName" | "ExclusiveStartKey">,
  start?: Item,
): AsyncGenerator<Item[]> {
  do {
    const page = await deps.client.send(
      new QueryCommand({ ...input, TableName: deps.table, ExclusiveStartKey: start }),
    );
    yield page.Items ?? [];
    start = page.LastEvaluatedKey;
  } while (start);
}

/**
 * Up to `count` guests' keys from the roster, forward or backward from `from` (exclusive; absent: an end of
 * the list). The event's own META item shares the index (it has `eventId` and `createdAt` too) and is skipped.
 */
async function rosterKeys(
  deps: RosterDeps,
  eventId: string,
  count: number,
  direction: { from?: GuestListKey; forward: boolean },
): Promise<GuestListKey[]> {
  const keys: GuestListKey[] = [];
  const query = {
    IndexName: rosterIndex,
    KeyConditionExpression: "eventId = :event",
    ExpressionAttributeValues: marshall({ ":event": eventId }),
    ScanIndexForward: direction.forward,
    // One more than wanted: the META item may be among them.
    Limit: count + 1,
  };
  const from = direction.from ? startKeyOf(eventId, direction.from) : undefined;
  for await (const items of queryPages(deps, query, from)) {
    for (const item of items) {
      const sk = item.sk?.S ?? "";
      if (!sk.startsWith(guestPrefix) || keys.length === count) continue;
      keys.push({ createdAt: item.createdAt?.S ?? "", guestId: sk.slice(guestPrefix.length) });
    }
    if (keys.length === count) break;
  }
  return keys;
}

/** One page of the guest list (see `GuestReader.guestListWindow`). */
export async function guestListWindow(
  deps: RosterDeps,
  eventId: string,
  request: GuestListWindowRequest,
): Promise<GuestListWindow> {
  const size = Math.max(1, Math.floor(request.size));
  let keys: GuestListKey[];
  let hasPrevious: boolean;
  let hasNext: boolean;
  const before = request.before;
  const backward = before ? await rosterKeys(deps, eventId, size + 1, { from: before, forward: false }) : [];
  if (before && backward.length > size) {
    keys = backward.slice(0, size).reverse();
    hasPrevious = true;
    hasNext = true;
  } else {
    // The first page, or the one after `after`; a page before that would be short is the first page, full.
    const after = before ? undefined : request.after;
    const forward = await rosterKeys(deps, eventId, size + 1, { from: after, forward: true });
    keys = forward.slice(0, size);
    hasPrevious = after !== undefined;
    hasNext = forward.length > size;
  }
  const guests = await rowsOf(deps, eventId, keys);
  return { guests, waitlistPositions: await placesInLine(deps, eventId, guests), hasPrevious, hasNext };
}

/** The rows behind `keys`, in their order (rows are never deleted, so each is found). */
async function rowsOf(deps: RosterDeps, eventId: string, keys: readonly GuestListKey[]) {
  const pk = eventPk(eventId);
  const byId = new Map<string, GuestRecord>();
  for (const item of await deps.batchGet(keys.map((k) => ({ pk, sk: guestSk(k.guestId) })))) {
    const guest = GuestRecord.parse(recordOf(item));
    byId.set(guest.guestId, guest);
  }
  return keys.flatMap((k) => byId.get(k.guestId) ?? []);
}

/**
 * The places in line of the waitlisted among `guests`: the waitlist index walked from its head to the last of
 * them, keeping only sequence numbers (the index sorts by sequence), a place being the rank of the guest's.
 */
async function placesInLine(
  deps: RosterDeps,
  eventId: string,
  guests: readonly GuestRecord[],
): Promise<Map<string, number>> {
  const waiting = guests.filter((g) => g.status === "waitlisted" && g.waitlistSeq !== null);
  const places = new Map<string, number>();
  if (waiting.length === 0) return places;
  const last = waiting.reduce((a, b) => ((b.waitlistSeq ?? 0) > (a.waitlistSeq ?? 0) ? b : a));
  const seqs = await waitlistSeqs(deps, eventId, waitlistSk(last.waitlistSeq ?? 0, last.guestId));
  for (const g of waiting) {
    const at = lowerBound(seqs, g.waitlistSeq ?? 0);
    // Not in the index yet (it lags a commit for a moment): no place shown rather than a wrong one.
    if (seqs[at] === g.waitlistSeq) places.set(g.guestId, at + 1);
  }
  return places;
}

/** The waitlist's sequence numbers up to the key `upTo` (inclusive), in line order. */
async function waitlistSeqs(deps: RosterDeps, eventId: string, upTo: string): Promise<Float64Array> {
  let seqs = new Float64Array(1024);
  let n = 0;
  const query = {
    IndexName: waitlistIndex,
    KeyConditionExpression: "wlpk = :event AND wlsk <= :last",
    ExpressionAttributeValues: marshall({ ":event": eventId, ":last": upTo }),
  };
  for await (const items of queryPages(deps, query))
    for (const item of items) {
      if (n === seqs.length) {
        const grown = new Float64Array(seqs.length * 2);
        grown.set(seqs);
        seqs = grown;
      }
      seqs[n++] = Number((item.wlsk?.S ?? "").split("#")[0]);
    }
  return seqs.subarray(0, n);
}

/** The first index whose value is not below `value` (`seqs` ascending). */
function lowerBound(seqs: Float64Array, value: number): number {
  let lo = 0;
  let hi = seqs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (seqs[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * How many guests the list holds, and the key of every `every`-th guest (the last of each part of that many):
 * the index's keys alone are read, a 1 MB Query at a time, and only the marks are kept.
 */
export async function guestListMarks(
  deps: RosterDeps,
  eventId: string,
  every: number,
): Promise<GuestListMarks> {
  const marks: GuestListKey[] = [];
  let count = 0;
  const query = {
    IndexName: rosterIndex,
    KeyConditionExpression: "eventId = :event",
    ExpressionAttributeValues: marshall({ ":event": eventId }),
  };
  for await (const items of queryPages(deps, query))
    for (const item of items) {
      const sk = item.sk?.S ?? "";
      if (!sk.startsWith(guestPrefix)) continue;
      count += 1;
      if (count % every === 0)
        marks.push({ createdAt: item.createdAt?.S ?? "", guestId: sk.slice(guestPrefix.length) });
    }
  return { count, marks };
}
