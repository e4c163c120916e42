import { SendMessageBatchCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { lambdaContext } from "../../tools/aws-local/lambda-context.ts";
import { LocalSqsFifo } from "../../tools/aws-local/local-sqs-fifo.ts";
import { LocalSqsStandard } from "../../tools/aws-local/local-sqs-standard.ts";
import { fakeClock } from "../helpers/factories.ts";

// The standard queue's stand-in (the mail path's send jobs), reached through the command queue's SQSClient.

function queues() {
  const clock = fakeClock();
  const fifo = new LocalSqsFifo({ clock });
  const jobs = new LocalSqsStandard({ clock, queueName: "rsvp-send-jobs", maxReceiveCount: 3 });
  fifo.route(jobs.url, jobs.handle);
  const seen: string[] = [];
  const handler =
    (fail: (body: string) => boolean = () => false) =>
    async (event: SQSEvent): Promise<SQSBatchResponse> => {
      seen.push(...event.Records.map((r) => r.body));
      return {
        batchItemFailures: event.Records.filter((r) => fail(r.body)).map((r) => ({
          itemIdentifier: r.messageId,
        })),
      };
    };
  return { clock, client: fifo.client, fifo, jobs, seen, handler };
}

describe("the in-process standard queue", () => {
  it("takes batches and single messages through the SQS client, beside the FIFO queue", async () => {
    const { client, jobs, fifo } = queues();
    const answer = await client.send(
      new SendMessageBatchCommand({
        QueueUrl: jobs.url,
        Entries: [
          { Id: "a", MessageBody: "one" },
          { Id: "b", MessageBody: "" },
        ],
      }),
    );
    expect(answer.Successful?.map((e) => e.Id)).toEqual(["a"]);
    expect(answer.Failed?.map((e) => [e.Id, e.Code])).toEqual([["b", "MissingParameter"]]);
    await client.send(new SendMessageCommand({ QueueUrl: jobs.url, MessageBody: "two" }));
    expect(jobs.depth()).toBe(2);
    expect(fifo.depth()).toBe(0);
    await expect(
      client.send(new SendMessageCommand({ QueueUrl: jobs.url, MessageBody: "x", DelaySeconds: 901 })),
    ).rejects.toMatchObject({ name: "InvalidParameterValue" });
  });

  it("holds a delayed message until its delay has passed on the clock", async () => {
    const { client, clock, jobs, seen, handler } = queues();
    await client.send(new SendMessageCommand({ QueueUrl: jobs.url, MessageBody: "later", DelaySeconds: 30 }));
    expect(await jobs.deliver(handler(), lambdaContext("send"))).toBe(0);
    expect(jobs.nextVisibleAt()?.getTime()).toBe(clock.now().getTime() + 30_000);
    clock.advance(30_000);
    expect(await jobs.deliver(handler(), lambdaContext("send"))).toBe(1);
    expect(seen).toEqual(["later"]);
    expect(jobs.depth()).toBe(0);
  });

  it("hides a failed message for the visibility timeout, then sets it aside after maxReceiveCount", async () => {
    const { client, clock, jobs, handler } = queues();
    await client.send(new SendMessageCommand({ QueueUrl: jobs.url, MessageBody: "bad" }));
    const failing = handler((body) => body === "bad");
    for (let receive = 1; receive <= 3; receive++) {
      expect(await jobs.deliver(failing, lambdaContext("send"))).toBe(1);
      expect(await jobs.deliver(failing, lambdaContext("send"))).toBe(0);
      clock.advance(180_000);
    }
    expect(jobs.depth()).toBe(0);
    expect(jobs.deadLetters).toMatchObject([{ body: "bad", receives: 3 }]);
  });

  it("delivers a message a second time when asked, as a standard queue may", async () => {
    const { client, jobs, seen, handler } = queues();
    jobs.duplicate = () => true;
    await client.send(new SendMessageCommand({ QueueUrl: jobs.url, MessageBody: "twice" }));
    while ((await jobs.deliver(handler(), lambdaContext("send"))) > 0) {}
    expect(seen).toEqual(["twice", "twice"]);
  });
});
