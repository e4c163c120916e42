/**
 * The guest table's layout: one DynamoDB table, single-table design, and how records map to its items.
 *
 *
 * | pk                 | sk                 | item                                                             |
 * |--------------------|--------------------|------------------------------------------------------------------|
 * | `EVENT#<eventId>`  | `META`             | the EventRecord, plus `seatsFree` = capacity − confirmed − offered |
 * | `EVENT#<eventId>`  | `GUEST#<guestId>`  | the GuestRecord, plus `wlpk`/`wlsk` while the guest is waitlisted |
 * | `EVENT#<eventId>`  | `EMAIL#<emailKey>` | `{ eventId, guestId }`: one address, one guest, enforced by a put  |
 * | `EVENT#<eventId>`  | `CMD#<commandId>`  | the CommandResult of each applied command                         |
 * | `EVENT#<eventId>`  | `ROSTER#<n>`       | `{ at, guestId }` of the n-th guest written, every 20th: a part mark |
 * | `HOST#<tokenHash>` | `META`             | `{ eventId }`: the host-token lookup                              |
 *
 * GSI `waitlist` (keys only, sparse): `wlpk` = eventId, `wlsk` = zero-padded waitlistSeq + "#" + guestId.
 * Only waitlisted guests carry those attributes, so a guest's place in line is one COUNT query of the keys
 * before theirs. A GSI is eventually consistent: right after a commit a position may lag for a moment.
 *
 * GSI `roster` (keys only): `eventId` + `createdAt`, attributes every guest item (and the event's META item)
 * has always carried, so the index holds every guest ever written, with no backfill, in registration order:
 * the host's guest list is read from it a page at a time (dynamo-guest-roster.ts). A guest's `createdAt` never
 * changes, so a keys-only index is written once per guest, not on every change. Items with equal `createdAt`
 * (one keeper batch) are told apart by the table key in a page's start key, so paging neither repeats nor
 * skips one.
 *
 * GSI `names` (keys only, sparse): `nmpk` = eventId, `nmsk` = the guest's name folded (core/name-search.ts) +
 * "#" + guestId, on every guest item written since it (erased guests' rows carry none). The door's search by
 * name reads the names that begin with what the helper typed from it, a few keys, never the list. Rows written
 * before it lack the attributes; an event created since counts its rows (`rosterSize`), so every one of its
 * guests carries them, and the store answers from the index only for such an event (the door reads the list
 * for older ones).
 *
 * Part marks (`ROSTER#<n>`, n zero-padded to 12 digits, a multiple of `rosterMarkStride`): the keeper numbers
 * the guests it writes by the event's `rosterSize` (contracts/event.ts) and, in the same transaction as the
 * n-th guest's row, puts the item naming that guest. A download's page of parts then reads the marks it needs
 * by key (a part of 5,000 guests ends at mark 5,000, 10,000, …) instead of walking the roster. The item holds
 * no `eventId`/`createdAt` attributes, so it is not in the roster index, and no personal data.
 *
 * Every item is also a stream record (NEW_AND_OLD_IMAGES); the sk prefix says what kind it is.
 */
