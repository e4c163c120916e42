/**
 * An in-process stand-in for EventBridge Scheduler's one-off schedules, answering the real `SchedulerClient`
 * (see sdk-stand-in.ts), so the real `SchedulerTimers` adapter books and cancels timers on it unchanged.
 *
 * It holds `at()` schedules by group and name: CreateSchedule creates one unless the name exists in the group
 * (ConflictException), DeleteSchedule deletes one that exists (ResourceNotFoundException otherwise). When
 * the clock has passed a schedule, `fireDue` sends its target input to the SQS FIFO queue with the target's
 * message group, as Scheduler does (no deduplication id: the queue deduplicates by content), then deletes
 * it (ActionAfterCompletion DELETE). An `at()` already past when created is refused with a ValidationException,
 * the answer `SchedulerTimers` expects and handles by sending the command itself.
 *
 * By default a schedule fires at its instant. With `window`, it fires as the service does: anywhere in the
 * minute its instant falls in ("a schedule set for 1:00 fires between 1:00:00 and 1:00:59", so one set for
 * 1:00:30 may fire half a minute early), picked by seeded randomness (or the window's first or last instant,
 * for tests that need one), and a share of schedules is delivered a second time (at least once, as the
 * service promises), up to a minute after the first.
 */
import {
  ConflictException,
  type CreateScheduleInput,
  type DeleteScheduleInput,
  ResourceNotFoundException,
  SchedulerClient,
  ValidationException,
} from "@aws-sdk/client-scheduler";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { DateTime } from "luxon";
import type { Clock } from "../../core/ports.ts";
import type { LocalSqsFifo } from "./local-sqs-fifo.ts";
import { answered, offlineClientConfig, standIn, unsupported } from "./sdk-stand-in.ts";

/** A one-off schedule as the stand-in holds it. */
export interface LocalSchedule {
  group: string;
  name: string;
  /** When it fires. */
  at: Date;
  /** The SQS message group of its target (the event id for rsvp's timers). */
  messageGroupId: string;
  /** The target's input: the message body. */
  input: string;
  deleteAfterCompletion: boolean;
  enabled: boolean;
  /** When it fires: its instant, or where in its minute the window put it. */
  firesAt: Date;
  /** When it is delivered a second time, if it is (null: once). */
  againAt: Date | null;
}

/** A second delivery of a schedule that fired (and may be deleted since). */
interface Echo {
  at: number;
  input: string;
  messageGroupId: string;
}

const MINUTE = 60_000;

/** A small seeded generator (mulberry32): the same seed gives the same firings. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** When in its minute a schedule fires, and how often twice. */
export interface SchedulerWindow {
  /** Anywhere in the minute (seeded), or always its first or last instant. */
  within: "random" | "earliest" | "latest";
  /** The seed of the randomness (default 1): the same seed, the same firings. */
  seed?: number;
  /** The share of schedules delivered a second time, 0 to 1 (default 0). */
  twice?: number;
}

export interface LocalSchedulerOptions {
  clock: Clock;
  /** Fire in the minute window, as the service does; without it, at the schedule's instant. */
  window?: SchedulerWindow;
  /** The queue every schedule targets (by its ARN). */
  queue: LocalSqsFifo;
  /** The schedule groups that exist besides `default`. */
  groups: readonly string[];
}

const nameRule = /^[0-9A-Za-z_.-]{1,64}$/;
const atRule = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/;

const invalid = (message: string) => new ValidationException({ message, Message: message, ...answered() });

/** EventBridge Scheduler's one-off schedules in-process. `client` is the SchedulerClient the adapter is given. */
export class LocalScheduler {
  /** Scheduler requests by command name (CreateSchedule, DeleteSchedule). */
  readonly calls = new Map<string, number>();
  /** Schedules fired so far (each one SQS SendMessage; a second delivery counts again). */
  fired = 0;
  /** Deliveries that came before their schedule's instant (the window's early part). */
  early = 0;
  readonly client: SchedulerClient;
  readonly #clock: Clock;
  readonly #queue: LocalSqsFifo;
  readonly #groups: Set<string>;
  readonly #schedules = new Map<string, LocalSchedule>();
  readonly #window: SchedulerWindow | undefined;
  readonly #random: () => number;
  #echoes: Echo[] = [];

  constructor(options: LocalSchedulerOptions) {
    this.#clock = options.clock;
    this.#window = options.window;
    this.#random = seeded(options.window?.seed ?? 1);
    this.#queue = options.queue;
    this.#groups = new Set(["default", ...options.groups]);
    this.client = standIn(
      new SchedulerClient(offlineClientConfig),
      "Scheduler",
      async (command, input) => {
        if (command === "CreateScheduleCommand") return this.#create(input as CreateScheduleInput);
        if (command === "DeleteScheduleCommand") return this.#delete(input as DeleteScheduleInput);
        return unsupported("EventBridge Scheduler", command);
      },
      this.calls,
    );
  }

