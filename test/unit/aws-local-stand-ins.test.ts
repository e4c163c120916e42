import { DynamoDBClient, PutItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { CreateScheduleCommand } from "@aws-sdk/client-scheduler";
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
} from "@aws-sdk/client-sqs";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import { SchedulerTimers } from "../../adapters/aws/scheduler-timers.ts";
import { SecretsKeyring } from "../../adapters/aws/secrets-keyring.ts";
import { SesMailer } from "../../adapters/aws/ses-mailer.ts";
import { SqsCommandQueue } from "../../adapters/aws/sqs-command-queue.ts";
import { SqsDeadLetters } from "../../adapters/aws/sqs-dead-letters.ts";
import type { Command } from "../../contracts/command.ts";
import type { OutgoingEmail } from "../../core/ports.ts";
import { lambdaContext } from "../../runtime/aws-local/lambda-context.ts";
import { LocalScheduler } from "../../runtime/aws-local/local-scheduler.ts";
import { LocalSecrets } from "../../runtime/aws-local/local-secrets.ts";
import { LocalSes } from "../../runtime/aws-local/local-ses.ts";
import { LocalSqsFifo } from "../../runtime/aws-local/local-sqs-fifo.ts";
import { cancel, fakeClock, guestAction, register } from "../helpers/factories.ts";
import { testKeyring } from "../helpers/link-minter.ts";

const minute = 60_000;

/** The in-process FIFO queue behind the real SQS adapter, as the producers use it. */
function fifo(clock = fakeClock()) {
  const sqs = new LocalSqsFifo({ clock });
  return { clock, sqs, queue: new SqsCommandQueue({ client: sqs.client, queueUrl: sqs.url }) };
}

/** A keeper stand-in: records what each invocation got and fails the messages `fail` picks. */
function recordingKeeper(fail: (command: Command, attempt: number) => boolean = () => false) {
  const batches: Command[][] = [];
  const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const commands = event.Records.map((r) => JSON.parse(r.body) as Command);
    batches.push(commands);
    return {
      batchItemFailures: event.Records.filter((r, i) =>
        fail(commands[i]!, Number(r.attributes.ApproximateReceiveCount)),
      ).map((r) => ({ itemIdentifier: r.messageId })),
    };
  };
  return { batches, handler };
}

async function deliverAll(sqs: LocalSqsFifo, handler: Parameters<LocalSqsFifo["deliver"]>[0]) {
  while ((await sqs.deliver(handler, lambdaContext("rsvp-keeper"))) > 0) {}
}

