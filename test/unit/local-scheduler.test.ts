import { CreateScheduleCommand } from "@aws-sdk/client-scheduler";
import { describe, expect, it } from "vitest";
import { SchedulerTimers } from "../../adapters/aws/scheduler-timers.ts";
import { LocalScheduler } from "../../tools/aws-local/local-scheduler.ts";
import { guestAction } from "../helpers/factories.ts";
import { deliverAll, localFifo, recordingKeeper } from "../helpers/local-sqs.ts";

// The in-process EventBridge Scheduler (tools/aws-local/local-scheduler.ts) behind the real timers adapter.

const minute = 60_000;

describe("the in-process EventBridge Scheduler", () => {
  function scheduled() {
    const { clock, sqs, queue } = localFifo();
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

  it("in its minute window it fires a schedule anywhere in the minute, some twice, the same for the same seed", async () => {
    const firings = async (seed: number) => {
      const { clock, sqs } = localFifo();
      const scheduler = new LocalScheduler({
        clock,
        queue: sqs,
        groups: ["rsvp-timers"],
        window: { within: "random", seed, twice: 0.5 },
      });
      const timers = new SchedulerTimers({
        client: scheduler.client,
        groupName: "rsvp-timers",
        queueArn: sqs.arn,
        roleArn: "arn:aws:iam::000000000000:role/rsvp-scheduler",
        queue: { send: async () => {} },
        clock,
      });
      // Twenty timers at hh:05:30, each of its own event (so the queue does not take one for another).
      const at = new Date(clock.now().getTime() + 5 * minute + 30_000);
      await timers.book(
        Array.from({ length: 20 }, (_, i) => ({
          ...expiry(at),
          name: `t${i}`,
          eventId: `ev-${i}`,
          command: { ...expiry(at).command, eventId: `ev-${i}` },
        })),
      );
      const times: number[] = [];
      for (let t = 0; t < 8 * 60; t += 1) {
        const fired = await scheduler.fireDue();
        for (let n = 0; n < fired; n += 1) times.push(clock.now().getTime() - at.getTime());
        clock.advance(1000);
      }
      return { times, early: scheduler.early, left: scheduler.list().length };
    };
    const { times, early, left } = await firings(7);
    // Every schedule fired, the first time within hh:05:00–hh:05:59: up to 30 s early, up to 29 s late.
    expect(left).toBe(0);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(-30_000);
    expect(early).toBeGreaterThan(0);
    expect(early).toBeLessThan(20);
    // Some are delivered a second time, within the next minute.
    expect(times.length).toBeGreaterThan(20);
    expect(Math.max(...times)).toBeLessThan(90_000);
    expect(await firings(7)).toEqual({ times, early, left });
  });
});
