/**
 * Timers on EventBridge Scheduler: one one-off `at()` schedule per timer, named by the timer, in one schedule
 * group, targeting the FIFO command queue with the event id as message group. Scheduler deletes a schedule
 * once it has fired (`ActionAfterCompletion: DELETE`), so a fired timer is gone as in the embedded table and
 * its name can be booked again (a second offer to the same guest).
 *
 * The queue deduplicates Scheduler's messages by content (Scheduler cannot set a deduplication id), so the
 * body must tell two timers apart: it is the timer's command, whose id is `timer-<name>` and whose issuedAt is
 * the due instant. A timer that fires twice is still applied once, by the keeper's record of command ids.
 *
 * The schedule is written in the event's time zone (`at(2026-12-23T08:00:00)` with `Europe/Berlin`), so that
 * whoever reads the schedules in the console sees the event's clock, as the issue asked. The timer's instant
 * was already resolved in that zone (quiet hours, reminder times); the wall time is only how it is written.
 * Where the wall time does not name exactly one instant, the schedule is written in UTC instead: in the hour a
 * DST change repeats (an offer's hold may well end at 02:30 on the night clocks go back), `at(02:30)` in the
 * zone happens twice and Scheduler would pick one, perhaps the wrong one; UTC has no such hour.
 */
import {
  CreateScheduleCommand,
  type CreateScheduleInput,
  DeleteScheduleCommand,
  type SchedulerClient,
} from "@aws-sdk/client-scheduler";
import { Command } from "../../contracts/command.ts";
import { type Clock, type CommandQueue, systemClock, type Timer, type Timers } from "../../core/ports.ts";
import { localWallTime, resolveWallTime } from "../../core/quiet-hours.ts";

export interface SchedulerTimersOptions {
  client: SchedulerClient;
  /** The schedule group every timer is created in. */
  groupName: string;
  /** The FIFO command queue's ARN: every schedule's target. */
  queueArn: string;
  /** The role Scheduler assumes to send to the queue (sqs:SendMessage on it, kms:GenerateDataKey if encrypted). */
  roleArn: string;
  /** Takes the commands of timers that are already due: Scheduler does not fire an `at()` in the past. */
  queue: CommandQueue;
  clock?: Clock;
  /** Scheduler requests in flight at once (default 5); the SDK retries throttled ones. */
  concurrency?: number;
  /** A standard SQS queue's ARN where Scheduler puts a timer it could not deliver after its retries. */
  deadLetterArn?: string;
}

/** Scheduler's rule for schedule names. */
const scheduleName = /^[0-9A-Za-z_.-]{1,64}$/;
/** The most Scheduler takes as a target's input (256 KB). */
const maxInputBytes = 262_144;

/** An `at()` expression and the zone its wall time is read in: a CreateSchedule request's two fields. */
export interface ScheduleTime {
  ScheduleExpression: string;
  ScheduleExpressionTimezone: string;
}

/**
 * The `at()` schedule of an instant, rounded UP to the whole second: in the event's zone when the wall time
 * there names this one instant, else (the hour clocks go back, repeated) in UTC.
 */
export function scheduleTime(at: Date, timeZone: string): ScheduleTime {
  // Scheduler counts in seconds. Rounding down would fire a moment early, and the keeper ignores an offer's
  // expiry that arrives before the hold ends (it would never lapse).
  const second = new Date(Math.ceil(at.getTime() / 1000) * 1000);
  if (timeZone !== "UTC") {
    const wall = localWallTime(second, timeZone).slice(0, 19);
    const back = resolveWallTime(wall, timeZone);
    if (back.status === "ok" && back.at.getTime() === second.getTime())
      return { ScheduleExpression: `at(${wall})`, ScheduleExpressionTimezone: timeZone };
  }
  return utcScheduleTime(second);
}

function utcScheduleTime(at: Date): ScheduleTime {
  const second = new Date(Math.ceil(at.getTime() / 1000) * 1000);
  return {
    ScheduleExpression: `at(${second.toISOString().slice(0, 19)})`,
    ScheduleExpressionTimezone: "UTC",
  };
}

function checkName(name: string): void {
  if (!scheduleName.test(name))
    throw new RangeError(
      `timer name ${JSON.stringify(name)} is not 1 to 64 of [0-9A-Za-z_.-] (Scheduler's rule)`,
    );
}

const errorName = (error: unknown) => (error instanceof Error ? error.name : "");

