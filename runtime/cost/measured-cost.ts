/**
 * The measured cost: the scenario of `core/cost/scenario.ts` played through the AWS runtime in one process
 * (runtime/aws-local: the real adapters and Lambda compositions on DynamoDB Local, with in-process SQS FIFO,
 * Scheduler, SES and Secrets Manager), on a simulated clock, with every AWS API call counted by SDK middleware
 * (call-counter.ts) and then priced like the estimate.
 *
 * The run, on the event's clock (Europe/Berlin, starting 30 days after it is created):
 * - days 0–9, 09:00–20:00: every guest registers, one at a time: the register page, the form post, the keeper,
 *   the stream, the status page; a share (`emailReplyShare`) replies to the invitation by email instead,
 *   through the inbound-mail Lambda's handler (S3 in-process);
 * - days 10–19, from 08:00: a share of the seated guests cancel from their confirmation's link; each offer that
 *   follows is claimed an hour after its email (offers `picked` by `claimShare`, in the order they go out) or
 *   left to lapse, which offers the seat on;
 * - the run-up: the clock runs on to the day after the event in half-hour steps, firing every due schedule: the
 *   host's daily summaries, every reminder, the end of the event and the thank-you;
 * - the host opens the host page once a day; its headcount poll is measured once and counted as often as the
 *   assumptions say it runs (`hostPageMinutesPerDay`, every 2 seconds).
 *
 * Not measured, and added by the model instead (each named in the report's notes): Lambda's queue poller
 * (one ReceiveMessage and one DeleteMessageBatch per keeper batch), SES's write of each received message to S3,
 * Lambda compute (the duration model of core/cost/tally.ts), and the Bedrock draft, which the local runtime
 * writes from the template (the tokens of one draft per event, as assumed).
 */
import { randomUUID } from "node:crypto";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { type DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import pino from "pino";
import { inboundMailHandler } from "../../consumers/s3-inbound-mail-handler.ts";
import type { CostReport } from "../../contracts/cost.ts";
import { costReport } from "../../core/cost/report.ts";
import {
  type CostAssumptions,
  capacityFor,
  defaultAssumptions,
  picked,
  registrationDays,
  registrationGapMs,
} from "../../core/cost/scenario.ts";
import {
  type Caller,
  countCall,
  countInvocation,
  durationModel,
  emptyTally,
  type Tally,
  usageOf,
} from "../../core/cost/tally.ts";
import { createEventRecord, wallClockToUtc } from "../../core/event-factory.ts";
import { hashHostToken, mintHostToken } from "../../core/host-token.ts";
import type { Clock } from "../../core/ports.ts";
import { commandQueue, guestStore, sesMailer } from "../aws/adapters.ts";
import { type AwsLocalRuntime, startAwsLocal } from "../aws-local/aws-local-runtime.ts";
import type { LocalSentEmail } from "../aws-local/local-ses.ts";
import { offlineClientConfig, standIn, unsupported } from "../aws-local/sdk-stand-in.ts";
import { dynamoLocalClient, startDynamoLocal } from "../dynamo-local.ts";
import { CallCounter, itemBytes } from "./call-counter.ts";

export interface MeasureOptions {
  guests: number;
  assumptions?: CostAssumptions;
  /** A DynamoDB Local that is running already (the test run's); default: one is started for the run and stopped. */
  dynamoEndpoint?: string;
  /** Told what the run is doing, a line at a time. */
  progress?: (line: string) => void;
}

export interface Measurement {
  tally: Tally;
  /** The lifecycle as it went: registrations, offers, emails by kind, … */
  lifecycle: Record<string, number>;
  /** What was modelled rather than measured. */
  notes: string[];
  /** How long the run took, in seconds of real time. */
  seconds: number;
}

const origin = "http://rsvp.local";
const inboundDomain = "rsvp.example.org";
const zone = "Europe/Berlin";
const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
/** The event's first day: a Monday in May, clear of daylight-saving changes for the whole run. */
const firstDay = "2027-05-03";
const runStepMs = 30 * minute;
/** Bytes of a received reply (what SES stores in S3 and bills in 256 KB chunks). */
const replyChunkBytes = 256 * 1024;

/** A clock the run moves by hand. */
function runClock(start: Date): Clock & { set(at: number): void; ms(): number } {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    set: (at) => {
      now = Math.max(now, at);
    },
    ms: () => now,
  };
}

