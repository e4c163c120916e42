/**
 * The guest store on DynamoDB, over the single table laid out in `guest-table.ts`.
 *
 * Writes. `createEvent` puts the event and its host item in one transaction. `commit` is ONE
 * TransactWriteItems per keeper decision:
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
 * Three items per registration and at most 100 per transaction give `maxBatch` = 30 (30 × 3 + the event).
 * A refused transaction maps to the port's conflicts: the event's condition → `event-missing` when it is gone,
 * `no-seat` when seats were granted and the stored item has too few free, else `stale`; any other condition or
 * a transaction conflict → `stale`. The keeper then reads again and decides again. The SQS FIFO group
 * serialises an event's commands, so in the AWS runtime conflicts come from overlapping redeliveries, not
 * from ordinary traffic.
 */
import {
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  ScanCommand,
  TransactionCanceledException,
  TransactionConflictException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { Command } from "../../contracts/command.ts";
import { type EventChange, EventRecord } from "../../contracts/event.ts";
import { GuestRecord } from "../../contracts/guest.ts";
import { CommandResult } from "../../contracts/outcome.ts";
import { headLength, keysOf } from "../../core/keeper-reads.ts";
import type {
  BatchDecision,
  CommitResult,
  EventDirectory,
  GuestStore,
  HostLinkStore,
  KeeperView,
} from "../../core/ports.ts";
import {
  commandSk,
  emailSk,
  eventItem,
  eventPk,
  guestItem,
  guestSk,
  hostPk,
  type Item,
  type Key,
  META,
  recordOf,
  storedAnswerTally,
  waitlistIndex,
  waitlistSk,
} from "./guest-table.ts";

export interface DynamoGuestStoreOptions {
  client: DynamoDBClient;
  tableName: string;
}

/** Counters moved relatively by `commit`; everything else that changed is set absolutely. */
const relativeCounters = ["confirmed", "offered", "waitlisted", "nextWaitlistSeq"] as const;
/** Event fields the keeper never changes; a decision that changes one is a bug. */
const fixedEventFields = new Set(["eventId", "hostTokenHash", "createdAt"]);

/** At most this many keys per BatchGetItem request (a DynamoDB limit). */
const batchGetLimit = 100;
/** A DynamoDB transaction holds at most this many items. */
const transactionLimit = 100;

function isCancellation(error: unknown): error is TransactionCanceledException {
  return error instanceof TransactionCanceledException;
}

/** A transaction refused because one of its conditions failed (an item existed, or changed), not a fault. */
function refusedByCondition(error: unknown): boolean {
  return (
    isCancellation(error) &&
    (error.CancellationReasons ?? []).some((r) => r.Code === "ConditionalCheckFailed")
  );
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The GuestStore port on one DynamoDB table (see the layout above). */
export class DynamoGuestStore implements GuestStore, EventDirectory, HostLinkStore {
  readonly maxBatch = 30;
  readonly #client: DynamoDBClient;
  readonly #table: string;

  constructor(options: DynamoGuestStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async createEvent(event: EventRecord): Promise<boolean> {
    const valid = EventRecord.parse(event);
    try {
      await this.#client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#table,
                Item: eventItem(valid),
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            {
              // A host-token collision (a 256-bit hash) is not a case worth a branch: it fails the same way.
              Put: {
                TableName: this.#table,
                Item: marshall({ pk: hostPk(valid.hostTokenHash), sk: META, eventId: valid.eventId }),
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (refusedByCondition(error)) return false;
      throw error;
    }
  }

  // ——— the admin area (producers/web/admin-service.ts): every event, and its interim writes ———

  /** Every event: a scan for the events' META items (an instance holds tens of events, so a scan is fine). */
  async listEvents(): Promise<EventRecord[]> {
    const events: EventRecord[] = [];
    let start: Item | undefined;
    do {
      const page = await this.#client.send(
        new ScanCommand({
          TableName: this.#table,
          FilterExpression: "sk = :meta AND begins_with(pk, :event)",
          ExpressionAttributeValues: marshall({ ":meta": META, ":event": "EVENT#" }),
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) events.push(EventRecord.parse(recordOf(item)));
      start = page.LastEvaluatedKey;
    } while (start);
    return events.sort((a, b) => compare(a.createdAt, b.createdAt));
  }

  /**
   * A renewed host link (core/host-link.ts) in one transaction: the event item's hash (on the condition that it
   * is still `fromHash`), its version and last change, so the stream audits it; the old `HOST#` lookup item
   * deleted (the old link stops working), the new one put.
   */
  async replaceHostToken(eventId: string, fromHash: string, toHash: string, change: EventChange) {
    try {
      await this.#client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.#table,
                Key: marshall({ pk: eventPk(eventId), sk: META }),
                UpdateExpression:
                  "SET #hash = :to, #version = #version + :one, #updatedAt = :at, #lastChange = :change",
                ConditionExpression: "attribute_exists(pk) AND #hash = :from",
                ExpressionAttributeNames: {
                  "#hash": "hostTokenHash",
                  "#version": "version",
                  "#updatedAt": "updatedAt",
                  "#lastChange": "lastChange",
                },
                ExpressionAttributeValues: marshall(
                  { ":to": toHash, ":from": fromHash, ":one": 1, ":at": change.at, ":change": change },
                  { removeUndefinedValues: true },
                ),
              },
            },
            { Delete: { TableName: this.#table, Key: marshall({ pk: hostPk(fromHash), sk: META }) } },
            {
              Put: {
                TableName: this.#table,
                Item: marshall({ pk: hostPk(toHash), sk: META, eventId }),
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (refusedByCondition(error)) return false;
      throw error;
    }
  }

  async getEvent(eventId: string): Promise<EventRecord | null> {
    const item = await this.#get({ pk: eventPk(eventId), sk: META });
    return item ? EventRecord.parse(recordOf(item)) : null;
  }

  async findEventByHostTokenHash(hostTokenHash: string): Promise<EventRecord | null> {
    const host = await this.#get({ pk: hostPk(hostTokenHash), sk: META });
    const eventId = host?.eventId?.S;
    return eventId ? this.getEvent(eventId) : null;
  }

  async getGuest(eventId: string, guestId: string): Promise<GuestRecord | null> {
    const item = await this.#get({ pk: eventPk(eventId), sk: guestSk(guestId) });
    return item ? GuestRecord.parse(recordOf(item)) : null;
  }

  async listGuests(eventId: string): Promise<GuestRecord[]> {
    const guests: GuestRecord[] = [];
    let start: Item | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :guest)",
          ExpressionAttributeValues: marshall({ ":pk": eventPk(eventId), ":guest": "GUEST#" }),
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) guests.push(GuestRecord.parse(recordOf(item)));
      start = page.LastEvaluatedKey;
    } while (start);
    return guests.sort((a, b) =>
      a.createdAt === b.createdAt ? compare(a.guestId, b.guestId) : compare(a.createdAt, b.createdAt),
    );
  }

  /**
   * Through the `EMAIL#<emailKey>` item the registration wrote in the same transaction as the guest row: two
   * consistent reads of known keys, no index (a GSI would be eventually consistent, and a scan reads the list).
   */
  async findGuestByEmail(eventId: string, emailKey: string): Promise<GuestRecord | null> {
    const owner = await this.#get({ pk: eventPk(eventId), sk: emailSk(emailKey) });
    const guestId = owner?.guestId?.S;
    return guestId ? this.getGuest(eventId, guestId) : null;
  }

  async waitlistPosition(eventId: string, guestId: string): Promise<number | null> {
    const guest = await this.getGuest(eventId, guestId);
    if (guest?.status !== "waitlisted" || guest.waitlistSeq === null) return null;
    let ahead = 0;
    let start: Item | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: waitlistIndex,
          KeyConditionExpression: "wlpk = :event AND wlsk < :me",
          ExpressionAttributeValues: marshall({
            ":event": eventId,
            ":me": waitlistSk(guest.waitlistSeq, guestId),
          }),
          Select: "COUNT",
          ExclusiveStartKey: start,
        }),
      );
      ahead += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
    return ahead + 1;
  }

  async getCommandResult(eventId: string, commandId: string): Promise<CommandResult | null> {
    const item = await this.#get({ pk: eventPk(eventId), sk: commandSk(commandId) });
    return item ? CommandResult.parse(recordOf(item)) : null;
  }

  async loadView(eventId: string, commands: readonly Command[]): Promise<KeeperView | null> {
    const pk = eventPk(eventId);
    const { emailKeys, guestIds, waitlistHead } = keysOf(commands);
    const commandIds = [...new Set(commands.map((c) => c.commandId))];
    // One round trip for the event, the addresses, the named guests and the applied commands; a second one
    // only for the guests behind addresses that are taken.
    const first = await this.#batchGet([
      { pk, sk: META },
      ...emailKeys.map((key) => ({ pk, sk: emailSk(key) })),
      ...guestIds.map((id) => ({ pk, sk: guestSk(id) })),
      ...commandIds.map((id) => ({ pk, sk: commandSk(id) })),
    ]);
    const stored = first.find((item) => item.sk?.S === META);
    if (!stored) return null;
    const event = EventRecord.parse(recordOf(stored));

    const guests = new Map<string, GuestRecord>();
    const applied = new Set<string>();
    const ownersOfAddresses: string[] = [];
    for (const item of first) {
      const sk = item.sk?.S ?? "";
      if (sk.startsWith("EMAIL#")) ownersOfAddresses.push(item.guestId?.S ?? "");
      else if (sk.startsWith("CMD#")) applied.add(sk.slice("CMD#".length));
      else if (sk.startsWith("GUEST#")) {
        const guest = GuestRecord.parse(recordOf(item));
        guests.set(guest.guestId, guest);
      }
    }
    // The address items name their guests; read those rows too (the put that wrote both was one transaction).
    const missing = ownersOfAddresses.filter((id) => id && !guests.has(id));
    for (const item of await this.#batchGet(missing.map((id) => ({ pk, sk: guestSk(id) })))) {
      const guest = GuestRecord.parse(recordOf(item));
      guests.set(guest.guestId, guest);
    }
    if (!waitlistHead) return { event, guests: [...guests.values()], applied };
    return { event, guests: [...guests.values()], applied, waitlistHead: await this.#waitlistHead(event) };
  }

  /**
   * The head of the line, in order. The index is eventually consistent, so it only names the guests; their
   * rows are then read consistently, and a row that has left the waitlist meanwhile is dropped (the keeper
   * skips anyone not waitlisted, and its conditional writes catch anything that changes after this read).
   */
  async #waitlistHead(event: EventRecord): Promise<GuestRecord[]> {
    const limit = headLength(event, this.maxBatch);
    if (limit === 0) return [];
    const page = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: waitlistIndex,
        KeyConditionExpression: "wlpk = :event",
        ExpressionAttributeValues: marshall({ ":event": event.eventId }),
        Limit: limit,
      }),
    );
    const keys = (page.Items ?? []).map((item) => ({ pk: item.pk?.S ?? "", sk: item.sk?.S ?? "" }));
    const rows = (await this.#batchGet(keys)).map((item) => GuestRecord.parse(recordOf(item)));
    return rows
      .filter((g) => g.status === "waitlisted")
      .sort((a, b) => (a.waitlistSeq ?? 0) - (b.waitlistSeq ?? 0) || (a.guestId < b.guestId ? -1 : 1));
  }

  async commit(decision: BatchDecision): Promise<CommitResult> {
    const items: TransactWriteItem[] = [];
    const eventUpdate = this.#eventUpdate(decision);
    if (eventUpdate) items.push(eventUpdate);

    for (const write of decision.guestWrites) {
      const guest = GuestRecord.parse(write.new);
      if (write.old === null) {
        items.push(
          {
            Put: {
              TableName: this.#table,
              Item: guestItem(guest),
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          {
            // Refused when the address already belongs to a guest: the database enforces uniqueness too.
            Put: {
              TableName: this.#table,
              Item: marshall({
                pk: eventPk(guest.eventId),
                sk: emailSk(guest.emailKey),
                eventId: guest.eventId,
                guestId: guest.guestId,
              }),
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
        );
      } else {
        if (write.old.emailKey !== guest.emailKey) items.push(...this.#moveAddress(write.old, guest));
        items.push({
          // The whole row is replaced, which also drops wlpk/wlsk when the guest leaves the waitlist.
          Put: {
            TableName: this.#table,
            Item: guestItem(guest),
            ConditionExpression: "#version = :oldVersion",
            ExpressionAttributeNames: { "#version": "version" },
            ExpressionAttributeValues: marshall({ ":oldVersion": write.old.version }),
          },
        });
      }
    }

    for (const result of decision.results) {
      const valid = CommandResult.parse(result);
      items.push({
        Put: {
          TableName: this.#table,
          Item: marshall({ pk: eventPk(decision.eventId), sk: commandSk(valid.commandId), ...valid }),
          ConditionExpression: "attribute_not_exists(pk)",
        },
      });
    }

    if (items.length === 0) return { ok: true };
    if (items.length > transactionLimit) {
      throw new Error(
        `a decision of ${items.length} items exceeds a DynamoDB transaction; keep batches to maxBatch`,
      );
    }
    try {
      await this.#client.send(new TransactWriteItemsCommand({ TransactItems: items }));
      return { ok: true };
    } catch (error) {
      return this.#conflictOf(error, decision, eventUpdate !== null);
    }
  }

  /**
   * A guest's address key changed (their data was erased, core/guest-erasure.ts): the old EMAIL# item goes, so the
   * address is free for a new registration. The erased key is not claimed: it is made of the guest id, so no
   * other guest can hold it, and the erase then costs three items (row, address, command) as a registration does.
   */
  #moveAddress(old: GuestRecord, _guest: GuestRecord): TransactWriteItem[] {
    return [
      {
        Delete: {
          TableName: this.#table,
          Key: marshall({ pk: eventPk(old.eventId), sk: emailSk(old.emailKey) }),
          ConditionExpression: "attribute_not_exists(pk) OR guestId = :guestId",
          ExpressionAttributeValues: marshall({ ":guestId": old.guestId }),
        },
      },
    ];
  }

  /**
   * The update of the event item, or null when the decision leaves the event as it was (only duplicates,
   * refusals and no-ops: their CMD# items are written alone).
   */
  #eventUpdate(decision: BatchDecision): TransactWriteItem | null {
    const { before, after } = decision;
    const changed = (Object.keys(after) as (keyof EventRecord)[]).filter(
      (field) => JSON.stringify(after[field]) !== JSON.stringify(before[field]),
    );
    if (after === before || changed.length === 0) return null;

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

    // The event row as the keeper read it: its version is the whole of the concurrency promise.
    values[":beforeVersion"] = before.version;
    const conditions = ["attribute_exists(pk)", "#version = :beforeVersion"];
    if (decision.seatsGranted > 0) {
      // The cap check, on the stored counters rather than on what the keeper read.
      values[":netHeld"] = netHeld;
      conditions.push("#seatsFree >= :netHeld");
    }
    return {
      Update: {
        TableName: this.#table,
        Key: marshall({ pk: eventPk(decision.eventId), sk: META }),
        UpdateExpression: `SET ${sets.join(", ")}`,
        ConditionExpression: conditions.join(" AND "),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: marshall(values, { removeUndefinedValues: true }),
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      },
    };
  }

  /** Translates a refused transaction into the port's conflict; anything that is not a refusal throws. */
  async #conflictOf(error: unknown, decision: BatchDecision, eventFirst: boolean): Promise<CommitResult> {
    if (error instanceof TransactionConflictException) return { ok: false, conflict: "stale" };
    if (!isCancellation(error)) throw error;
    const reasons = error.CancellationReasons ?? [];
    const eventReason = eventFirst ? reasons[0] : undefined;
    if (eventReason?.Code === "ConditionalCheckFailed") {
      const exists =
        eventReason.Item !== undefined || (await this.#get({ pk: eventPk(decision.eventId), sk: META }));
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

  async #get(key: Key): Promise<Item | null> {
    const out = await this.#client.send(
      new GetItemCommand({ TableName: this.#table, Key: marshall(key), ConsistentRead: true }),
    );
    return out.Item ?? null;
  }

  /** Consistent reads of many keys: at most 100 per request, retrying what DynamoDB leaves unprocessed. */
  async #batchGet(keys: readonly Key[]): Promise<Item[]> {
    const found: Item[] = [];
    for (let i = 0; i < keys.length; i += batchGetLimit) {
      let pending: Item[] = keys.slice(i, i + batchGetLimit).map((key) => marshall(key));
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        if (attempt > 8)
          throw new Error(`BatchGetItem left ${pending.length} keys unprocessed after ${attempt} tries`);
        if (attempt > 0) await pause(Math.random() * Math.min(1000, 25 * 2 ** attempt));
        const out: BatchGetItemCommandOutput = await this.#client.send(
          new BatchGetItemCommand({
            RequestItems: { [this.#table]: { Keys: pending, ConsistentRead: true } },
          }),
        );
        found.push(...(out.Responses?.[this.#table] ?? []));
        pending = out.UnprocessedKeys?.[this.#table]?.Keys ?? [];
      }
    }
    return found;
  }
}

/** Seats a decision takes net of a raised cap: how many must still be free when its write lands. */
function netHeldOf({ before, after }: BatchDecision): number {
  const heldDelta = after.confirmed + after.offered - (before.confirmed + before.offered);
  return heldDelta - (after.capacity - before.capacity);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
