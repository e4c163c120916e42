/**
 * The guest store on DynamoDB, over the single table laid out in `guest-table.ts`.
 *
 * Writes. `createEvent` puts the event and its host item in one transaction. `commit` is ONE
 * TransactWriteItems per keeper decision, built and its refusal translated in `dynamo-commit.ts` (the
 * conditions it writes under, and how a refused one maps to the port's conflicts, are told there).
 */
import {
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { Command } from "../../contracts/command.ts";
import { type EventChange, EventRecord } from "../../contracts/event.ts";
import { GuestRecord } from "../../contracts/guest.ts";
import { CommandResult } from "../../contracts/outcome.ts";
import type { GuestListPartRequest, GuestListWindowRequest } from "../../core/guest-list-reads.ts";
import { headLength, keysOf } from "../../core/keeper-reads.ts";
import type {
  BatchDecision,
  CommitResult,
  EventDirectory,
  GuestStore,
  HostLinkStore,
  KeeperView,
} from "../../core/ports.ts";
import { commitDecision, refusedByCondition } from "./dynamo-commit.ts";
import { guestsNamed } from "./dynamo-guest-names.ts";
import { guestListMarks, guestListPart, guestListWindow, type RosterDeps } from "./dynamo-guest-roster.ts";
import {
  commandSk,
  emailSk,
  eventItem,
  eventPk,
  guestSk,
  hostPk,
  type Item,
  type Key,
  META,
  recordOf,
  waitlistIndex,
  waitlistSk,
} from "./guest-table.ts";

export interface DynamoGuestStoreOptions {
  client: DynamoDBClient;
  tableName: string;
}

/** At most this many keys per BatchGetItem request (a DynamoDB limit). */
const batchGetLimit = 100;
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

  /** A page of the guest list from the `roster` index (dynamo-guest-roster.ts). */
  guestListWindow(eventId: string, request: GuestListWindowRequest) {
    return guestListWindow(this.#roster(), eventId, request);
  }

  guestListMarks(eventId: string, every: number) {
    return guestListMarks(this.#roster(), eventId, every);
  }

  /** A part of the download in parts, between two marks (dynamo-guest-roster.ts). */
  guestListPart(eventId: string, request: GuestListPartRequest) {
    return guestListPart(this.#roster(), eventId, request);
  }

  /** The guests whose name begins with `name`, from the `names` index (dynamo-guest-names.ts). */
  guestsNamed(event: EventRecord, name: string, most: number) {
    return guestsNamed(this.#roster(), event, name, most);
  }

  #roster(): RosterDeps {
    return { client: this.#client, table: this.#table, batchGet: (keys) => this.#batchGet(keys) };
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
    return commitDecision(
      {
        client: this.#client,
        table: this.#table,
        readEvent: (eventId) => this.#get({ pk: eventPk(eventId), sk: META }),
      },
      decision,
    );
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

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
