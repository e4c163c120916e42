/**
 * The scenario of `tools/cost/model/scenario.ts` played through the AWS runtime in one process (tools/aws-local),
 * on a clock the run moves by hand, for the measured cost (measured-cost.ts counts and prices its calls).
 *
 * The run, on the event's clock (Europe/Berlin, starting 30 days after it is created):
 * - days 0–9, 09:00–20:00: every guest registers, one at a time: the register page, the form post, the keeper,
 *   the stream, the status page; a share (`emailReplyShare`) replies to the invitation by email instead,
 *   through the inbound-mail Lambda's handler (S3 in-process; email-replies.ts);
 * - days 10–19, from 08:00: a share of the seated guests cancel from their confirmation's link; each offer that
 *   follows is claimed an hour after its email (offers `picked` by `claimShare`, in the order they go out) or
 *   left to lapse, which offers the seat on;
 * - the run-up: the clock runs on to the day after the event in half-hour steps, firing every due schedule: the
 *   host's daily summaries, every reminder, the end of the event and the thank-you;
 * - the host opens the host page once a day; its headcount poll is measured once and counted as often as the
 *   assumptions say it runs (`hostPageMinutesPerDay`, every 2 seconds).
 *
 * What AWS does without a call of ours, and what the local runtime cannot do, is added to the tally by model
 * (`modelled`, each named in the notes): Lambda's queue poller, SES's write of each received message to S3,
 * and the Bedrock draft, which the local runtime writes from the template.
 */
import { randomUUID } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createEventRecord } from "../../../core/event-factory.ts";
import { hashHostToken, mintHostToken } from "../../../core/host-token.ts";
import type { AwsLocalRuntime } from "../../aws-local/aws-local-runtime.ts";
import type { LocalSentEmail } from "../../aws-local/local-ses.ts";
import {
  type CostAssumptions,
  capacityFor,
  picked,
  registrationDays,
  registrationGapMs,
} from "../model/scenario.ts";
import { countCall, countInvocation, type Tally } from "../model/tally.ts";
import type { CallCounter } from "./call-counter.ts";
import { EmailReplies } from "./email-replies.ts";
import { at, hour, minute, type RunClock, zone } from "./run-clock.ts";

const origin = "http://rsvp.local";
const runStepMs = 30 * minute;

/** The measured run of one event. */
export class LifecycleRun {
  readonly notes: string[] = [];
  readonly #rt: AwsLocalRuntime;
  readonly #counter: CallCounter;
  readonly #clock: RunClock;
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
  /** Replies to the invitation by email (a share of the guests register that way first). */
  readonly #mail: EmailReplies;

  constructor(
    rt: AwsLocalRuntime,
    dynamo: DynamoDBClient,
    counter: CallCounter,
    clock: RunClock,
    a: CostAssumptions,
    guests: number,
    say: (line: string) => void,
  ) {
    this.#rt = rt;
    this.#counter = counter;
    this.#clock = clock;
    this.#a = a;
    this.#guests = guests;
    this.#say = say;
    this.#mail = new EmailReplies(rt, dynamo, counter, clock, this.#eventId);
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
    const send = this.#rt.invocations.send;
    countInvocation(this.#tally, "Keeper", keeper);
    countInvocation(this.#tally, "Streams", this.#rt.invocations.streams);
    countInvocation(this.#tally, "Send", send);
    countInvocation(this.#tally, "Web", this.#rt.invocations.web);
    countInvocation(this.#tally, "InboundMail", this.#mail.invocations);
    countCall(this.#tally, "AWS", "SQS.ReceiveMessage", keeper);
    countCall(this.#tally, "AWS", "SQS.DeleteMessageBatch", keeper);
    countCall(this.#tally, "AWS", "SQS.ReceiveMessage", send);
    countCall(this.#tally, "AWS", "SQS.DeleteMessageBatch", send);
    this.#tally.schedulerInvocations += this.#rt.scheduler.fired;
    const sent = this.#rt.ses.sent;
    this.#tally.ses.messages += sent.length;
    for (const email of sent)
      for (const attachment of email.attachments)
        this.#tally.ses.attachmentBytes += Math.ceil(Buffer.byteLength(attachment.content) / 3) * 4;
    this.notes.push(
      `Measured: ${keeper} keeper batches, ${this.#rt.invocations.streams} stream batches, ${send} send batches, ` +
        `${this.#rt.invocations.web} web requests measured; every AWS call counted by SDK middleware, DynamoDB ` +
        "capacity units as DynamoDB Local reported them.",
      "Modelled, not measured: Lambda's queue pollers (a ReceiveMessage and a DeleteMessageBatch per keeper batch " +
        "and per send batch), " +
        "Lambda compute (from the calls counted, tools/cost/model/tally.ts), and SES's write of each reply to S3.",
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

  /** A page a guest reads (a GET), as text: what `#web` counts, with the body kept. */
  async #webText(path: string): Promise<string> {
    return this.#counter.runAs("Web", async () => {
      const response = await this.#rt.fetch(new Request(`${origin}${path}`));
      const text = await response.text();
      if (response.status >= 400) throw new Error(`GET ${path} answered ${response.status}: ${text}`);
      return text;
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
      // A reply by email gets the register page's link (only a signed per-guest address acts): then the web.
      if (picked(i, this.#a.emailReplyShare)) await this.#mail.reply(email, `Guest ${i}`);
      await this.#registerOnTheWeb(email, `Guest ${i}`);
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
    // A browser's form post is sent on to the status page (303, post/redirect/get); a program's gets 202.
    if ((posted.status !== 303 && posted.status !== 202) || !statusUrl)
      throw new Error(`registration answered ${posted.status}`);
    await this.#rt.idle();
    for (let v = 0; v < this.#a.statusViewsPerAction; v++)
      await this.#web(new URL(statusUrl, origin).pathname);
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
      // The confirmation's Manage your RSVP link opens the manage page, whose cancel button leads on.
      const manage = confirmation?.links.manage;
      if (!manage) throw new Error(`guest ${i} has no manage link`);
      const page = await this.#webText(new URL(manage, origin).pathname);
      const link = /href="(\/l\/cancel\/[^"]+)"/.exec(page)?.[1];
      if (!link) throw new Error(`guest ${i}'s manage page has no cancel button`);
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
      emailRegistrations: this.#mail.invocations,
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
