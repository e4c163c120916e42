import {
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleInput,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  ValidationException,
} from "@aws-sdk/client-scheduler";
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { deduplicationId } from "../../adapters/aws/command-message.ts";
import { SchedulerTimers, scheduleTime } from "../../adapters/aws/scheduler-timers.ts";
import { SqsCommandQueue } from "../../adapters/aws/sqs-command-queue.ts";
import { Command } from "../../contracts/command.ts";
import { defaultSettings } from "../../contracts/settings.ts";
import type { Timer } from "../../core/ports.ts";
import { summaryTimers, timerNames } from "../../core/timer-plan.ts";
import { baseTime, fakeClock, guestAction, newEvent } from "../helpers/factories.ts";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const schedulerClient = new SchedulerClient({ region: "eu-central-1", credentials });
const sqsClient = new SQSClient({ region: "eu-central-1", credentials });
const scheduler = mockClient(schedulerClient);
const sqs = mockClient(sqsClient);
afterEach(() => {
  scheduler.reset();
  sqs.reset();
});

const groupName = "rsvp-timers";
const queueArn = "arn:aws:sqs:eu-central-1:123456789012:rsvp-commands.fifo";
const queueUrl = "https://sqs.eu-central-1.amazonaws.com/123456789012/rsvp-commands.fifo";
const roleArn = "arn:aws:iam::123456789012:role/rsvp-scheduler";
const guestId = "g".repeat(22);

function timers(clock = fakeClock()) {
  // The queue is the real SQS adapter over the mocked SDK: a due timer's command must reach SQS as any other.
  const queue = new SqsCommandQueue({ client: sqsClient, queueUrl });
  return new SchedulerTimers({ client: schedulerClient, groupName, queueArn, roleArn, queue, clock });
}

/** An offer-expiry timer as the timer plan books it, of an event in `timeZone`. */
function expiryTimer(eventId: string, at: string, id = guestId, timeZone = "Europe/Berlin"): Timer {
  const name = timerNames.expireOffer(id);
  const command = guestAction("expire-offer", eventId, id, {
    commandId: `timer-${name}`,
    lane: "timer",
    issuedAt: new Date(at),
  });
  return { name, eventId, at, timeZone, command };
}

const created = () => scheduler.commandCalls(CreateScheduleCommand).map((c) => c.args[0].input);
const queued = () =>
  sqs
    .commandCalls(SendMessageBatchCommand)
    .flatMap((c) => (c.args[0].input.Entries ?? []) as SendMessageBatchRequestEntry[]);