describe("the in-process SQS FIFO queue", () => {
  it("a command sent twice within five minutes is delivered once, and again once the window has passed", async () => {
    const { clock, sqs, queue } = fifo();
    const command = register("ev-1", "ana@example.org");
    await queue.send([command]);
    clock.advance(4 * minute);
    await queue.send([command]);
    const keeper = recordingKeeper();
    await deliverAll(sqs, keeper.handler);
    expect(keeper.batches.flat().map((c) => c.commandId)).toEqual([command.commandId]);

    clock.advance(minute);
    await queue.send([command]);
    await deliverAll(sqs, keeper.handler);
    expect(keeper.batches.flat()).toHaveLength(2);
  });

  it("hands the keeper SQS records of at most ten messages, in the event's message group", async () => {
    const { sqs, queue } = fifo();
    const commands = Array.from({ length: 25 }, (_, i) => register("ev-1", `g${i}@example.org`));
    await queue.send(commands);
    const seen: SQSEvent[] = [];
    await deliverAll(sqs, async (event) => {
      seen.push(event);
      return { batchItemFailures: [] };
    });
    expect(seen.map((e) => e.Records.length)).toEqual([10, 10, 5]);
    const records = seen.flatMap((e) => e.Records);
    expect(records.map((r) => JSON.parse(r.body).commandId)).toEqual(commands.map((c) => c.commandId));
    expect(records[0]).toMatchObject({
      eventSource: "aws:sqs",
      eventSourceARN: sqs.arn,
      attributes: { MessageGroupId: "ev-1", ApproximateReceiveCount: "1" },
    });
  });

  it("a failed command stays at the head of its event's group while other events go on", async () => {
    const { sqs, queue } = fifo();
    const [a1, b1, a2] = [register("ev-a", "a1@x.org"), register("ev-b", "b1@x.org"), cancel("ev-a", "g-1")];
    await queue.send([a1!, b1!, a2!]);
    // The keeper fails ev-a's first command once and, as Powertools' FIFO processor does, the rest of its group.
    const keeper = recordingKeeper((c, attempt) => c.eventId === "ev-a" && attempt === 1);
    await deliverAll(sqs, keeper.handler);
    expect(keeper.batches.map((b) => b.map((c) => c.commandId))).toEqual([
      [a1!.commandId, b1!.commandId, a2!.commandId],
      [a1!.commandId, a2!.commandId],
    ]);
    expect(sqs.depth()).toBe(0);
  });

  it("a command that fails on every delivery goes to the dead letters after five", async () => {
    const { sqs, queue } = fifo();
    const command = register("ev-1", "ana@example.org");
    await queue.send([command]);
    const keeper = recordingKeeper(() => true);
    await deliverAll(sqs, keeper.handler);
    expect(keeper.batches).toHaveLength(5);
    expect(sqs.deadLetters).toEqual([expect.objectContaining({ groupId: "ev-1", receives: 5 })]);
    expect(sqs.depth()).toBe(0);
  });

  it("its dead-letter queue answers rsvp dlq as SQS's does: listed, the letters stay; replayed, each goes back once", async () => {
    const { clock, sqs, queue } = fifo();
    const [a, b] = [register("ev-1", "ana@example.org"), register("ev-1", "bo@example.org")];
    await queue.send([a, b]);
    await deliverAll(sqs, recordingKeeper(() => true).handler);
    const dlq = new SqsDeadLetters({
      client: sqs.client,
      deadLetterQueueUrl: sqs.deadLetterUrl,
      commandQueueUrl: sqs.url,
    });

    const listing = await dlq.list();
    expect(listing.approximateTotal).toBe(2);
    expect(listing.letters.map((l) => [l.command, l.eventId, l.receiveCount])).toEqual([
      [a, "ev-1", 6],
      [b, "ev-1", 6],
    ]);
    expect(sqs.deadLettersInFlight()).toBe(0);

    // Past the deduplication window, as a replay after an outage is.
    clock.advance(5 * minute);
    expect((await dlq.replay()).replayed).toEqual(listing.letters.map((l) => l.id));
    expect(sqs.deadLetters).toEqual([]);
    const keeper = recordingKeeper();
    await deliverAll(sqs, keeper.handler);
    expect(keeper.batches.flat()).toEqual([a, b]);
  });

  it("a dead letter received is hidden, and its group with it, until its visibility timeout runs out", async () => {
    const { clock, sqs, queue } = fifo();
    await queue.send([register("ev-1", "a@x.org"), register("ev-1", "b@x.org"), register("ev-2", "c@x.org")]);
    await deliverAll(sqs, recordingKeeper(() => true).handler);
    const receive = async () =>
      (
        await sqs.client.send(
          new ReceiveMessageCommand({
            QueueUrl: sqs.deadLetterUrl,
            MaxNumberOfMessages: 1,
            VisibilityTimeout: 60,
          }),
        )
      ).Messages ?? [];

    const [first] = await receive();
    // ev-1's first letter is out: its second waits behind it, ev-2's comes next.
    expect((await receive()).map((m) => m.MessageId)).toEqual([sqs.deadLetters[2]!.messageId]);
    expect(await receive()).toEqual([]);
    clock.advance(60_000);
    expect((await receive()).map((m) => m.MessageId)).toEqual([first!.MessageId]);
    // A receipt handle works until its message is received again.
    const stale = await sqs.client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: sqs.deadLetterUrl,
        Entries: [{ Id: "0", ReceiptHandle: first!.ReceiptHandle }],
      }),
    );
    expect(stale.Failed).toEqual([expect.objectContaining({ Id: "0", Code: "ReceiptHandleIsInvalid" })]);
    expect(sqs.deadLetters).toHaveLength(3);
  });

  it("refuses what SQS refuses: a message without a group, a queue it does not hold", async () => {
    const { sqs } = fifo();
    const out = await sqs.client.send(
      new SendMessageBatchCommand({ QueueUrl: sqs.url, Entries: [{ Id: "0", MessageBody: "{}" }] }),
    );
    expect(out.Failed).toEqual([
      expect.objectContaining({ Id: "0", SenderFault: true, Code: "MissingParameter" }),
    ]);
    await expect(
      sqs.client.send(
        new SendMessageBatchCommand({
          QueueUrl: `${sqs.url}-other`,
          Entries: [{ Id: "0", MessageBody: "{}", MessageGroupId: "g" }],
        }),
      ),
    ).rejects.toMatchObject({ name: "QueueDoesNotExist" });
  });
});

