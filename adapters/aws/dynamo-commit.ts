/**
 * The keeper's commit on DynamoDB: ONE TransactWriteItems per keeper decision (the guest store's write path,
 * `DynamoGuestStore.commit`).
 * - the event item is updated on the condition that its version is still the one the keeper decided from
 *   (the port's promise, see `GuestStore`: optimistic concurrency on the event row), so two decisions made
 *   from one read cannot both land, and a second waitlisted guest never gets the first one's number. Within
 *   that, the counters are moved by their differences and, when seats are granted, the cap is checked inside
 *   the write too, as `seatsFree >= :netHeld` (DynamoDB condition expressions cannot add, so the free-seat
 *   count is kept as its own attribute and moved by the same update): the cap rule reads on the item itself;
 * - each guest row is put on the condition that it does not exist yet (plus its EMAIL# item, so a second
 *   registration with the same address fails in the database) or still has the version the keeper read. A
 *   guest who registers again after leaving is the second case: same item, same EMAIL# item, the row put
 *   whole (its `wlsk` names the new waitlist sequence, so the index puts them at the end of the line);
 * - one CMD# item per decided command, on the condition that it does not exist (a redelivery that raced
 *   past the read fails here instead of being applied twice).
 * - a part mark (`ROSTER#<n>`, guest-table.ts) for each new guest whose number is a multiple of 20, numbered
 *   from the event's `rosterSize` as the keeper read it (the event's version condition makes the numbers the
 *   event's own: no two commits number from the same count).
 * Three items per registration and at most 100 per transaction give `maxBatch` = 30 (30 × 3 + the event, and
 * the at most two marks 30 new guests cross).
 * A refused transaction maps to the port's conflicts: the event's condition → `event-missing` when it is gone,
 * `no-seat` when seats were granted and the stored item has too few free, else `stale`; any other condition or
 * a transaction conflict → `stale`. The keeper then reads again and decides again. The SQS FIFO group
 * serialises an event's commands, so in the AWS runtime conflicts come from overlapping redeliveries, not
 * from ordinary traffic.
 */
