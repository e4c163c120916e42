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
 *
 * The download in parts: its page of parts reads the part marks the keeper writes every 20 guests
 * (`ROSTER#<n>`, guest-table.ts) by key, and a part is the range of registration order between two marks
 * (`guestListPart`), so each guest is in exactly one part while guests register during the download.
 */
import { type DynamoDBClient, QueryCommand, type QueryCommandInput } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { GuestRecord } from "../../contracts/guest.ts";
import {
  compareListKeys,
  type GuestListKey,
  type GuestListMarks,
  type GuestListPartRequest,
  type GuestListWindow,
  type GuestListWindowRequest,
} from "../../core/guest-list-reads.ts";
import {
  eventPk,
  guestSk,
  type Item,
  type Key,
  META,
  recordOf,
  rosterIndex,
  rosterMarkSk,
  rosterMarkStride,
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
 * How many guests the list holds, and the key of every `every`-th guest (the last of each part of that many).
 * On an event the keeper counts (`rosterSize`), with `every` a multiple of the marks' stride, the marks are read
 * by key: the event item and one `ROSTER#<n>` item a part, then the index's keys after the last mark, fewer than
 * a part, to check the count against the index. Otherwise (an event from before the count, rows written around
 * the keeper, a part size off the stride) the roster's keys are walked, a 1 MB Query at a time, keeping only
 * the marks.
 */
export async function guestListMarks(
  deps: RosterDeps,
  eventId: string,
  every: number,
): Promise<GuestListMarks> {
  return (await markedMarks(deps, eventId, every)) ?? (await walkedMarks(deps, eventId, every));
}

/** The marks as the keeper wrote them, or null when they cannot be trusted to cover the list. */
async function markedMarks(deps: RosterDeps, eventId: string, every: number): Promise<GuestListMarks | null> {
  if (every % rosterMarkStride !== 0) return null;
  const pk = eventPk(eventId);
  const [meta] = await deps.batchGet([{ pk, sk: META }]);
  const size = meta?.rosterSize?.N === undefined ? Number.NaN : Number(meta.rosterSize.N);
  if (!Number.isSafeInteger(size)) return null;
  const numbers = Array.from({ length: Math.floor(size / every) }, (_, i) => (i + 1) * every);
  const items = await deps.batchGet(numbers.map((n) => ({ pk, sk: rosterMarkSk(n) })));
  if (items.length !== numbers.length) return null;
  const marks = items
    .map((item) => ({ createdAt: item.at?.S ?? "", guestId: item.guestId?.S ?? "" }))
    .sort(compareListKeys);
  // The guests after the last mark, as the index has them: fewer than a part, or the count is not the list's.
  const last = marks[marks.length - 1];
  const tail = await rangeKeys(deps, eventId, { ...(last ? { after: last } : {}), most: every });
  if (tail.length >= every) return null;
  return { count: Math.max(size, marks.length * every + tail.length), marks };
}

/**
 * The marks found by walking the roster index's keys, a 1 MB Query at a time. The index sorts by time alone, so
 * the guests of one time (one keeper batch) are counted in guest id order, as `compareListKeys` orders them.
 */
async function walkedMarks(deps: RosterDeps, eventId: string, every: number): Promise<GuestListMarks> {
  const marks: GuestListKey[] = [];
  let count = 0;
  let ties: GuestListKey[] = [];
  const counted = () => {
    for (const key of ties.sort(compareListKeys)) if (++count % every === 0) marks.push(key);
    ties = [];
  };
  const query = {
    IndexName: rosterIndex,
    KeyConditionExpression: "eventId = :event",
    ExpressionAttributeValues: marshall({ ":event": eventId }),
  };
  for await (const items of queryPages(deps, query))
    for (const item of items) {
      const sk = item.sk?.S ?? "";
      if (!sk.startsWith(guestPrefix)) continue;
      const key = { createdAt: item.createdAt?.S ?? "", guestId: sk.slice(guestPrefix.length) };
      if (ties[0] && ties[0].createdAt !== key.createdAt) counted();
      ties.push(key);
    }
  counted();
  return { count, marks };
}

/**
 * The keys of the guests after `after` and up to `through` in registration order (`compareListKeys`), at most
 * `most` + 1 of them (one more says the range holds more). The index is asked for the times between the two
 * (ties included) and each key is placed by the comparison alone, never by the index's order among equal
 * times (which DynamoDB does not define): so two parts that meet at a mark never share a guest nor both miss one.
 */
async function rangeKeys(
  deps: RosterDeps,
  eventId: string,
  range: GuestListPartRequest,
): Promise<GuestListKey[]> {
  const { after, through } = range;
  const times =
    after && through
      ? " AND createdAt BETWEEN :from AND :to"
      : after
        ? " AND createdAt >= :from"
        : through
          ? " AND createdAt <= :to"
          : "";
  const query = {
    IndexName: rosterIndex,
    KeyConditionExpression: `eventId = :event${times}`,
    ExpressionAttributeValues: marshall({
      ":event": eventId,
      ...(after ? { ":from": after.createdAt } : {}),
      ...(through ? { ":to": through.createdAt } : {}),
    }),
  };
  const keys: GuestListKey[] = [];
  for await (const items of queryPages(deps, query)) {
    for (const item of items) {
      const sk = item.sk?.S ?? "";
      if (!sk.startsWith(guestPrefix)) continue;
      const key = { createdAt: item.createdAt?.S ?? "", guestId: sk.slice(guestPrefix.length) };
      if (after && compareListKeys(key, after) <= 0) continue;
      if (through && compareListKeys(key, through) > 0) continue;
      keys.push(key);
    }
    if (keys.length > range.most) break;
  }
  return keys.sort(compareListKeys);
}

/** One part of a download in parts (see `GuestReader.guestListPart`). */
export async function guestListPart(
  deps: RosterDeps,
  eventId: string,
  request: GuestListPartRequest,
): Promise<GuestListWindow> {
  const keys = await rangeKeys(deps, eventId, request);
  const hasNext = keys.length > request.most;
  const guests = hasNext ? [] : await rowsOf(deps, eventId, keys);
  return {
    guests,
    waitlistPositions: await placesInLine(deps, eventId, guests),
    hasPrevious: request.after !== undefined,
    hasNext,
  };
}