describe("the in-process EventBridge Scheduler", () => {
  function scheduled() {
    const { clock, sqs, queue } = fifo();
    const scheduler = new LocalScheduler({ clock, queue: sqs, groups: ["rsvp-timers"] });
    const timers = new SchedulerTimers({
      client: scheduler.client,
      groupName: "rsvp-timers",
      queueArn: sqs.arn,
      roleArn: "arn:aws:iam::000000000000:role/rsvp-scheduler",
      queue,
      clock,
    });
    return { clock, sqs, scheduler, timers };
  }
  const expiry = (at: Date, timeZone = "UTC") => ({
    name: "expire-g1",
    eventId: "ev-1",
    at: at.toISOString(),
    timeZone,
    command: guestAction("expire-offer", "ev-1", "g1", { commandId: "timer-expire-g1", lane: "timer" }),
  });

  it("fires a timer into the event's group once the clock passes it, once, and deletes its schedule", async () => {
    const { clock, sqs, scheduler, timers } = scheduled();
    await timers.book([expiry(new Date(clock.now().getTime() + 60 * minute))]);
    expect(scheduler.list("ev-1").map((s) => s.name)).toEqual(["expire-g1"]);
    expect(await scheduler.fireDue()).toBe(0);

    clock.advance(60 * minute);
    expect(await scheduler.fireDue()).toBe(1);
    expect(await scheduler.fireDue()).toBe(0);
    expect(scheduler.list()).toEqual([]);
    const keeper = recordingKeeper();
    await deliverAll(sqs, keeper.handler);
    expect(keeper.batches.flat()).toEqual([
      expect.objectContaining({ type: "expire-offer", eventId: "ev-1" }),
    ]);
  });

  it("reads an at() in the schedule's zone: each timer is due at the instant it was booked for", async () => {
    const instants = [
      ["Europe/Berlin", "2026-06-01T18:00:00.000Z"],
      ["Europe/Berlin", "2026-10-25T00:30:00.000Z"], // 02:30 CEST, the repeated hour's first pass (in UTC)
      ["Europe/Berlin", "2026-10-25T01:30:00.000Z"], // 02:30 CET, its second pass (in UTC)
      ["America/New_York", "2026-12-24T00:00:00.000Z"],
      ["Asia/Kathmandu", "2026-06-02T02:15:00.000Z"],
    ] as const;
    for (const [zone, at] of instants) {
      const { scheduler, timers } = scheduled();
      await timers.book([expiry(new Date(at), zone)]);
      expect(
        scheduler.list().map((s) => s.at.toISOString()),
        `${zone} ${at}`,
      ).toEqual([at]);
    }
  });

  it("refuses an at() in a zone it does not know, and one that is no at()", async () => {
    const { sqs, scheduler } = scheduled();
    const create = (ScheduleExpression: string, ScheduleExpressionTimezone: string) =>
      scheduler.client.send(
        new CreateScheduleCommand({
          Name: "zoned",
          GroupName: "rsvp-timers",
          ScheduleExpression,
          ScheduleExpressionTimezone,
          FlexibleTimeWindow: { Mode: "OFF" },
          Target: { Arn: sqs.arn, RoleArn: "role", SqsParameters: { MessageGroupId: "ev-1" } },
        }),
      );
    await expect(create("at(2030-01-01T08:00:00)", "Mars/Olympus_Mons")).rejects.toMatchObject({
      name: "ValidationException",
    });
    await expect(create("rate(5 minutes)", "Europe/Berlin")).rejects.toMatchObject({
      name: "ValidationException",
    });
    expect(scheduler.list()).toEqual([]);
  });

  it("booking a name twice keeps the first booking; cancelling a name that is gone is fine", async () => {
    const { clock, scheduler, timers } = scheduled();
    const first = new Date(clock.now().getTime() + 60 * minute);
    await timers.book([expiry(first)]);
    await timers.book([expiry(new Date(first.getTime() + 60 * minute))]);
    expect(scheduler.list().map((s) => s.at)).toEqual([first]);
    await timers.cancel(["expire-g1"]);
    await timers.cancel(["expire-g1"]);
    expect(scheduler.list()).toEqual([]);
  });

  it("refuses an at() in the past, so a timer already due goes straight to the queue", async () => {
    const { clock, sqs, scheduler, timers } = scheduled();
    await expect(
      scheduler.client.send(
        new CreateScheduleCommand({
          Name: "late",
          GroupName: "rsvp-timers",
          ScheduleExpression: "at(2020-01-01T00:00:00)",
          FlexibleTimeWindow: { Mode: "OFF" },
          Target: { Arn: sqs.arn, RoleArn: "role", SqsParameters: { MessageGroupId: "ev-1" } },
        }),
      ),
    ).rejects.toMatchObject({ name: "ValidationException", $metadata: { httpStatusCode: 400 } });
    await timers.book([expiry(new Date(clock.now().getTime() - 1))]);
    expect(scheduler.list()).toEqual([]);
    expect(sqs.depth()).toBe(1);
  });
});

