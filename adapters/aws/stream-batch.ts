/**
 * Reading DynamoDB stream records back as Lambda delivers them: the shape conversion the local stream poller
 * (tools/aws-local/dynamo-stream-poller.ts) uses, and the re-read of one failed batch that `rsvp dlq replay
 * --failed --aws` hands to the stream function again. A stream keeps its records for 24 hours.
 */
import {
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamsApiRecord,
} from "@aws-sdk/client-dynamodb-streams";
import type { DynamoDBRecord } from "aws-lambda";

/** Where a failed batch was, as Lambda's on-failure record for a stream event source names it. */
export interface StreamBatchInfo {
  streamArn: string;
  shardId: string;
  startSequenceNumber: string;
  endSequenceNumber: string;
}

/** The Streams API's record as Lambda delivers it: the stream ARN added, the creation time in seconds. */
export function asLambdaRecord(r: StreamsApiRecord, streamArn: string): DynamoDBRecord {
  const { ApproximateCreationDateTime, ...data } = r.dynamodb ?? {};
  return {
    ...r,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(data as NonNullable<DynamoDBRecord["dynamodb"]>),
      ...(ApproximateCreationDateTime
        ? { ApproximateCreationDateTime: ApproximateCreationDateTime.getTime() / 1000 }
        : {}),
    },
  } as DynamoDBRecord;
}

const sequenceOf = (r: StreamsApiRecord) => BigInt(r.dynamodb?.SequenceNumber ?? "0");

/**
 * The records of one batch, from its first sequence number to its last, in order. Throws
 * `TrimmedDataAccessException` (the SDK's) when the stream no longer holds them.
 */
export async function readStreamBatch(
  streams: DynamoDBStreamsClient,
  batch: StreamBatchInfo,
): Promise<DynamoDBRecord[]> {
  const end = BigInt(batch.endSequenceNumber);
  let iterator = (
    await streams.send(
      new GetShardIteratorCommand({
        StreamArn: batch.streamArn,
        ShardId: batch.shardId,
        ShardIteratorType: "AT_SEQUENCE_NUMBER",
        SequenceNumber: batch.startSequenceNumber,
      }),
    )
  ).ShardIterator;
  const records: StreamsApiRecord[] = [];
  // A shard page may come back empty before the records after it: read until past the end, or the shard ends.
  for (let page = 0; iterator && page < 1_000; page += 1) {
    const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
    const got = out.Records ?? [];
    records.push(...got.filter((r) => sequenceOf(r) <= end));
    if (got.some((r) => sequenceOf(r) >= end)) break;
    iterator = out.NextShardIterator;
  }
  return records.map((r) => asLambdaRecord(r, batch.streamArn));
}