  /** The live schedules, earliest first (of one target message group, or all). */
  list(messageGroupId?: string): LocalSchedule[] {
    return [...this.#schedules.values()]
      .filter((s) => messageGroupId === undefined || s.messageGroupId === messageGroupId)
      .sort((a, b) => a.at.getTime() - b.at.getTime() || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** When the next enabled schedule (or second delivery) fires, if any. */
  nextDue(): Date | null {
    const times = [
      ...this.list()
        .filter((s) => s.enabled)
        .map((s) => s.firesAt.getTime()),
      ...this.#echoes.map((e) => e.at),
    ];
    return times.length > 0 ? new Date(Math.min(...times)) : null;
  }

  /**
   * Fires every enabled schedule whose firing time the clock has reached, earliest first: its input goes to the
   * queue with its message group, then a schedule set to DELETE after completion is deleted. Second
   * deliveries due go out too. Returns how many deliveries were made.
   */
  async fireDue(): Promise<number> {
    const now = this.#clock.now().getTime();
    const due = this.list()
      .filter((s) => s.enabled && s.firesAt.getTime() <= now)
      .sort((a, b) => a.firesAt.getTime() - b.firesAt.getTime());
    for (const s of due) {
      await this.#send(s.input, s.messageGroupId);
      if (s.firesAt.getTime() < s.at.getTime()) this.early += 1;
      if (s.againAt)
        this.#echoes.push({ at: s.againAt.getTime(), input: s.input, messageGroupId: s.messageGroupId });
      if (s.deleteAfterCompletion) this.#schedules.delete(key(s.group, s.name));
      else s.enabled = false;
    }
    const echoes = this.#echoes.filter((e) => e.at <= now);
    this.#echoes = this.#echoes.filter((e) => e.at > now);
    for (const e of echoes) await this.#send(e.input, e.messageGroupId);
    return due.length + echoes.length;
  }

  async #send(input: string, messageGroupId: string): Promise<void> {
    await this.#queue.client.send(
      new SendMessageCommand({
        QueueUrl: this.#queue.url,
        MessageBody: input,
        MessageGroupId: messageGroupId,
      }),
    );
    this.fired += 1;
  }

  /** When a schedule at `at` fires, and whether again: its instant, or somewhere in its minute. */
  #firing(at: Date): { firesAt: Date; againAt: Date | null } {
    const window = this.#window;
    if (!window) return { firesAt: at, againAt: null };
    const minute = Math.floor(at.getTime() / MINUTE) * MINUTE;
    const offset =
      window.within === "earliest"
        ? 0
        : window.within === "latest"
          ? MINUTE - 1000
          : Math.floor(this.#random() * 60) * 1000;
    const firesAt = minute + offset;
    const twice = this.#random() < (window.twice ?? 0);
    return {
      firesAt: new Date(firesAt),
      againAt: twice ? new Date(firesAt + 1000 + Math.floor(this.#random() * 59) * 1000) : null,
    };
  }

  #create(input: CreateScheduleInput): object {
    const group = this.#group(input.GroupName);
    const name = input.Name ?? "";
    if (!nameRule.test(name)) throw invalid(`schedule name ${JSON.stringify(name)} is not valid`);
    const at = this.#instant(input.ScheduleExpression, input.ScheduleExpressionTimezone);
    if (!input.FlexibleTimeWindow?.Mode) throw invalid("FlexibleTimeWindow is required");
    const target = input.Target;
    if (!target?.Arn || !target.RoleArn) throw invalid("a target needs an Arn and a RoleArn");
    if (target.Arn !== this.#queue.arn)
      throw invalid(
        `the in-process Scheduler can only target the queue ${this.#queue.arn}, not ${target.Arn}`,
      );
    const messageGroupId = target.SqsParameters?.MessageGroupId;
    if (!messageGroupId) throw invalid("a FIFO queue target needs SqsParameters.MessageGroupId");
    if (this.#schedules.has(key(group, name))) {
      const message = `schedule ${name} already exists in group ${group}`;
      throw new ConflictException({ message, Message: message, ...answered(409) });
    }
    if (at.getTime() < this.#clock.now().getTime())
      throw invalid(`the at() expression ${input.ScheduleExpression} is in the past`);
    this.#schedules.set(key(group, name), {
      group,
      name,
      at,
      messageGroupId,
      input: target.Input ?? "",
      deleteAfterCompletion: input.ActionAfterCompletion === "DELETE",
      enabled: (input.State ?? "ENABLED") === "ENABLED",
      ...this.#firing(at),
    });
    return { ScheduleArn: `arn:aws:scheduler:${this.#queue.region}:000000000000:schedule/${group}/${name}` };
  }

  #delete(input: DeleteScheduleInput): object {
    const group = this.#group(input.GroupName);
    if (!this.#schedules.delete(key(group, input.Name ?? ""))) {
      const message = `schedule ${input.Name} does not exist in group ${group}`;
      throw new ResourceNotFoundException({ message, Message: message, ...answered(404) });
    }
    return {};
  }

  #group(name: string | undefined): string {
    const group = name ?? "default";
    if (!this.#groups.has(group)) {
      const message = `schedule group ${group} does not exist`;
      throw new ResourceNotFoundException({ message, Message: message, ...answered(404) });
    }
    return group;
  }

  /** The instant of an `at(yyyy-mm-ddThh:mm:ss)` expression in its time zone (UTC when none is given). */
  #instant(expression: string | undefined, zone: string | undefined): Date {
    const wall = atRule.exec(expression ?? "")?.[1];
    if (!wall)
      throw invalid(
        `the in-process Scheduler takes one-off at(yyyy-mm-ddThh:mm:ss) schedules, not ${expression}`,
      );
    const local = DateTime.fromISO(wall, { zone: zone ?? "UTC" });
    if (!local.isValid) throw invalid(`${expression} in ${zone ?? "UTC"} is not a valid time`);
    return local.toJSDate();
  }
}

const key = (group: string, name: string) => `${group}/${name}`;