describe("the in-process SES", () => {
  const dynamo = mockClient(DynamoDBClient);
  dynamo.on(PutItemCommand).resolves({}).on(UpdateItemCommand).resolves({});

  function mailer() {
    const clock = fakeClock();
    const ses = new LocalSes({ clock });
    const sesMailer = new SesMailer({
      ses: ses.client,
      dynamo: new DynamoDBClient({ region: "local" }),
      idempotencyTableName: "mail",
      from: "rsvp <rsvp@example.org>",
      configurationSetName: "rsvp",
      clock,
    });
    return { clock, ses, sesMailer };
  }
  const email = (overrides: Partial<OutgoingEmail> = {}): OutgoingEmail => ({
    key: "g1/1",
    eventId: "ev-1",
    guestId: "g1",
    to: "ana@example.org",
    subject: "You're in: Summer party",
    text: "See you there. Cancel: http://rsvp.test/l/cancel/tok.en",
    html: '<p>See you there.</p><p><a href="http://rsvp.test/l/cancel/tok.en">Cancel</a></p><p><a href="https://example.org/map?a=1&amp;b=2">Map</a></p>',
    links: { cancel: "http://rsvp.test/l/cancel/tok.en" },
    attachments: [],
    headers: { "Auto-Submitted": "auto-generated", "X-Rsvp-Kind": "confirmed" },
    ...overrides,
  });

  it("keeps an email as its recipient reads it: subject, text, its action links, its headers", async () => {
    const { clock, ses, sesMailer } = mailer();
    expect(await sesMailer.send(email())).toBe(true);
    expect(ses.sent).toEqual([
      expect.objectContaining({
        to: ["ana@example.org"],
        subject: "You're in: Summer party",
        text: expect.stringContaining("See you there."),
        links: { cancel: "http://rsvp.test/l/cancel/tok.en" },
        headers: expect.objectContaining({ "X-Rsvp-Kind": "confirmed" }),
        attachments: [],
        sentAt: clock.now().toISOString(),
      }),
    ]);
  });

  it("reads an email with a calendar file back from its MIME: the attachment and the same links", async () => {
    const { ses, sesMailer } = mailer();
    const ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n";
    await sesMailer.send(
      email({
        attachments: [{ filename: "invite.ics", contentType: "text/calendar; method=PUBLISH", content: ics }],
      }),
    );
    const [sent] = ses.sent;
    expect(sent).toMatchObject({
      subject: "You're in: Summer party",
      links: { cancel: "http://rsvp.test/l/cancel/tok.en" },
      headers: expect.objectContaining({ "X-Rsvp-Kind": "confirmed" }),
    });
    expect(sent!.attachments).toEqual([
      { filename: "invite.ics", contentType: expect.stringMatching(/^text\/calendar/), content: ics },
    ]);
  });
});

describe("the in-process Secrets Manager", () => {
  it("serves the signing keyring to the real keyring adapter", async () => {
    const keyring = testKeyring();
    const secrets = new LocalSecrets({ keys: JSON.stringify(keyring) });
    const adapter = new SecretsKeyring({ client: secrets.client, secretId: "keys" });
    await adapter.refresh();
    expect(adapter.current()).toEqual(keyring);
    await expect(
      new SecretsKeyring({ client: secrets.client, secretId: "other" }).refresh(),
    ).rejects.toThrow();
  });
});