/** The Timers port on EventBridge Scheduler. */
export class SchedulerTimers implements Timers {
  readonly #client: SchedulerClient;
  readonly #group: string;
  readonly #queueArn: string;
  readonly #roleArn: string;
  readonly #queue: CommandQueue;
  readonly #clock: Clock;
  readonly #concurrency: number;
  readonly #deadLetterArn: string | undefined;

  constructor(options: SchedulerTimersOptions) {
    this.#client = options.client;
    this.#group = options.groupName;
    this.#queueArn = options.queueArn;
    this.#roleArn = options.roleArn;
    this.#queue = options.queue;
    this.#clock = options.clock ?? systemClock;
    this.#concurrency = options.concurrency ?? 5;
    this.#deadLetterArn = options.deadLetterArn;
  }

  /**
   * Creates a schedule per timer; one whose name exists already keeps its first booking (Scheduler answers
   * ConflictException). Timers already due go straight to the queue instead. Checks every timer before
   * creating any: a name outside Scheduler's rule or a command of another event is a bug, thrown as such.
   */
  async book(timers: readonly Timer[]): Promise<void> {
    const planned = timers.map((timer) => ({ timer, input: this.#request(timer) }));
    const now = this.#clock.now().getTime();
    const due = planned.filter(({ timer }) => Date.parse(timer.at) <= now);
    const later = planned.filter(({ timer }) => Date.parse(timer.at) > now);
    if (due.length > 0) await this.#queue.send(due.map(({ timer }) => Command.parse(timer.command)));
    await eachLimited(later, this.#concurrency, ({ timer, input }) => this.#create(timer, input));
  }

  /** Deletes the schedules by name; one that does not exist (never booked, or fired) is fine. */
  async cancel(names: readonly string[]): Promise<void> {
    for (const name of names) checkName(name);
    await eachLimited(names, this.#concurrency, async (name) => {
      try {
        await this.#client.send(new DeleteScheduleCommand({ Name: name, GroupName: this.#group }));
      } catch (error) {
        if (errorName(error) !== "ResourceNotFoundException") throw error;
      }
    });
  }

  #request(timer: Timer): CreateScheduleInput {
    checkName(timer.name);
    const command = Command.parse(timer.command);
    // The group must be the event the command acts on, or the keeper would see it out of that event's order.
    if (command.eventId !== timer.eventId)
      throw new RangeError(
        `timer ${timer.name} is for event ${timer.eventId} but fires a command of ${command.eventId}`,
      );
    const input = JSON.stringify(command);
    if (Buffer.byteLength(input, "utf8") > maxInputBytes)
      throw new RangeError(`timer ${timer.name}'s command is larger than Scheduler's ${maxInputBytes} bytes`);
    return {
      Name: timer.name,
      GroupName: this.#group,
      ...scheduleTime(new Date(timer.at), timer.timeZone),
      FlexibleTimeWindow: { Mode: "OFF" },
      ActionAfterCompletion: "DELETE",
      State: "ENABLED",
      Target: {
        Arn: this.#queueArn,
        RoleArn: this.#roleArn,
        Input: input,
        SqsParameters: { MessageGroupId: timer.eventId },
        ...(this.#deadLetterArn ? { DeadLetterConfig: { Arn: this.#deadLetterArn } } : {}),
      },
    };
  }

  async #create(timer: Timer, input: CreateScheduleInput): Promise<void> {
    try {
      await this.#client.send(new CreateScheduleCommand(input));
    } catch (error) {
      if (errorName(error) === "ConflictException") return;
      if (errorName(error) === "ValidationException") {
        // The instant passed while the request was on its way, and Scheduler refused an at() in the past: the
        // timer is due, so its command goes to the queue as a due timer's would.
        if (Date.parse(timer.at) <= this.#clock.now().getTime()) {
          await this.#queue.send([Command.parse(timer.command)]);
          return;
        }
        // Scheduler's time-zone data may not know a zone this runtime knows (one named this year): the same
        // instant in UTC is as exact, and a timer that cannot be booked would hold up the change stream.
        if (input.ScheduleExpressionTimezone !== "UTC")
          return this.#create(timer, { ...input, ...utcScheduleTime(new Date(timer.at)) });
      }
      throw error;
    }
  }
}

/** Runs `fn` over the items with at most `limit` at a time; rejects with the first failure once all settled. */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (error) {
        errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (errors.length > 0) throw errors[0];
}