describe("SchedulerTimers", () => {
  it("books a timer as a one-off at() schedule in the event's zone that deletes itself, targeting the FIFO queue", async () => {
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: "arn:schedule" });
    const timer = expiryTimer("ev-1", "2026-06-01T18:00:00.000Z");

    await timers().book([timer]);

    expect(created()).toEqual([
      {
        Name: `expire-${guestId}`,
        GroupName: groupName,
        ScheduleExpression: "at(2026-06-01T20:00:00)",
        ScheduleExpressionTimezone: "Europe/Berlin",
        FlexibleTimeWindow: { Mode: "OFF" },
        ActionAfterCompletion: "DELETE",
        State: "ENABLED",
        Target: {
          Arn: queueArn,
          RoleArn: roleArn,
          Input: JSON.stringify(timer.command),
          SqsParameters: { MessageGroupId: "ev-1" },
        },
      } satisfies CreateScheduleInput,
    ]);
  });

  it("names a dead-letter queue for a timer Scheduler cannot deliver, when given one", async () => {
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: "arn:schedule" });
    const deadLetterArn = "arn:aws:sqs:eu-central-1:123456789012:rsvp-failed-events";
    const queue = new SqsCommandQueue({ client: sqsClient, queueUrl });
    const clock = fakeClock();
    const withDlq = { client: schedulerClient, groupName, queueArn, roleArn, queue, clock, deadLetterArn };
    await new SchedulerTimers(withDlq).book([expiryTimer("ev-1", "2026-06-01T18:00:00.000Z")]);
    expect(created()[0]?.Target?.DeadLetterConfig).toEqual({ Arn: deadLetterArn });
  });

  it("rounds an instant up to the whole second, so a timer never fires before it is due", () => {
    const utc = (at: string) => scheduleTime(new Date(at), "UTC").ScheduleExpression;
    expect(utc("2026-06-01T18:00:00.000Z")).toBe("at(2026-06-01T18:00:00)");
    expect(utc("2026-06-01T18:00:00.001Z")).toBe("at(2026-06-01T18:00:01)");
    expect(utc("2026-12-31T23:59:59.500Z")).toBe("at(2027-01-01T00:00:00)");
    expect(scheduleTime(new Date("2026-12-31T22:59:59.500Z"), "Europe/Berlin")).toEqual({
      ScheduleExpression: "at(2027-01-01T00:00:00)",
      ScheduleExpressionTimezone: "Europe/Berlin",
    });
  });

  describe("writes the schedule in the event's zone where its wall time names one instant, else in UTC", () => {
    const cases: { zone: string; at: string; expression: string; timezone: string; why: string }[] = [
      // Summer time (CEST, +02:00) and winter time (CET, +01:00).
      {
        zone: "Europe/Berlin",
        at: "2026-06-01T18:00:00Z",
        expression: "at(2026-06-01T20:00:00)",
        timezone: "Europe/Berlin",
        why: "a summer evening",
      },
      {
        zone: "Europe/Berlin",
        at: "2026-12-23T07:00:00Z",
        expression: "at(2026-12-23T08:00:00)",
        timezone: "Europe/Berlin",
        why: "a winter morning",
      },
      // 25 October 2026: at 01:00Z Berlin's clocks go back from 03:00 CEST to 02:00 CET, so 02:00:00–02:59:59
      // happens twice. Both passes are written in UTC; the seconds either side of the hour in the zone.
      {
        zone: "Europe/Berlin",
        at: "2026-10-24T23:59:59Z",
        expression: "at(2026-10-25T01:59:59)",
        timezone: "Europe/Berlin",
        why: "the last second before the repeated hour",
      },
      {
        zone: "Europe/Berlin",
        at: "2026-10-25T00:00:00Z",
        expression: "at(2026-10-25T00:00:00)",
        timezone: "UTC",
        why: "02:00 CEST, the repeated hour's first pass",
      },
      {
        zone: "Europe/Berlin",
        at: "2026-10-25T00:30:00Z",
        expression: "at(2026-10-25T00:30:00)",
        timezone: "UTC",
        why: "02:30 CEST, first pass",
      },
      {
        zone: "Europe/Berlin",
        at: "2026-10-25T01:30:00Z",
        expression: "at(2026-10-25T01:30:00)",
        timezone: "UTC",
        why: "02:30 CET, second pass",
      },
      {
        zone: "Europe/Berlin",
        at: "2026-10-25T01:59:59Z",
        expression: "at(2026-10-25T01:59:59)",
        timezone: "UTC",
        why: "02:59:59 CET, the second pass's last second",
      },
      {
        zone: "Europe/Berlin",
        at: "2026-10-25T02:00:00Z",
        expression: "at(2026-10-25T03:00:00)",
        timezone: "Europe/Berlin",
        why: "03:00 CET, once",
      },
      // 29 March 2026: 02:00 CET jumps to 03:00 CEST; no instant has a skipped wall time, so all are zoned.
      {
        zone: "Europe/Berlin",
        at: "2026-03-29T01:00:00Z",
        expression: "at(2026-03-29T03:00:00)",
        timezone: "Europe/Berlin",
        why: "the first second after the skipped hour",
      },
      {
        zone: "America/New_York",
        at: "2026-12-24T00:00:00Z",
        expression: "at(2026-12-23T19:00:00)",
        timezone: "America/New_York",
        why: "New York, the day before in UTC",
      },
      {
        zone: "America/New_York",
        at: "2026-11-01T05:30:00Z",
        expression: "at(2026-11-01T05:30:00)",
        timezone: "UTC",
        why: "New York's repeated 01:30 (EST)",
      },
      {
        zone: "Asia/Kathmandu",
        at: "2026-06-01T02:15:00Z",
        expression: "at(2026-06-01T08:00:00)",
        timezone: "Asia/Kathmandu",
        why: "Kathmandu, +05:45",
      },
      {
        zone: "UTC",
        at: "2026-06-01T18:00:00Z",
        expression: "at(2026-06-01T18:00:00)",
        timezone: "UTC",
        why: "an event in UTC",
      },
    ];
    for (const c of cases)
      it(`${c.zone} ${c.at}: ${c.why}`, async () => {
        scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: "arn:schedule" });
        // Booked on New Year's Day, so that every case is still to come.
        const clock = fakeClock(new Date("2026-01-01T00:00:00.000Z"));
        await timers(clock).book([expiryTimer("ev-1", new Date(c.at).toISOString(), guestId, c.zone)]);
        expect(created()).toEqual([
          expect.objectContaining({
            Name: `expire-${guestId}`,
            ScheduleExpression: c.expression,
            ScheduleExpressionTimezone: c.timezone,
          }),
        ]);
      });
  });

  it("writes the schedule in UTC when Scheduler does not know the event's zone", async () => {
    const refused = new ValidationException({
      message: "Invalid timezone",
      Message: "Invalid timezone",
      $metadata: {},
    });
    scheduler
      .on(CreateScheduleCommand, { ScheduleExpressionTimezone: "America/Ciudad_Juarez" })
      .rejects(refused)
      .on(CreateScheduleCommand, { ScheduleExpressionTimezone: "UTC" })
      .resolves({ ScheduleArn: "arn:schedule" });

    await timers().book([expiryTimer("ev-1", "2026-06-01T18:00:00.000Z", guestId, "America/Ciudad_Juarez")]);

    expect(created().map((c) => [c.ScheduleExpression, c.ScheduleExpressionTimezone])).toEqual([
      ["at(2026-06-01T12:00:00)", "America/Ciudad_Juarez"],
      ["at(2026-06-01T18:00:00)", "UTC"],
    ]);
  });

  it("gives two timers due at the same instant different bodies: content-based dedup cannot swallow one", async () => {
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: "arn:schedule" });
    const at = "2026-06-03T08:00:00.000Z";
    const expiry = expiryTimer("ev-1", at);
    const deliverName = timerNames.deliverOffer(guestId);
    const deliver: Timer = {
      name: deliverName,
      eventId: "ev-1",
      at,
      timeZone: "Europe/Berlin",
      command: Command.parse({
        type: "notify",
        notice: "offer",
        eventId: "ev-1",
        guestId,
        commandId: `timer-${deliverName}`,
        issuedAt: at,
        lane: "timer",
      }),
    };

    await timers().book([expiry, deliver]);

    const inputs = created().map((c) => c.Target?.Input ?? "");
    expect(new Set(inputs).size).toBe(2);
    expect(inputs.map((i) => JSON.parse(i).commandId)).toEqual([
      `timer-${expiry.name}`,
      `timer-${deliverName}`,
    ]);
  });

  it("fits every timer name the plans make within Scheduler's limits, for the longest ids", async () => {
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: "arn:schedule" });
    const event = newEvent({
      eventId: "e".repeat(64),
      settings: { ...defaultSettings(), hostEmail: "host@example.org" },
    });
    const summaries = summaryTimers(event, baseTime);
    expect(summaries).toHaveLength(7);

    await timers().book(summaries);

    const names = [
      ...created().map((c) => c.Name ?? ""),
      timerNames.reminder(guestId, "morning"),
      timerNames.deliverOffer(guestId),
      timerNames.expireOffer(guestId),
    ];
    for (const name of names) expect(name).toMatch(/^[0-9A-Za-z_.-]{1,64}$/);
    expect(created().every((c) => c.Target?.SqsParameters?.MessageGroupId === event.eventId)).toBe(true);
  });

  it("refuses a name outside Scheduler's rule, and a command of another event, before booking anything", async () => {
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: "arn:schedule" });
    const fine = expiryTimer("ev-1", "2026-06-02T00:00:00.000Z");
    const tooLong = { ...fine, name: "x".repeat(65) };
    const badChars = { ...fine, name: "remind/week" };
    const strayCommand = { ...fine, eventId: "ev-2" };

    for (const bad of [tooLong, badChars, strayCommand])
      await expect(timers().book([fine, bad])).rejects.toThrow(RangeError);
    expect(created()).toEqual([]);
  });

  it("treats a name that is already booked as booked: the first booking stays", async () => {
    scheduler
      .on(CreateScheduleCommand)
      .rejectsOnce(
        new ConflictException({
          message: "Schedule already exists.",
          Message: "Schedule already exists.",
          $metadata: {},
        }),
      )
      .resolves({ ScheduleArn: "arn:schedule" });
    const first = expiryTimer("ev-1", "2026-06-02T00:00:00.000Z", "a".repeat(22));
    const second = expiryTimer("ev-1", "2026-06-02T00:00:00.000Z", "b".repeat(22));

    await expect(timers().book([first, second])).resolves.toBeUndefined();
    expect(created().map((c) => c.Name)).toEqual([first.name, second.name]);
  });

  it("throws what Scheduler refuses otherwise", async () => {
    scheduler
      .on(CreateScheduleCommand)
      .rejects(new ValidationException({ message: "bad role", Message: "bad role", $metadata: {} }));
    await expect(timers().book([expiryTimer("ev-1", "2026-06-02T00:00:00.000Z")])).rejects.toThrow(
      "bad role",
    );
    expect(queued()).toEqual([]);
  });

  it("sends a timer that is already due straight to the queue instead of scheduling it in the past", async () => {
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: "arn:schedule" });
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const clock = fakeClock(new Date("2026-06-01T12:00:00.000Z"));
    const past = expiryTimer("ev-1", "2026-06-01T11:59:59.000Z", "p".repeat(22));
    const now = expiryTimer("ev-1", "2026-06-01T12:00:00.000Z", "n".repeat(22));
    const later = expiryTimer("ev-1", "2026-06-01T12:00:01.000Z", "l".repeat(22));

    await timers(clock).book([past, now, later]);

    expect(created().map((c) => c.Name)).toEqual([later.name]);
    expect(queued()).toEqual(
      [past, now].map((t, i) => ({
        Id: String(i),
        MessageBody: JSON.stringify(t.command),
        MessageGroupId: "ev-1",
        MessageDeduplicationId: deduplicationId(t.command),
      })),
    );
  });

  it("sends a timer to the queue when its instant passed while Scheduler was being asked", async () => {
    const clock = fakeClock(new Date("2026-06-01T12:00:00.000Z"));
    const timer = expiryTimer("ev-1", "2026-06-01T12:00:00.500Z");
    scheduler.on(CreateScheduleCommand).callsFake(() => {
      clock.advance(1_000);
      throw new ValidationException({
        message: "The schedule expression is in the past.",
        Message: "The schedule expression is in the past.",
        $metadata: {},
      });
    });
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });

    await timers(clock).book([timer]);

    expect(queued().map((e) => JSON.parse(e.MessageBody ?? ""))).toEqual([timer.command]);
  });

  it("books many timers with a bounded number of requests in flight", async () => {
    let inFlight = 0;
    let most = 0;
    scheduler.on(CreateScheduleCommand).callsFake(async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight -= 1;
      return { ScheduleArn: "arn:schedule" };
    });
    const many = Array.from({ length: 23 }, (_, i) =>
      expiryTimer("ev-1", "2026-06-02T00:00:00.000Z", `g${String(i).padStart(21, "0")}`),
    );

    await timers().book(many);

    expect(created()).toHaveLength(23);
    expect(most).toBe(5);
  });

  it("cancels by deleting the schedules; one that is gone (fired, or never booked) is fine", async () => {
    scheduler
      .on(DeleteScheduleCommand)
      .resolves({})
      .on(DeleteScheduleCommand, { Name: "remind-day-x" })
      .rejects(
        new ResourceNotFoundException({
          message: "Schedule not found.",
          Message: "Schedule not found.",
          $metadata: {},
        }),
      );

    await timers().cancel(["remind-week-x", "remind-day-x"]);

    expect(scheduler.commandCalls(DeleteScheduleCommand).map((c) => c.args[0].input)).toEqual([
      { Name: "remind-week-x", GroupName: groupName },
      { Name: "remind-day-x", GroupName: groupName },
    ]);
  });

  it("throws when a delete fails for another reason", async () => {
    scheduler.on(DeleteScheduleCommand).rejects(new Error("throttled for good"));
    await expect(timers().cancel(["remind-week-x"])).rejects.toThrow("throttled for good");
  });
});
