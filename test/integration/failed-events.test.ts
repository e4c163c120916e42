/**
 * `rsvp dlq list|replay --failed --aws`: what failed through every retry outside the command queue comes back.
 * A stream batch the change handlers never handled is read back from the guest table's real stream (DynamoDB
 * Local) and handed to the real stream handler, as Lambda would be invoked with it (Lambda mocked at the SDK
 * boundary, calling that handler); an undelivered timer goes to the command queue; a failed inbound email is
 * handed to the parser again. The failed-events queue is the SQS stand-in's second queue; CloudFormation is
 * mocked at the SDK boundary.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from "@aws-sdk/client-dynamodb-streams";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { Uint8ArrayBlobAdapter } from "@smithy/util-stream";
import type { DynamoDBStreamEvent } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { AwsClientsFactory } from "../../cli/aws-options.ts";
import type { Command } from "../../contracts/command.ts";
import { statefulOutputs } from "../../stacks/stack-outputs.ts";
import { LocalSqsFifo } from "../../tools/aws-local/local-sqs-fifo.ts";
import { type AwsPipeline, awsPipeline } from "../helpers/aws-pipeline.ts";
import { runCliInProcess } from "../helpers/cli-in-process.ts";
import { dynamoLocalClient } from "../helpers/dynamo-local.ts";
import { createdEvent, fakeClock, register } from "../helpers/factories.ts";
import { drainQueue } from "../helpers/local-sqs.ts";
import { sqsRecordFactory } from "../helpers/sqs-records.ts";

const endpoint = inject("dynamoEndpoint");
const region = "eu-west-1";
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const streamsFunction = "arn:aws:lambda:eu-west-1:123456789012:function:RsvpStateless-Streams";
const parserFunction = "arn:aws:lambda:eu-west-1:123456789012:function:RsvpStateless-InboundMail";

const cloudFormation = mockClient(CloudFormationClient);
const lambda = mockClient(LambdaClient);
let sqs = new LocalSqsFifo({ clock: fakeClock() });

/** The Streams API of DynamoDB Local, which keeps data per region and access key: those of its own client. */
const localStreams = () =>
  new DynamoDBStreamsClient({
    endpoint: endpoint ?? "http://unused",
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });

const clients: AwsClientsFactory = () => ({
  cloudFormation: new CloudFormationClient({ region, credentials }),
  dynamo: dynamoLocalClient(endpoint ?? "http://unused"),
  sqs: sqs.client,
  lambda: new LambdaClient({ region, credentials }),
  streams: localStreams(),
});
const rsvp = (...args: string[]) => runCliInProcess(args, { aws: clients });

/** The first and last record of the guest table's stream: the batch the stream function failed on. */
async function failedBatch(p: AwsPipeline) {
  const dynamo = dynamoLocalClient(endpoint!);
  const streams = localStreams();
  try {
    const table = await dynamo.send(new DescribeTableCommand({ TableName: p.guestTable }));
    const streamArn = table.Table!.LatestStreamArn!;
    const shard = (await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }))).StreamDescription!
      .Shards![0]!;
    let iterator = (
      await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard.ShardId!,
          ShardIteratorType: "TRIM_HORIZON",
        }),
      )
    ).ShardIterator;
    const records: _Record[] = [];
    while (iterator) {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
      if (!page.Records?.length) break;
      records.push(...page.Records);
      iterator = page.NextShardIterator;
    }
    const sequence = (i: number) => records.at(i)!.dynamodb!.SequenceNumber!;
    return {
      count: records.length,
      record: {
        requestContext: {
          requestId: "r-1",
          functionArn: `${streamsFunction}:$LATEST`,
          condition: "RetryAttemptsExhausted",
        },
        timestamp: "2026-12-06T10:00:00.000Z",
        DDBStreamBatchInfo: {
          shardId: shard.ShardId!,
          startSequenceNumber: sequence(0),
          endSequenceNumber: sequence(-1),
          batchSize: records.length,
          streamArn,
        },
      },
    };
  } finally {
    dynamo.destroy();
    streams.destroy();
  }
}

/** Puts a message in the failed-events queue, as Lambda or Scheduler would. */
const fail = (body: unknown) =>
  sqs.client.send(
    new SendMessageCommand({
      QueueUrl: sqs.deadLetterUrl,
      MessageBody: typeof body === "string" ? body : JSON.stringify(body),
      MessageGroupId: "failures",
    }),
  );

