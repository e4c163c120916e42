/**
 * The audit trail on DynamoDB: one table, one item per entry.
 *
 * | pk        | sk                  | item                                                         |
 * |-----------|---------------------|--------------------------------------------------------------|
 * | `eventId` | `ENTRY#<auditKey>`  | the AuditEntry, plus `seq`: its place in the event's trail    |
 * | `eventId` | `SEQ`               | `{ next }`: the last sequence number handed out for the event |
 *
 * LSI `bySeq` (`pk`, `seq`, all attributes) lists an event's trail in the order it was appended, as the SQLite
 * log does by rowid. The order matters: replaying the trail needs the event's creation first, and entries of
 * separate decisions can share a millisecond, so a timestamp cannot order them.
 *
 * Appending is idempotent by auditKey: the entry item's key IS the audit key, and it is put on the condition
 * that it does not exist, so a redelivered change finds its entry there (ConditionalCheckFailed) and writes
 * nothing. Sequence numbers are reserved first with one atomic ADD per append; an entry that turns out to be
 * there already leaves a gap, which orders nothing wrongly. A local index keeps strongly consistent reads and
 * lives in the event's item collection (at most 10 GB, far above a trail of 10,000 guests).
 */
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { AuditEntry } from "../../contracts/audit.ts";
import type { AuditLog } from "../../core/ports.ts";
import { createOnDemandTable } from "./dynamo-table.ts";
import type { Item } from "./guest-table.ts";

/** The audit table's key attributes and its order index: the CDK stack creates the same table. */
export const auditTable = {
  partitionKey: "pk",
  sortKey: "sk",
  orderIndex: "bySeq",
  orderKey: "seq",
} as const;

const entrySk = (auditKey: string) => `ENTRY#${auditKey}`;
const counterSk = "SEQ";

export interface DynamoAuditLogOptions {
  client: DynamoDBClient;
  tableName: string;
}

/** The AuditLog port on DynamoDB (see the layout above). */
export class DynamoAuditLog implements AuditLog {
  readonly #client: DynamoDBClient;
  readonly #table: string;

  constructor(options: DynamoAuditLogOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async append(entries: readonly AuditEntry[]): Promise<void> {
    const byEvent = new Map<string, AuditEntry[]>();
    for (const entry of entries) {
      const valid = AuditEntry.parse(entry);
      byEvent.set(valid.eventId, [...(byEvent.get(valid.eventId) ?? []), valid]);
    }
    for (const [eventId, list] of byEvent) {
      const first = await this.#reserve(eventId, list.length);
      // In order: if one put fails (throttling), the entries before it are in and keep their order, and the
      // retry of the change appends the rest after them.
      for (const [i, entry] of list.entries()) await this.#put(entry, first + i);
    }
  }

  async list(eventId: string): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    let start: Item | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: auditTable.orderIndex,
          KeyConditionExpression: "#pk = :pk",
          ExpressionAttributeNames: { "#pk": auditTable.partitionKey },
          ExpressionAttributeValues: marshall({ ":pk": eventId }),
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        const { pk: _pk, sk: _sk, seq: _seq, ...entry } = unmarshall(item);
        entries.push(AuditEntry.parse(entry));
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return entries;
  }

  async forgetGuest(eventId: string, guestId: string, actor: string): Promise<void> {
    // A guest's entries are keyed `<eventId>/guest/<guestId>/<version>` (core/audit-trail.ts): one key range.
    let start: Item | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :prefix)",
          ExpressionAttributeNames: { "#pk": auditTable.partitionKey, "#sk": auditTable.sortKey },
          ExpressionAttributeValues: marshall({
            ":pk": eventId,
            ":prefix": entrySk(`${eventId}/guest/${guestId}/`),
          }),
          ProjectionExpression: "#pk, #sk",
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? [])
        await this.#client.send(
          new UpdateItemCommand({
            TableName: this.#table,
            Key: { pk: item.pk!, sk: item.sk! },
            UpdateExpression: "SET #actor = :actor",
            ExpressionAttributeNames: { "#actor": "actor" },
            ExpressionAttributeValues: marshall({ ":actor": actor }),
          }),
        );
      start = page.LastEvaluatedKey;
    } while (start);
  }

  /** Reserves `count` sequence numbers of an event's trail; returns the first. */
  async #reserve(eventId: string, count: number): Promise<number> {
    const out = await this.#client.send(
      new UpdateItemCommand({
        TableName: this.#table,
        Key: marshall({ pk: eventId, sk: counterSk }),
        UpdateExpression: "ADD #next :count",
        ExpressionAttributeNames: { "#next": "next" },
        ExpressionAttributeValues: marshall({ ":count": count }),
        ReturnValues: "UPDATED_NEW",
      }),
    );
    const last = Number(out.Attributes?.next?.N);
    if (!Number.isSafeInteger(last)) throw new Error(`the audit counter of ${eventId} is not a number`);
    return last - count + 1;
  }

  /** Puts one entry unless its audit key is there already; false when it was. */
  async #put(entry: AuditEntry, seq: number): Promise<boolean> {
    try {
      await this.#client.send(
        new PutItemCommand({
          TableName: this.#table,
          Item: marshall(
            { ...entry, pk: entry.eventId, sk: entrySk(entry.auditKey), seq },
            { removeUndefinedValues: true },
          ),
          ConditionExpression: "attribute_not_exists(#pk)",
          ExpressionAttributeNames: { "#pk": auditTable.partitionKey },
        }),
      );
      return true;
    } catch (error) {
      // Already appended by an earlier delivery of the same change: that is the idempotency, not an error.
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

/**
 * Creates the audit table with its order index (for tests and local use; the CDK stack owns it in AWS).
 * On-demand billing.
 */
export async function createAuditTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await createOnDemandTable(client, {
    TableName: tableName,
    AttributeDefinitions: [
      { AttributeName: auditTable.partitionKey, AttributeType: "S" },
      { AttributeName: auditTable.sortKey, AttributeType: "S" },
      { AttributeName: auditTable.orderKey, AttributeType: "N" },
    ],
    KeySchema: [
      { AttributeName: auditTable.partitionKey, KeyType: "HASH" },
      { AttributeName: auditTable.sortKey, KeyType: "RANGE" },
    ],
    LocalSecondaryIndexes: [
      {
        IndexName: auditTable.orderIndex,
        KeySchema: [
          { AttributeName: auditTable.partitionKey, KeyType: "HASH" },
          { AttributeName: auditTable.orderKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      },
    ],
  });
}
