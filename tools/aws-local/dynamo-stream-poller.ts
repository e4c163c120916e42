/**
 * Reads a table's DynamoDB stream the way Lambda's event source mapping does (from TRIM_HORIZON, every shard,
 * in sequence order) and hands the records over in Lambda's event shape. Each `next()` returns the records
 * written since the previous call.
 *
 * A shard's iterator is kept between calls, so a poll of a quiet stream costs one GetRecords per open shard
 * (and one DescribeStream, which finds the shards DynamoDB opens as it splits or rolls them over); a shard
 * that has ended is not read again. An iterator that expired (after 15 minutes) is fetched again after the
 * last record read.
 */
import { DescribeTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type GetShardIteratorInput,
  type Shard,
  type _Record as StreamsApiRecord,
} from "@aws-sdk/client-dynamodb-streams";
import type { DynamoDBRecord } from "aws-lambda";
import { asLambdaRecord } from "../../adapters/aws/stream-batch.ts";

/** Where reading a shard stands: its iterator (null once the shard has ended) and the last record read. */
interface ShardCursor {
  iterator: string | null | undefined;
  lastSequence: string | undefined;
}

const sequenceOf = (r: StreamsApiRecord) => BigInt(r.dynamodb?.SequenceNumber ?? "0");

export class DynamoStreamPoller {
  readonly #streams: DynamoDBStreamsClient;
  readonly #ownsClient: boolean;
  readonly #streamArn: string;
  readonly #cursors = new Map<string, ShardCursor>();

  private constructor(streams: DynamoDBStreamsClient, ownsClient: boolean, streamArn: string) {
    this.#streams = streams;
    this.#ownsClient = ownsClient;
    this.#streamArn = streamArn;
  }

  /**
   * Opens the stream of a table created with one. The Streams API is served by `streams`, or by a client on
   * `endpoint` with the DynamoDB client's region and credentials (DynamoDB Local serves both on one endpoint).
   */
  static async open(
    dynamo: DynamoDBClient,
    tableName: string,
    via: { streams: DynamoDBStreamsClient } | { endpoint: string },
  ): Promise<DynamoStreamPoller> {
    const table = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
    const arn = table.Table?.LatestStreamArn;
    if (!arn) throw new Error(`table ${tableName} has no stream`);
    if ("streams" in via) return new DynamoStreamPoller(via.streams, false, arn);
    const streams = new DynamoDBStreamsClient({
      endpoint: via.endpoint,
      region: await dynamo.config.region(),
      credentials: dynamo.config.credentials,
    });
    return new DynamoStreamPoller(streams, true, arn);
  }

  /** The records written since the last call, oldest first. */
  async next(): Promise<DynamoDBRecord[]> {
    await this.#discoverShards();
    const records: StreamsApiRecord[] = [];
    for (const [shardId, cursor] of this.#cursors) {
      if (cursor.iterator === null) continue;
      records.push(...(await this.#drain(shardId, cursor)));
    }
    records.sort((a, b) => (sequenceOf(a) < sequenceOf(b) ? -1 : sequenceOf(a) > sequenceOf(b) ? 1 : 0));
    return records.map((r) => asLambdaRecord(r, this.#streamArn));
  }

  /** Closes the Streams client if this poller made it. */
  close(): void {
    if (this.#ownsClient) this.#streams.destroy();
  }

  /** Reads a shard from its cursor until a page comes back empty or the shard ends. */
  async #drain(shardId: string, cursor: ShardCursor): Promise<StreamsApiRecord[]> {
    const records: StreamsApiRecord[] = [];
    for (let page = 0; page < 1_000; page += 1) {
      cursor.iterator ??= await this.#iterator(shardId, cursor.lastSequence);
      if (cursor.iterator === null) break;
      let out: GetRecordsCommandOutput;
      try {
        out = await this.#streams.send(
          new GetRecordsCommand({ ShardIterator: cursor.iterator, Limit: 1000 }),
        );
      } catch (error) {
        if ((error as Error).name !== "ExpiredIteratorException") throw error;
        cursor.iterator = undefined;
        continue;
      }
      const got = out.Records ?? [];
      records.push(...got);
      if (got.length > 0) cursor.lastSequence = got[got.length - 1]?.dynamodb?.SequenceNumber;
      // No next iterator: the shard is closed and read to its end.
      cursor.iterator = out.NextShardIterator ?? null;
      if (got.length === 0 || cursor.iterator === null) break;
    }
    return records;
  }

  async #iterator(shardId: string, after: string | undefined): Promise<string | null> {
    const start: GetShardIteratorInput = after
      ? {
          StreamArn: this.#streamArn,
          ShardId: shardId,
          ShardIteratorType: "AFTER_SEQUENCE_NUMBER",
          SequenceNumber: after,
        }
      : { StreamArn: this.#streamArn, ShardId: shardId, ShardIteratorType: "TRIM_HORIZON" };
    return (await this.#streams.send(new GetShardIteratorCommand(start))).ShardIterator ?? null;
  }

  async #discoverShards(): Promise<void> {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const out = await this.#streams.send(
        new DescribeStreamCommand({ StreamArn: this.#streamArn, ExclusiveStartShardId: start }),
      );
      shards.push(...(out.StreamDescription?.Shards ?? []));
      start = out.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    for (const shard of shards)
      if (shard.ShardId && !this.#cursors.has(shard.ShardId))
        this.#cursors.set(shard.ShardId, { iterator: undefined, lastSequence: undefined });
  }
}