import {
  type DynamoDBClient,
  TransactionCanceledException,
  TransactionConflictException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { EventRecord } from "../../contracts/event.ts";
import { GuestRecord } from "../../contracts/guest.ts";
import { CommandResult } from "../../contracts/outcome.ts";
import { compareListKeys } from "../../core/guest-list-reads.ts";
import type { BatchDecision, CommitResult } from "../../core/ports.ts";
import {
  commandSk,
  emailSk,
  eventPk,
  guestItem,
  type Item,
  META,
  rosterMarkSk,
  rosterMarkStride,
  storedAnswerTally,
} from "./guest-table.ts";

/** Counters moved relatively by a commit; everything else that changed is set absolutely. */
const relativeCounters = ["confirmed", "offered", "waitlisted", "nextWaitlistSeq"] as const;
/** Event fields the keeper never changes; a decision that changes one is a bug. */
const fixedEventFields = new Set(["eventId", "hostTokenHash", "createdAt"]);
/** A DynamoDB transaction holds at most this many items. */
const transactionLimit = 100;

/** Where a commit writes, and how it reads the event item back when the event's condition failed. */
export interface CommitTarget {
  client: DynamoDBClient;
  table: string;
  /** A consistent read of the event's META item (null when it is gone). */
  readEvent: (eventId: string) => Promise<Item | null>;
}

export function isCancellation(error: unknown): error is TransactionCanceledException {
  return error instanceof TransactionCanceledException;
}

/** A transaction refused because one of its conditions failed (an item existed, or changed), not a fault. */
export function refusedByCondition(error: unknown): boolean {
  return (
    isCancellation(error) &&
    (error.CancellationReasons ?? []).some((r) => r.Code === "ConditionalCheckFailed")
  );
}

/** Writes one keeper decision in one transaction, or answers with the conflict that refused it. */
export async function commitDecision(target: CommitTarget, decision: BatchDecision): Promise<CommitResult> {
  const eventUpdate = eventUpdateOf(target.table, decision);
  const items: TransactWriteItem[] = [
    ...(eventUpdate ? [eventUpdate] : []),
    ...decision.guestWrites.flatMap((write) => guestWriteItems(target.table, write)),
    ...decision.results.map((result) => commandItem(target.table, decision.eventId, result)),
    ...partMarkItems(target.table, decision),
  ];
  if (items.length === 0) return { ok: true };
  if (items.length > transactionLimit) {
    throw new Error(
      `a decision of ${items.length} items exceeds a DynamoDB transaction; keep batches to maxBatch`,
    );
  }
  try {
    await target.client.send(new TransactWriteItemsCommand({ TransactItems: items }));
    return { ok: true };
  } catch (error) {
    return conflictOf(target, error, decision, eventUpdate !== null);
  }
}

/** A new guest: the row and its address claim, each on not existing yet; a known one: the row on its version. */
function guestWriteItems(table: string, write: BatchDecision["guestWrites"][number]): TransactWriteItem[] {
  const guest = GuestRecord.parse(write.new);
  if (write.old === null) {
    return [
      { Put: { TableName: table, Item: guestItem(guest), ConditionExpression: "attribute_not_exists(pk)" } },
      {
        // Refused when the address already belongs to a guest: the database enforces uniqueness too.
        Put: {
          TableName: table,
          Item: marshall({
            pk: eventPk(guest.eventId),
            sk: emailSk(guest.emailKey),
            eventId: guest.eventId,
            guestId: guest.guestId,
          }),
          // No condition of its own: the event's version condition already makes n this guest's alone.
        },
      },
    ];
  }
  const moved = write.old.emailKey !== guest.emailKey ? [freedAddress(table, write.old)] : [];
  return [
    ...moved,
    {
      // The whole row is replaced, which also drops wlpk/wlsk when the guest leaves the waitlist.
      Put: {
        TableName: table,
        Item: guestItem(guest),
        ConditionExpression: "#version = :oldVersion",
        ExpressionAttributeNames: { "#version": "version" },
        ExpressionAttributeValues: marshall({ ":oldVersion": write.old.version }),
      },
    },
  ];
}

/**
 * A guest's address key changed (their data was erased, core/guest-erasure.ts): the old EMAIL# item goes, so the
 * address is free for a new registration. The erased key is not claimed: it is made of the guest id, so no
 * other guest can hold it, and the erase then costs three items (row, address, command) as a registration does.
 */
function freedAddress(table: string, old: GuestRecord): TransactWriteItem {
  return {
    Delete: {
      TableName: table,
      Key: marshall({ pk: eventPk(old.eventId), sk: emailSk(old.emailKey) }),
      ConditionExpression: "attribute_not_exists(pk) OR guestId = :guestId",
      ExpressionAttributeValues: marshall({ ":guestId": old.guestId }),
    },
  };
}

/** A decided command's CMD# item, put only once (a redelivery that raced past the read fails here). */
function commandItem(table: string, eventId: string, result: CommandResult): TransactWriteItem {
  const valid = CommandResult.parse(result);
  return {
    Put: {
      TableName: table,
      Item: marshall({ pk: eventPk(eventId), sk: commandSk(valid.commandId), ...valid }),
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

/**
 * The part marks this decision's new guests reach: they are numbered after the `rosterSize` the keeper read,
 * in registration order (time, then guest id: a batch's guests share one time), and every `rosterMarkStride`-th
 * is marked. None on events that do not count (rows from before `rosterSize`).
 */
function partMarkItems(table: string, decision: BatchDecision): TransactWriteItem[] {
  const counted = decision.before.rosterSize;
  if (counted === undefined) return [];
  const added = decision.guestWrites
    .filter((write) => write.old === null)
    .map((write) => write.new)
    .sort(compareListKeys);
  return added.flatMap((guest, i) => {
    const n = counted + i + 1;
    if (n % rosterMarkStride !== 0) return [];
    return [
      {
        Put: {
          TableName: table,
          Item: marshall({
            pk: eventPk(guest.eventId),
            sk: rosterMarkSk(n),
            at: guest.createdAt,
            guestId: guest.guestId,
          }),
          // No condition of its own: the event's version condition already makes n this guest's alone.
        },
      },
    ];
  });
}

/**
 * The update of the event item, or null when the decision leaves the event as it was (only duplicates,
 * refusals and no-ops: their CMD# items are written alone).
 */
function eventUpdateOf(table: string, decision: BatchDecision): TransactWriteItem | null {
  const { before, after } = decision;
  const changed = (Object.keys(after) as (keyof EventRecord)[]).filter(
    (field) => JSON.stringify(after[field]) !== JSON.stringify(before[field]),
  );
  if (after === before || changed.length === 0) return null;

  const { names, values, sets } = eventSets(decision, changed);
  // The event row as the keeper read it: its version is the whole of the concurrency promise.
  values[":beforeVersion"] = before.version;
  const conditions = ["attribute_exists(pk)", "#version = :beforeVersion"];
  if (decision.seatsGranted > 0) {
    // The cap check, on the stored counters rather than on what the keeper read.
    values[":netHeld"] = netHeldOf(decision);
    conditions.push("#seatsFree >= :netHeld");
  }
  return {
    Update: {
      TableName: table,
      Key: marshall({ pk: eventPk(decision.eventId), sk: META }),
      UpdateExpression: `SET ${sets.join(", ")}`,
      ConditionExpression: conditions.join(" AND "),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: marshall(values, { removeUndefinedValues: true }),
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    },
  };
}

/** The SET clauses of the event update: the version bumped, counters moved by their deltas, the rest set. */
function eventSets(decision: BatchDecision, changed: readonly (keyof EventRecord)[]) {
  const { before, after } = decision;
  const names: Record<string, string> = { "#version": "version" };
  const values: Record<string, unknown> = { ":one": 1 };
  const sets = ["#version = #version + :one"];
  for (const field of relativeCounters) {
    const delta = after[field] - before[field];
    if (delta === 0) continue;
    names[`#${field}`] = field;
    values[`:d_${field}`] = delta;
    sets.push(`#${field} = #${field} + :d_${field}`);
  }
  const netHeld = netHeldOf(decision);
  if (netHeld !== 0 || decision.seatsGranted > 0) names["#seatsFree"] = "seatsFree";
  if (netHeld !== 0) {
    values[":netHeld"] = netHeld;
    sets.push("#seatsFree = #seatsFree - :netHeld");
  }
  for (const field of changed) {
    if ((relativeCounters as readonly string[]).includes(field) || field === "version") continue;
    if (fixedEventFields.has(field)) throw new Error(`the keeper cannot change an event's ${field}`);
    names[`#${field}`] = field;
    values[`:${field}`] = field === "answerTally" ? storedAnswerTally(after.answerTally) : after[field];
    sets.push(`#${field} = :${field}`);
  }
  return { names, values, sets };
}

/** Translates a refused transaction into the port's conflict; anything that is not a refusal throws. */
async function conflictOf(
  target: CommitTarget,
  error: unknown,
  decision: BatchDecision,
  eventFirst: boolean,
): Promise<CommitResult> {
  if (error instanceof TransactionConflictException) return { ok: false, conflict: "stale" };
  if (!isCancellation(error)) throw error;
  const reasons = error.CancellationReasons ?? [];
  const eventReason = eventFirst ? reasons[0] : undefined;
  if (eventReason?.Code === "ConditionalCheckFailed") {
    const exists = eventReason.Item !== undefined || (await target.readEvent(decision.eventId));
    if (!exists) return { ok: false, conflict: "event-missing" };
    // Report a lost seat race as such, whatever else changed: the keeper then waitlists on a fresh read.
    const seatsFree = Number(eventReason.Item?.seatsFree?.N ?? Number.NaN);
    const seatsTaken = !(seatsFree >= netHeldOf(decision));
    return { ok: false, conflict: decision.seatsGranted > 0 && seatsTaken ? "no-seat" : "stale" };
  }
  if (reasons.some((r) => r.Code === "ConditionalCheckFailed" || r.Code === "TransactionConflict")) {
    return { ok: false, conflict: "stale" };
  }
  throw error;
}

/** Seats a decision takes net of a raised cap: how many must still be free when its write lands. */
function netHeldOf({ before, after }: BatchDecision): number {
  const heldDelta = after.confirmed + after.offered - (before.confirmed + before.offered);
  return heldDelta - (after.capacity - before.capacity);
}
