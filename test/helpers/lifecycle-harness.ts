import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import pino from "pino";
import { afterEach, describe, inject } from "vitest";
import { SqliteMailOutbox } from "../../adapters/local/sqlite-mail-outbox.ts";
import type { Command } from "../../contracts/command.ts";
import { emailKey } from "../../contracts/common.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import type { Outcome } from "../../contracts/outcome.ts";
import type { StoredEmail } from "../../core/mail-ports.ts";
import type { CommandQueue, GuestStore } from "../../core/ports.ts";
import { type EmbeddedRuntime, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import {
  type AwsLocalConfig,
  type AwsLocalRuntime,
  startAwsLocal,
} from "../../tools/aws-local/aws-local-runtime.ts";
import { dynamoLocalClient, uniqueTableName } from "./dynamo-local.ts";
import { fakeClock, newEvent, register } from "./factories.ts";

/** An email as its recipient reads it: what the scenarios look at, whichever runtime sent it. */
export type ReadEmail = Pick<
  StoredEmail,
  "to" | "subject" | "text" | "html" | "links" | "attachments" | "createdAt"
>;

/** What the scenarios drive of a runtime; the embedded and the AWS one both have it. */
interface DrivenRuntime {
  /** The guest store the runtime's keeper writes (read here, and the event created through it). */
  store: GuestStore;
  /** The command queue, as a producer sends to it. */
  queue: CommandQueue;
  /** Resolves once everything queued is applied and every change delivered. */
  idle(): Promise<void>;
  /** Fires the timers due by the clock's now, then waits until idle. */
  tick(): Promise<void>;
  /** The web app in-process: what a browser would get. */
  fetch(request: Request): Promise<Response>;
}

/**
 * A whole runtime in-process with one event, driven by a fake clock: commands go in through the command
 * queue, `settle()` waits until the keeper, the change feed and every command the handlers queued are done,
 * and `advance()` moves the clock and fires whatever timers fell due. Two runtimes implement it (see
 * `lifecycleRuntimes`), so every scenario runs on both with the same assertions.
 */
export abstract class Lifecycle<R extends DrivenRuntime = DrivenRuntime> {
  readonly clock = fakeClock();
  event!: EventRecord;
  rt!: R;

  /** What failed for good so far, a line each (commands set aside, changes the handlers gave up on). */
  protected abstract failedForGood(): string[];
  /** Every email of the event, oldest first; `to` picks one recipient's. */
  abstract mail(to?: string): Promise<ReadEmail[]>;
  /** The names of the event's pending timers. */
  abstract timerNames(): string[];
  abstract stop(): Promise<void>;

  protected get store(): GuestStore {
    return this.rt.store;
  }

  protected async open(overrides: Partial<EventRecord>): Promise<void> {
    this.event = newEvent(overrides);
    await this.store.createEvent(this.event);
    await this.settle();
  }

  get eventId(): string {
    return this.event.eventId;
  }

  /** Resolves once everything queued is applied and every change delivered; throws if a command or change failed for good. */
  async settle(): Promise<void> {
    await this.rt.idle();
    const failures = this.failedForGood();
    if (failures.length > 0) throw new Error(failures.join("\n"));
  }

  /** The web app in-process: what a browser would get. */
  fetch(request: Request): Promise<Response> {
    return this.rt.fetch(request);
  }

  async send(...commands: Command[]): Promise<void> {
    await this.rt.queue.send(commands);
    await this.settle();
  }

  /** Moves the clock by `ms` in steps no longer than `step`, firing due timers at every step. */
  async advance(ms: number, step = 15 * 60_000): Promise<void> {
    const end = this.clock.now().getTime() + ms;
    while (this.clock.now().getTime() < end) {
      this.clock.set(new Date(Math.min(end, this.clock.now().getTime() + step)));
      await this.rt.tick();
    }
  }

  /** Registers people in order, each settled before the next, and returns their guest rows. */
  async registerAll(emails: readonly string[]): Promise<GuestRecord[]> {
    for (const email of emails) await this.send(register(this.eventId, email, email.split("@")[0]));
    return Promise.all(emails.map((e) => this.guest(e)));
  }

  async guest(email: string): Promise<GuestRecord> {
    const found = (await this.store.listGuests(this.eventId)).find((g) => g.emailKey === emailKey(email));
    if (!found) throw new Error(`no guest ${email}`);
    return found;
  }

  async statusOf(email: string): Promise<string> {
    return (await this.guest(email)).status;
  }

  async current(): Promise<EventRecord> {
    const e = await this.store.getEvent(this.eventId);
    if (!e) throw new Error("event gone");
    return e;
  }

  async outcome(commandId: string): Promise<Outcome | undefined> {
    return (await this.store.getCommandResult(this.eventId, commandId))?.outcome;
  }

  /**
   * Opens an email's manage link (`/l/manage/…`) as a browser would, GET only (the page acts on nothing), and
   * returns the link of the page's button for `action` (`/l/cancel/…`); throws when the page offers none.
   */
  async stepFrom(manageLink: string, action: string): Promise<string> {
    const url = new URL(manageLink, "http://rsvp.test");
    const get = await this.fetch(new Request(url, { headers: { accept: "text/html" } }));
    const page = await get.text();
    if (get.status !== 200) throw new Error(`GET ${url.pathname} → ${get.status}: ${page}`);
    const href = new RegExp(`href="(/l/${action}/[^"]+)"`).exec(page)?.[1];
    if (!href) throw new Error(`the manage page offers no ${action} link: ${page}`);
    return new URL(href, url).href;
  }

  /** Opens a link as a browser would: GET the page, then press its one button (a POST to the same URL). */
  async follow(link: string): Promise<{ page: string; done: string }> {
    const url = new URL(link, "http://rsvp.test");
    const accept = { accept: "text/html" };
    const get = await this.fetch(new Request(url, { headers: accept }));
    const page = await get.text();
    if (get.status !== 200) throw new Error(`GET ${url.pathname} → ${get.status}: ${page}`);
    const post = await this.fetch(
      new Request(url, {
        method: "POST",
        headers: { ...accept, "content-type": "application/x-www-form-urlencoded" },
        body: "",
      }),
    );
    if (post.status !== 303) throw new Error(`POST ${url.pathname} → ${post.status}`);
    await this.settle();
    const done = await this.fetch(
      new Request(new URL(post.headers.get("location")!, url), { headers: accept }),
    );
    return { page, done: await done.text() };
  }
}

/** The embedded runtime on a real SQLite file in a temporary data dir. */
class EmbeddedLifecycle extends Lifecycle<EmbeddedRuntime> {
  readonly dir = mkdtempSync(join(tmpdir(), "rsvp-lifecycle-"));

  static async start(overrides: Partial<EventRecord> = {}): Promise<EmbeddedLifecycle> {
    const life = new EmbeddedLifecycle();
    life.rt = await startEmbedded({
      dataDir: life.dir,
      http: false,
      clock: life.clock,
      logger: pino({ level: "silent" }),
    });
    await life.open(overrides);
    return life;
  }

  protected failedForGood(): string[] {
    const dead = this.rt.queue.listDeadLetters();
    return dead.length > 0 ? [`commands failed for good: ${JSON.stringify(dead)}`] : [];
  }

  async mail(to?: string): Promise<ReadEmail[]> {
    const all = await new SqliteMailOutbox(this.rt.db).list({ eventId: this.eventId, limit: 1_000 });
    return all.reverse().filter((m) => !to || m.to === to);
  }

  timerNames(): string[] {
    return this.rt.timers.list(this.eventId).map((t) => t.name);
  }

  async stop(): Promise<void> {
    await this.rt.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * The AWS runtime in-process (tools/aws-local): the Lambda functions' compositions on DynamoDB Local, with
 * fresh tables, and the in-process SQS FIFO queue, Scheduler, SES and Secrets Manager.
 */
class AwsLifecycle extends Lifecycle<AwsLocalRuntime> {
  readonly #dynamo: DynamoDBClient;

  private constructor(dynamo: DynamoDBClient) {
    super();
    this.#dynamo = dynamo;
  }

  static async start(
    endpoint: string,
    overrides: Partial<EventRecord> = {},
    options: AwsLifecycleOptions = {},
  ): Promise<AwsLifecycle> {
    const life = new AwsLifecycle(dynamoLocalClient(endpoint));
    life.rt = await startAwsLocal({
      dynamo: life.#dynamo,
      streams: { endpoint },
      tables: {
        guest: uniqueTableName("life-guests"),
        audit: uniqueTableName("life-audit"),
        mail: uniqueTableName("life-mail"),
      },
      clock: life.clock,
      ...options,
      // The paced mailer's waits pass on the fake clock (a wait for a past instant is none).
      waitUntil: async (at) => {
        if (at > life.clock.now().getTime()) life.clock.set(new Date(at));
      },
    });
    await life.open(overrides);
    return life;
  }

  protected failedForGood(): string[] {
    const { sqs, sendQueue, failedStreamBatches } = this.rt;
    return [
      ...(sqs.deadLetters.length > 0 ? [`commands failed for good: ${JSON.stringify(sqs.deadLetters)}`] : []),
      ...(sendQueue.deadLetters.length > 0
        ? [`send jobs failed for good: ${JSON.stringify(sendQueue.deadLetters)}`]
        : []),
      ...(failedStreamBatches.length > 0
        ? [`stream records failed for good: ${JSON.stringify(failedStreamBatches)}`]
        : []),
    ];
  }

  /** What SES took, as the recipients read it (the runtime holds this one event). */
  async mail(to?: string): Promise<ReadEmail[]> {
    return this.rt.ses.sent
      .filter((m) => !to || m.to.includes(to))
      .map((m) => ({
        to: m.to.join(", "),
        subject: m.subject,
        text: m.text,
        html: m.html,
        links: m.links as Record<string, string>,
        attachments: m.attachments,
        createdAt: m.sentAt,
      }));
  }

  /** The live schedules targeting the event's message group; each schedule is named by its timer. */
  timerNames(): string[] {
    return this.rt.scheduler.list(this.eventId).map((s) => s.name);
  }

  async stop(): Promise<void> {
    await this.rt.stop();
    this.#dynamo.destroy();
  }
}

const dynamoEndpoint = inject("dynamoEndpoint");

/** A runtime the lifecycle scenarios run on; `available` is false when it cannot run here (no Java). */
/** What only the AWS runtime can be asked for (see AwsLocalConfig); `waitUntil` moves the fake clock. */
type AwsLifecycleOptions = Pick<
  AwsLocalConfig,
  | "schedulerWindow"
  | "sesMaxSendRate"
  | "sesSendRate"
  | "sendConcurrency"
  | "mailLeaseSeconds"
  | "bulkSendRate"
  | "inboundDomain"
  | "s3"
>;

/**
 * The AWS runtime alone (null: DynamoDB Local is not running), with options only it has: a Scheduler that
 * fires in the minute window (`schedulerWindow`).
 */
export const startAwsLifecycle =
  dynamoEndpoint === null
    ? null
    : (overrides: Partial<EventRecord>, options: AwsLifecycleOptions) =>
        AwsLifecycle.start(dynamoEndpoint as string, overrides, options).then(
          (life) => life as Lifecycle<AwsLocalRuntime>,
        );

export interface LifecycleRuntime {
  name: "embedded" | "aws";
  available: boolean;
  start(overrides?: Partial<EventRecord>): Promise<Lifecycle>;
}

export const lifecycleRuntimes: readonly LifecycleRuntime[] = [
  { name: "embedded", available: true, start: (overrides) => EmbeddedLifecycle.start(overrides) },
  {
    name: "aws",
    available: dynamoEndpoint !== null,
    start: (overrides) => AwsLifecycle.start(dynamoEndpoint ?? "http://unavailable", overrides),
  },
];

/**
 * Declares the scenarios of `body` once per runtime, each under its own describe (`describeAs`), skipped
 * where the runtime cannot run here. `start` starts the runtime with one event; whatever a scenario started
 * is stopped after it.
 */
export function onEachRuntime(
  body: (start: (overrides?: Partial<EventRecord>) => Promise<Lifecycle>) => void,
  describeAs: (name: LifecycleRuntime["name"]) => string = (name) => `on the ${name} runtime`,
): void {
  for (const runtime of lifecycleRuntimes) {
    describe.skipIf(!runtime.available)(describeAs(runtime.name), () => {
      const started: Lifecycle[] = [];
      afterEach(async () => {
        for (const life of started.splice(0)) await life.stop();
      });
      body(async (overrides) => {
        const life = await runtime.start(overrides);
        started.push(life);
        return life;
      });
    });
  }
}
