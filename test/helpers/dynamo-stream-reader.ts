import { DescribeTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  type _Record as StreamsApiRecord,
} from "@aws-sdk/client-dynamodb-streams";
import type { DynamoDBRecord } from "aws-lambda";

/**
 * Reads a table's DynamoDB stream the way Lambda's event source mapping does (TRIM_HORIZON, every shard, in
 * sequence order) and hands the records over in Lambda's event shape. Each `next()` returns the records
 * written since the previous call.
 */
export class DynamoStreamReader {
  readonly #streams: DynamoDBStreamsClient;
  readonly #streamArn: string;
  /** Per shard, the sequence number of the last record read. */
  readonly #read = new Map<string, string>();

  private constructor(streams: DynamoDBStreamsClient, streamArn: string) {
    this.#streams = streams;
    this.#streamArn = streamArn;
  }

  /** Opens the stream of a table created with one (DynamoDB Local serves Streams on its own endpoint). */
  static async open(
    client: DynamoDBClient,
    endpoint: string,
    tableName: string,
  ): Promise<DynamoStreamReader> {
    const table = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const arn = table.Table?.LatestStreamArn;
    if (!arn) throw new Error(`table ${tableName} has no stream`);
    const streams = new DynamoDBStreamsClient({
      endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    return new DynamoStreamReader(streams, arn);
  }

  /** The records written since the last call, oldest first. */
  async next(): Promise<DynamoDBRecord[]> {
    const records: StreamsApiRecord[] = [];
    for (const shard of await this.#shards()) {
      const shardId = shard.ShardId!;
      const after = this.#read.get(shardId);
      const start = await this.#streams.send(
        new GetShardIteratorCommand({
          StreamArn: this.#streamArn,
          ShardId: shardId,
          ...(after
            ? { ShardIteratorType: "AFTER_SEQUENCE_NUMBER", SequenceNumber: after }
            : { ShardIteratorType: "TRIM_HORIZON" }),
        }),
      );
      let iterator = start.ShardIterator;
      for (let page = 0; iterator && page < 1_000; page += 1) {
        const out = await this.#streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        const got = out.Records ?? [];
        if (got.length === 0) break;
        records.push(...got);
        this.#read.set(shardId, got[got.length - 1]!.dynamodb!.SequenceNumber!);
        iterator = out.NextShardIterator;
      }
    }
    const seq = (r: StreamsApiRecord) => BigInt(r.dynamodb?.SequenceNumber ?? "0");
    records.sort((a, b) => (seq(a) < seq(b) ? -1 : seq(a) > seq(b) ? 1 : 0));
    return records.map((r) => this.#asLambdaRecord(r));
  }

  close(): void {
    this.#streams.destroy();
  }

  async #shards(): Promise<Shard[]> {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const out = await this.#streams.send(
        new DescribeStreamCommand({ StreamArn: this.#streamArn, ExclusiveStartShardId: start }),
      );
      shards.push(...(out.StreamDescription?.Shards ?? []));
      start = out.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return shards;
  }

  /** The Streams API's record as Lambda delivers it: the stream ARN added, the creation time in seconds. */
  #asLambdaRecord(r: StreamsApiRecord): DynamoDBRecord {
    const { ApproximateCreationDateTime, ...data } = r.dynamodb ?? {};
    return {
      ...r,
      eventSourceARN: this.#streamArn,
      dynamodb: {
        ...(data as NonNullable<DynamoDBRecord["dynamodb"]>),
        ...(ApproximateCreationDateTime
          ? { ApproximateCreationDateTime: ApproximateCreationDateTime.getTime() / 1000 }
          : {}),
      },
    } as DynamoDBRecord;
  }
}