/** The local wall time `hh:mm` of day `d` of the run, as an instant. */
const at = (d: number, time: string) =>
  wallClockToUtc(
    `${new Date(Date.parse(`${firstDay}T12:00:00Z`) + d * day).toISOString().slice(0, 10)}T${time}`,
    zone,
  ).getTime();

/**
 * Who made a call the run did not make as a known caller: the keeper's calls are told by their operations
 * (it alone reads in batches and writes transactions, and reads the head of the line), Scheduler's sends by
 * theirs (our adapters send in batches); everything else during delivery is the streams function.
 */
function attribute(operation: string, input: Record<string, unknown>): Caller {
  if (operation === "DynamoDB.BatchGetItem" || operation === "DynamoDB.TransactWriteItems") return "Keeper";
  if (operation === "DynamoDB.Query" && input.IndexName !== undefined && input.Select !== "COUNT")
    return "Keeper";
  if (operation === "SQS.SendMessage") return "AWS";
  return "Streams";
}

/** Plays the scenario for `guests` through the AWS runtime and returns what it counted. */
export async function measureLifecycle(options: MeasureOptions): Promise<Measurement> {
  const a = options.assumptions ?? defaultAssumptions;
  const say = options.progress ?? (() => {});
  const began = performance.now();
  const local = options.dynamoEndpoint ? null : await startDynamoLocal();
  const endpoint = options.dynamoEndpoint ?? local!.endpoint;
  const clock = runClock(new Date(at(0, "08:00")));
  const dynamo = dynamoLocalClient(endpoint, 10);
  const tally = emptyTally();
  const counter = new CallCounter({ tally, attribute, now: clock.ms, warmForMs: durationModel.warmForMs });
  counter.attach(dynamo);
  const suffix = randomUUID();
  let rt: AwsLocalRuntime | null = null;
  try {
    say(`measuring a ${options.guests}-guest event on DynamoDB Local (${endpoint})`);
    rt = await startAwsLocal({
      dynamo,
      streams: { endpoint },
      tables: { guest: `cost-guests-${suffix}`, audit: `cost-audit-${suffix}`, mail: `cost-mail-${suffix}` },
      clock,
      logger: pino({ level: "silent" }),
      inboundDomain,
    });
    counter.attach(rt.sqs.client, "rsvpLocalSqs");
    counter.attach(rt.scheduler.client, "rsvpLocalScheduler");
    counter.attach(rt.ses.client, "rsvpLocalSes");
    counter.attach(rt.secrets.client, "rsvpLocalSecrets");
    const run = new Run(rt, dynamo, counter, clock, a, options.guests, say);
    counter.counting = true;
    await run.play();
    counter.counting = false;
    say("DynamoDB capacity units by caller and call:");
    for (const [call, units] of [...counter.unitsByOperation].sort(([, x], [, y]) => y - x))
      say(`  ${call}: ${units}`);
    tally.dynamodb.storageBytes = await tableBytes(dynamo, [
      `cost-guests-${suffix}`,
      `cost-audit-${suffix}`,
      `cost-mail-${suffix}`,
    ]);
    return {
      tally,
      lifecycle: run.lifecycle(),
      notes: run.notes,
      seconds: (performance.now() - began) / 1000,
    };
  } finally {
    await rt?.stop();
    dynamo.destroy();
    await local?.stop();
  }
}

/** The bytes the event left in its tables (billed as storage for the month). */
async function tableBytes(dynamo: DynamoDBClient, tables: readonly string[]): Promise<number> {
  let bytes = 0;
  for (const table of tables) {
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await dynamo.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
      // DynamoDB adds 100 bytes of overhead per item (and per index entry) to what it bills as storage.
      for (const item of page.Items ?? []) bytes += itemBytes(item) + 100;
      start = page.LastEvaluatedKey;
    } while (start);
  }
  return bytes;
}