import type { AttributeValue, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import { nameFold } from "../../core/name-search.ts";
import { createOnDemandTable, pkSkKey } from "./dynamo-table.ts";

export type Item = Record<string, AttributeValue>;
export type Key = { pk: string; sk: string };

/** The name of the sparse waitlist index. */
export const waitlistIndex = "waitlist";
/** The name of the guest list's index in registration order (keys `eventId`, `createdAt`). */
export const rosterIndex = "roster";
/** The name of the door's index of guests by folded name (keys `nmpk`, `nmsk`). */
export const namesIndex = "names";

export const META = "META";
export const eventPk = (eventId: string) => `EVENT#${eventId}`;
export const hostPk = (hostTokenHash: string) => `HOST#${hostTokenHash}`;
export const guestSk = (guestId: string) => `GUEST#${guestId}`;
export const emailSk = (key: string) => `EMAIL#${key}`;
export const commandSk = (commandId: string) => `CMD#${commandId}`;
/** Every this many guests written, the keeper puts a part mark (`rosterMarkSk`). */
export const rosterMarkStride = 20;
/** The part mark of the n-th guest written (1-based); sorts in number order. */
export const rosterMarkSk = (n: number) => `ROSTER#${String(n).padStart(12, "0")}`;
/** Sorts as a string in sequence order; 12 digits outlast any event. */
export const waitlistSk = (seq: number, guestId: string) => `${String(seq).padStart(12, "0")}#${guestId}`;

/** Attributes that exist only for DynamoDB's sake, never part of a contract record. */
const storageAttributes = ["pk", "sk", "wlpk", "wlsk", "nmpk", "nmsk", "seatsFree"] as const;

/** The contract record an item holds: the item without its DynamoDB-only attributes. */
export function recordOf(item: Item): Record<string, unknown> {
  const record = unmarshall(item);
  for (const attribute of storageAttributes) delete record[attribute];
  if (typeof record.answerTally === "string") record.answerTally = JSON.parse(record.answerTally);
  return record;
}

/**
 * The event's answer tally as stored: JSON text, because it holds empty maps (a new event's, a text question's
 * values), and the Streams API client cannot read an empty map in a stream image (see `guestItem`).
 * `recordOf` reads it back.
 */
export const storedAnswerTally = (tally: EventRecord["answerTally"]) =>
  tally === undefined ? undefined : JSON.stringify(tally);

/** The event item: the record plus `seatsFree`, which the cap check in a commit reads. */
export function eventItem(event: EventRecord): Item {
  return marshall(
    {
      pk: eventPk(event.eventId),
      sk: META,
      ...event,
      answerTally: storedAnswerTally(event.answerTally),
      seatsFree: event.capacity - event.confirmed - event.offered,
    },
    { removeUndefinedValues: true },
  );
}

/**
 * The guest item: the record plus the waitlist index keys while (and only while) the guest is waitlisted. No
 * answers are stored as no attribute (the record reads them back as {}): the Streams API client reads an empty
 * map in a stream image as a value of no type, which no unmarshall can read (the local stream poller and the
 * replay of a failed batch read images through it).
 */
export function guestItem(guest: GuestRecord): Item {
  const waitlist =
    guest.status === "waitlisted" && guest.waitlistSeq !== null
      ? { wlpk: guest.eventId, wlsk: waitlistSk(guest.waitlistSeq, guest.guestId) }
      : {};
  // An erased guest's name says nothing about them: not in the door's name index.
  const named =
    guest.erasedAt !== undefined
      ? {}
      : { nmpk: guest.eventId, nmsk: `${nameFold(guest.name)}#${guest.guestId}` };
  const { answers, ...rest } = guest;
  const stored = answers && Object.keys(answers).length > 0 ? { ...rest, answers } : rest;
  return marshall(
    { pk: eventPk(guest.eventId), sk: guestSk(guest.guestId), ...stored, ...waitlist, ...named },
    { removeUndefinedValues: true },
  );
}

/**
 * Creates the guest table with its waitlist, roster and names indexes (for tests and local use; the CDK stack owns it in AWS).
 * On-demand billing; a stream with old and new images feeds the change handlers.
 */
export async function createGuestTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await createOnDemandTable(client, {
    TableName: tableName,
    AttributeDefinitions: [
      ...pkSkKey.attributes,
      { AttributeName: "wlpk", AttributeType: "S" },
      { AttributeName: "wlsk", AttributeType: "S" },
      { AttributeName: "eventId", AttributeType: "S" },
      { AttributeName: "createdAt", AttributeType: "S" },
      { AttributeName: "nmpk", AttributeType: "S" },
      { AttributeName: "nmsk", AttributeType: "S" },
    ],
    KeySchema: pkSkKey.schema,
    GlobalSecondaryIndexes: [
      {
        IndexName: waitlistIndex,
        KeySchema: [
          { AttributeName: "wlpk", KeyType: "HASH" },
          { AttributeName: "wlsk", KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "KEYS_ONLY" },
      },
      {
        IndexName: rosterIndex,
        KeySchema: [
          { AttributeName: "eventId", KeyType: "HASH" },
          { AttributeName: "createdAt", KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "KEYS_ONLY" },
      },
      {
        IndexName: namesIndex,
        KeySchema: [
          { AttributeName: "nmpk", KeyType: "HASH" },
          { AttributeName: "nmsk", KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "KEYS_ONLY" },
      },
    ],
    StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
  });
}