describe.skipIf(endpoint === null)("rsvp dlq --failed --aws: the failed-events queue", () => {
  let p: AwsPipeline;
  let dir: string;

  beforeAll(async () => {
    p = await awsPipeline(dynamoLocalClient(endpoint!), endpoint!, fakeClock());
    dir = mkdtempSync(join(tmpdir(), "rsvp-failed-events-"));
  });
  afterAll(() => {
    p?.close();
    rmSync(dir, { recursive: true, force: true });
    cloudFormation.restore();
    lambda.restore();
  });
  beforeEach(() => {
    sqs = new LocalSqsFifo({ clock: fakeClock() });
    cloudFormation.reset();
    cloudFormation.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: "RsvpStateful",
          StackStatus: "UPDATE_COMPLETE",
          CreationTime: new Date(),
          Outputs: Object.entries({
            [statefulOutputs.guestTable]: p.guestTable,
            [statefulOutputs.commandQueueUrl]: sqs.url,
            [statefulOutputs.failedEventsUrl]: sqs.deadLetterUrl,
          }).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
        },
      ],
    });
    lambda.reset();
  });

  it("hands a stream batch nobody handled to the stream function again, once: the audit and the emails appear, and a second replay changes nothing", async () => {
    const event = createdEvent({ capacity: 1 });
    await p.store.createEvent(event);
    await p.skipStream();
    const commands: Command[] = [
      register(event.eventId, "ana@example.org", "Ana"),
      register(event.eventId, "bo@example.org", "Bo"),
    ];
    await p.keepUndelivered(commands.map((c) => sqsRecordFactory(c, c.eventId)));
    const batch = await failedBatch(p);
    await fail(batch.record);
    const invoked: string[] = [];
    lambda.on(InvokeCommand).callsFake(async (input) => {
      invoked.push(`${input.FunctionName} ${input.InvocationType}`);
      const payload = JSON.parse(
        new TextDecoder().decode(input.Payload as Uint8Array),
      ) as DynamoDBStreamEvent;
      const response = await p.handleStream(payload);
      return { StatusCode: 200, Payload: Uint8ArrayBlobAdapter.fromString(JSON.stringify(response)) };
    });
    expect(await p.audit.list(event.eventId)).toEqual([]);

    const listed = await rsvp("dlq", "list", "--failed", "--aws");
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain("stream batch");
    expect(listed.stdout).toContain("RetryAttemptsExhausted");

    const replay = await rsvp("dlq", "replay", "--failed", "--aws");
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).toBe("replayed 1 dead letter\n");
    expect(invoked).toEqual([`${streamsFunction} RequestResponse`]);
    const audit = await p.audit.list(event.eventId);
    expect(audit.filter((a) => a.entity === "guest").map((a) => [a.actor, a.to])).toEqual([
      ["ana@example.org", "confirmed"],
      ["bo@example.org", "waitlisted"],
    ]);
    // The mailer claims each email by its key (the mail table, on AWS): what a guest receives is one per key.
    const delivered = () => new Set(p.mailer.calls.map((c) => c.key));
    const mails = delivered();
    // Ana's confirmation and Bo's place on the waitlist, one each.
    expect(mails.size).toBe(2);
    expect(p.mailer.calls.map((c) => c.to).sort()).toEqual(["ana@example.org", "bo@example.org"]);

    expect((await rsvp("dlq", "list", "--failed", "--aws")).stdout).toBe("no dead letters\n");
    // The same batch failed and replayed again (Lambda delivers at least once): nothing new.
    await fail(batch.record);
    expect((await rsvp("dlq", "replay", "--failed", "--aws")).code).toBe(0);
    expect(await p.audit.list(event.eventId)).toEqual(audit);
    expect(delivered()).toEqual(mails);
  });

  it("keeps a batch the stream function fails on again, and says so with exit status 1", async () => {
    const event = createdEvent({ capacity: 5 });
    await p.store.createEvent(event);
    await p.skipStream();
    const cmd = register(event.eventId, "cy@example.org", "Cy");
    await p.keepUndelivered([sqsRecordFactory(cmd, cmd.eventId)]);
    await fail((await failedBatch(p)).record);
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: "Unhandled",
      Payload: Uint8ArrayBlobAdapter.fromString('{"errorMessage":"the audit table is gone"}'),
    });
    const replay = await rsvp("dlq", "replay", "--failed", "--aws");
    expect(replay.code).toBe(1);
    expect(replay.stderr).toContain("failed again (Unhandled");
    expect(replay.stderr).toContain("stayed in the failed-events queue");
    expect((await rsvp("dlq", "list", "--failed", "--aws")).stdout).toContain("stream batch");
    await p.deliver();
  });

  it("sends an undelivered timer's command to its event's queue, and hands a failed email to the parser again", async () => {
    const event = createdEvent({ capacity: 5 });
    const timer: Command = {
      type: "event-ended",
      eventId: event.eventId,
      commandId: "timer-ended-1",
      issuedAt: "2026-12-06T10:00:00.000Z",
      lane: "timer",
    } as Command;
    await fail(timer);
    const s3Event = {
      source: "aws.s3",
      detail: { bucket: { name: "inbound" }, object: { key: "inbound/abc" } },
    };
    await fail({
      requestContext: {
        requestId: "r-2",
        functionArn: `${parserFunction}:$LATEST`,
        condition: "RetriesExhausted",
      },
      requestPayload: s3Event,
      responsePayload: { errorMessage: "S3 timed out" },
    });
    await fail("not json at all");
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });

    const replay = await rsvp("dlq", "replay", "--failed", "--aws");
    expect(replay.stdout).toBe("replayed 2 dead letters\n");
    expect(replay.stderr).toContain("unreadable (not JSON); left in the failed-events queue");
    expect(replay.code).toBe(1);
    const calls = lambda.commandCalls(InvokeCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => [c.FunctionName, c.InvocationType])).toEqual([[parserFunction, "Event"]]);
    expect(JSON.parse(new TextDecoder().decode(calls[0]!.Payload as Uint8Array))).toEqual(s3Event);
    const queued = (await drainQueue(sqs)).map((r) => [r.attributes.MessageGroupId, JSON.parse(r.body)]);
    expect(queued).toEqual([[event.eventId, timer]]);
  });

  it("is refused on the embedded runtime, which has no failed-events queue", async () => {
    const result = await runCliInProcess(["dlq", "list", "--failed", "--data", dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--failed needs --aws");
  });
});