/** The measured run of one event. */
class Run {
  readonly notes: string[] = [];
  readonly #rt: AwsLocalRuntime;
  /** The counted client the runtime's tables are read and written with. */
  readonly #dynamo: DynamoDBClient;
  readonly #counter: CallCounter;
  readonly #clock: ReturnType<typeof runClock>;
  readonly #a: CostAssumptions;
  readonly #guests: number;
  readonly #say: (line: string) => void;
  readonly #eventId = `cost-${randomUUID().slice(0, 8)}`;
  readonly #hostToken = mintHostToken();
  /** Emails looked at so far (the offers among them are handled in the order they went out). */
  #emailsSeen = 0;
  #offers = 0;
  #claims = 0;
  #pendingClaims: { at: number; link: string }[] = [];
  #inboundMail: ((event: unknown) => Promise<unknown>) | null = null;
  readonly #replies = new Map<string, Buffer>();
  #inboundInvocations = 0;

  constructor(
    rt: AwsLocalRuntime,
    dynamo: DynamoDBClient,
    counter: CallCounter,
    clock: ReturnType<typeof runClock>,
    a: CostAssumptions,
    guests: number,
    say: (line: string) => void,
  ) {
    this.#rt = rt;
    this.#dynamo = dynamo;
    this.#counter = counter;
    this.#clock = clock;
    this.#a = a;
    this.#guests = guests;
    this.#say = say;
  }

  get #tally(): Tally {
    return this.#counter.tally;
  }

  async play(): Promise<void> {
    const began = performance.now();
    const elapsed = () => `${((performance.now() - began) / 1000).toFixed(0)} s`;
    await this.#createEvent();
    await this.#register();
    this.#say(`  registrations done (${elapsed()})`);
    await this.#cancel();
    this.#say(`  cancellations, offers and claims done (${elapsed()}); running the clock through the run-up`);
    await this.#runUntil(at(31, "12:00"));
    this.#say(`  reminders, summaries and the thank-you done (${elapsed()})`);
    await this.#hostPage();
    this.#modelled();
  }

  /** What AWS does for us that no client of ours calls, and what the local runtime cannot do. */
  #modelled(): void {
    const keeper = this.#rt.invocations.keeper;
    countInvocation(this.#tally, "Keeper", keeper);
    countInvocation(this.#tally, "Streams", this.#rt.invocations.streams);
    countInvocation(this.#tally, "Web", this.#rt.invocations.web);
    countInvocation(this.#tally, "InboundMail", this.#inboundInvocations);
    countCall(this.#tally, "AWS", "SQS.ReceiveMessage", keeper);
    countCall(this.#tally, "AWS", "SQS.DeleteMessageBatch", keeper);
    this.#tally.schedulerInvocations += this.#rt.scheduler.fired;
    const sent = this.#rt.ses.sent;
    this.#tally.ses.messages += sent.length;
    for (const email of sent)
      for (const attachment of email.attachments)
        this.#tally.ses.attachmentBytes += Math.ceil(Buffer.byteLength(attachment.content) / 3) * 4;
    this.notes.push(
      `Measured: ${keeper} keeper batches, ${this.#rt.invocations.streams} stream batches, ` +
        `${this.#rt.invocations.web} web requests measured; every AWS call counted by SDK middleware, DynamoDB ` +
        "capacity units as DynamoDB Local reported them.",
      "Modelled, not measured: Lambda's queue poller (a ReceiveMessage and a DeleteMessageBatch per keeper batch), " +
        "Lambda compute (from the calls counted, core/cost/tally.ts), and SES's write of each reply to S3.",
    );
    if (this.#thankYouNotes() > 0) {
      this.#tally.bedrock.inputTokens += this.#a.draftInputTokens;
      this.#tally.bedrock.outputTokens += this.#a.draftOutputTokens;
      countCall(this.#tally, "Streams", "Bedrock.Converse");
      this.notes.push(
        "The thank-you draft was written from the template (no Bedrock locally): one Bedrock draft per event is " +
          `counted with the assumed ${this.#a.draftInputTokens} input and ${this.#a.draftOutputTokens} output tokens.`,
      );
    }
  }

  async #web(path: string, init: RequestInit = {}): Promise<Response> {
    return this.#counter.runAs("Web", async () => {
      const response = await this.#rt.fetch(new Request(`${origin}${path}`, init));
      // Every request of the scenario is one a guest or host makes in good faith: anything else is a failed run.
      if (response.status >= 400)
        throw new Error(
          `${init.method ?? "GET"} ${path} answered ${response.status}: ${await response.text()}`,
        );
      await response.arrayBuffer();
      return response;
    });
  }

  async #createEvent(): Promise<void> {
    const event = createEventRecord(
      {
        eventId: this.#eventId,
        name: "Cost model party",
        startsAtLocal: `${new Date(at(30, "12:00")).toISOString().slice(0, 10)}T19:00`,
        timeZone: zone,
        capacity: capacityFor(this.#guests, this.#a),
        hostTokenHash: hashHostToken(this.#hostToken),
        settings: {
          hostEmail: this.#a.summaryDays > 0 ? "host@example.org" : null,
          summaryDays: this.#a.summaryDays,
          thankYou: this.#a.thankYou ? "auto" : "off",
        },
      },
      this.#clock.now(),
    );
    await this.#counter.runAs("Web", () => this.#rt.store.createEvent(event));
    await this.#rt.idle();
  }

  /** Every guest registers, one at a time over days 0–9 in the daytime. */
  async #register(): Promise<void> {
    const perDay = Math.ceil(this.#guests / registrationDays);
    const slot = registrationGapMs(this.#guests);
    for (let i = 0; i < this.#guests; i++) {
      this.#clock.set(at(Math.floor(i / perDay), "09:00") + (i % perDay) * slot);
      await this.#rt.tick();
      const email = `guest${i}@example.org`;
      if (picked(i, this.#a.emailReplyShare)) await this.#reply(email, `Guest ${i}`);
      else await this.#registerOnTheWeb(email, `Guest ${i}`);
      if ((i + 1) % 100 === 0) this.#say(`  ${i + 1} of ${this.#guests} registered`);
    }
  }

  async #registerOnTheWeb(email: string, name: string): Promise<void> {
    await this.#web(`/e/${this.#eventId}`);
    const posted = await this.#web(`/e/${this.#eventId}/rsvp`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ name, email }).toString(),
    });
    const statusUrl = posted.headers.get("location");
    if (posted.status !== 202 || !statusUrl) throw new Error(`registration answered ${posted.status}`);
    await this.#rt.idle();
    for (let v = 0; v < this.#a.statusViewsPerAction; v++)
      await this.#web(new URL(statusUrl, origin).pathname);
  }

  /** A reply to the invitation by email: SES stores it in S3 and the inbound-mail Lambda handles it. */
  async #reply(email: string, name: string): Promise<void> {
    const key = `inbound/${randomUUID()}`;
    const raw = Buffer.from(
      [
        `From: ${name} <${email}>`,
        `To: rsvp+${this.#eventId}@${inboundDomain}`,
        "Subject: Re: You're invited",
        `Message-ID: <${randomUUID()}@mail.example.org>`,
        `Date: ${this.#clock.now().toUTCString()}`,
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Count me in, thank you!",
        "",
      ].join("\r\n"),
    );
    this.#replies.set(key, raw);
    this.#tally.ses.inboundMessages += 1;
    this.#tally.ses.inboundChunks += Math.ceil(raw.byteLength / replyChunkBytes);
    this.#tally.s3StorageBytes += raw.byteLength;
    countCall(this.#tally, "AWS", "S3.PutObject");
    const handle = this.#inboundHandler();
    this.#inboundInvocations += 1;
    await this.#counter.runAs("InboundMail", () =>
      handle({
        "detail-type": "Object Created",
        source: "aws.s3",
        detail: { bucket: { name: "rsvp-inbound" }, object: { key } },
      }),
    );
    await this.#rt.idle();
  }

  /** The inbound-mail Lambda's handler on the runtime's clients, with S3 in-process (it holds the replies). */
  #inboundHandler(): (event: unknown) => Promise<unknown> {
    if (this.#inboundMail) return this.#inboundMail;
    const replies = this.#replies;
    const s3 = standIn(
      new S3Client(offlineClientConfig),
      "S3",
      async (command, input) => {
        if (command !== "GetObjectCommand") return unsupported("S3", command);
        const body = replies.get((input as { Key: string }).Key);
        if (!body) throw new Error("no such object");
        return { Body: { transformToByteArray: async () => new Uint8Array(body) } };
      },
      new Map(),
    );
    this.#counter.attach(s3, "rsvpLocalS3");
    const env = this.#rt.env;
    const clients = { dynamo: this.#dynamo, ses: this.#rt.ses.client };
    this.#inboundMail = inboundMailHandler({
      s3,
      bucket: "rsvp-inbound",
      reader: guestStore(env, clients.dynamo),
      queue: commandQueue(env, this.#rt.sqs.client),
      mailer: sesMailer(env, clients, this.#clock),
      clock: this.#clock,
      config: { rsvp: { domain: inboundDomain } },
    });
    return this.#inboundMail;
  }

  /** A share of the seated guests cancel over days 10–19; the offers that follow are claimed or lapse. */
  async #cancel(): Promise<void> {
    const seated = capacityFor(this.#guests, this.#a);
    const cancellers: number[] = [];
    for (let i = 0; i < Math.min(seated, this.#guests); i++)
      if (picked(i, this.#a.cancelShare)) cancellers.push(i);
    this.#say(`${cancellers.length} guests cancel; offers run down the line`);
    const perDay = Math.max(1, Math.ceil(cancellers.length / 10));
    for (const [j, i] of cancellers.entries()) {
      const when = at(10 + Math.floor(j / perDay), "08:00") + (j % perDay) * hour;
      await this.#runUntil(when);
      const confirmation = this.#rt.ses.sent.find(
        (e) => e.to.includes(`guest${i}@example.org`) && e.headers["X-Rsvp-Kind"] === "confirmed",
      );
      const link = confirmation?.links.cancel;
      if (!link) throw new Error(`guest ${i} has no cancel link`);
      await this.#followLink(link);
    }
    await this.#runUntil(at(21, "12:00"));
  }

  /** A guest follows an email link: the page, the button (POST), the page saying what became of it. */
  async #followLink(link: string): Promise<void> {
    const path = new URL(link, origin).pathname;
    await this.#web(path);
    // The page's one button: a form post, answered with a redirect to the page that says what became of it.
    await this.#web(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "",
      redirect: "manual",
    });
    await this.#rt.idle();
    for (let v = 0; v < this.#a.statusViewsPerAction; v++) await this.#web(`${path}/done`);
  }

  /** Runs the clock to `until` in half-hour steps: schedules fire, new offers are seen, due claims are made. */
  async #runUntil(until: number): Promise<void> {
    while (this.#clock.ms() < until || this.#pendingClaims.length > 0) {
      const next = Math.min(until, this.#clock.ms() + runStepMs, ...this.#pendingClaims.map((c) => c.at));
      if (next <= this.#clock.ms() && this.#pendingClaims.every((c) => c.at > this.#clock.ms())) break;
      this.#clock.set(next);
      await this.#rt.tick();
      this.#seeOffers();
      const due = this.#pendingClaims.filter((c) => c.at <= this.#clock.ms());
      this.#pendingClaims = this.#pendingClaims.filter((c) => c.at > this.#clock.ms());
      for (const claim of due) {
        await this.#followLink(claim.link);
        this.#claims += 1;
        this.#seeOffers();
      }
      if (this.#clock.ms() >= until && this.#pendingClaims.length === 0) break;
    }
  }

  /** New offer emails, in the order they went out: each is claimed an hour later or left to lapse. */
  #seeOffers(): void {
    const sent: LocalSentEmail[] = this.#rt.ses.sent;
    for (; this.#emailsSeen < sent.length; this.#emailsSeen++) {
      const email = sent[this.#emailsSeen]!;
      if (email.headers["X-Rsvp-Kind"] !== "offered" || !email.links.claim) continue;
      if (picked(this.#offers, this.#a.claimShare))
        this.#pendingClaims.push({ at: Date.parse(email.sentAt) + hour, link: email.links.claim });
      this.#offers += 1;
    }
  }

  /** The host page once a day; its headcount poll measured once and counted as often as it runs. */
  async #hostPage(): Promise<void> {
    for (let d = 0; d < this.#a.runUpDays; d++) await this.#web(`/h/${this.#hostToken}`);
    const before = structuredClone(this.#tally.calls.Web ?? {});
    const reads = this.#tally.dynamodb.readRequestUnits;
    const webBefore = this.#rt.invocations.web;
    await this.#web(`/h/${this.#hostToken}/headcount`);
    const polls = this.#a.hostPageMinutesPerDay * this.#a.runUpDays * 30;
    const extra = polls - 1;
    for (const [op, n] of Object.entries(this.#tally.calls.Web ?? {})) {
      const one = n - (before[op] ?? 0);
      if (one > 0) countCall(this.#tally, "Web", op, one * extra);
    }
    this.#tally.dynamodb.readRequestUnits += (this.#tally.dynamodb.readRequestUnits - reads) * extra;
    this.#rt.invocations.web += (this.#rt.invocations.web - webBefore) * extra;
    // While the page stays open the keyring's 5-minute cache runs out: the opening read it once a day.
    const keyReads = this.#a.runUpDays * (Math.ceil(this.#a.hostPageMinutesPerDay / 5) - 1);
    if (keyReads > 0) countCall(this.#tally, "Web", "SecretsManager.GetSecretValue", keyReads);
    this.notes.push(
      `The host page's headcount poll was measured once and counted ${polls.toLocaleString("en")} times ` +
        `(${this.#a.hostPageMinutesPerDay} minutes a day for ${this.#a.runUpDays} days, every 2 seconds), with a ` +
        "signing-key read per 5 minutes open.",
    );
  }

  #kinds(): Map<string, number> {
    const kinds = new Map<string, number>();
    for (const email of this.#rt.ses.sent) {
      const kind = email.headers["X-Rsvp-Kind"] ?? "other";
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    return kinds;
  }

  #thankYouNotes(): number {
    return this.#kinds().get("thank-you") ?? 0;
  }

  lifecycle(): Record<string, number> {
    const kinds = this.#kinds();
    return {
      guests: this.#guests,
      capacity: capacityFor(this.#guests, this.#a),
      emailRegistrations: this.#inboundInvocations,
      seated: (kinds.get("confirmed") ?? 0) - this.#claims,
      waitlisted: kinds.get("waitlisted") ?? 0,
      cancellations: kinds.get("cancelled") ?? 0,
      offers: this.#offers,
      claims: this.#claims,
      lapses: kinds.get("offer-lapsed") ?? 0,
      reminders: kinds.get("reminder") ?? 0,
      summaries: kinds.get("daily-summary") ?? 0,
      thankYouNotes: kinds.get("thank-you") ?? 0,
      emails: this.#rt.ses.sent.length,
    };
  }
}

/** The measured report: the run's tally priced like the estimate. */
export async function measuredCostReport(options: MeasureOptions): Promise<CostReport> {
  const m = await measureLifecycle(options);
  options.progress?.(`measured in ${m.seconds.toFixed(0)} s`);
  return costReport({
    guests: options.guests,
    mode: "measured",
    perEventUsage: usageOf(m.tally),
    lifecycle: m.lifecycle,
    assumptions: options.assumptions,
    notes: m.notes,
  });
}
