/**
 * The rush on the AWS runtime (`npm run bench -- --runtime aws-local`; not a test): the Lambda compositions on
 * DynamoDB Local and the in-process stand-ins (tools/aws-local), no AWS account, loopback only. SES throttles
 * at 14 emails a second, as an account out of the sandbox does, and Scheduler fires anywhere in a schedule's
 * minute and delivers one in twenty twice.
 *
 *   npm run bench -- --runtime aws-local                          # 2,000 registrations
 *   npm run bench -- --runtime aws-local --registrations 500 --arrival-rate 0   # all at once
 *
 * The scenario, on one event with seats for 90% of the registrations:
 * 1. the rush: `--registrations` people register, arriving `--arrival-rate` a second (0: all at the same
 *    instant); each gets their confirmation or their place in line;
 * 2. a host message to every confirmed guest;
 * 3. a cancel wave: a tenth of the seated cancel at once; each freed seat is offered down the line, and the
 *    offers are left to lapse (six hours on, by the Scheduler stand-in), which offers the seats on once more.
 *
 * Time is simulated: every stand-in runs on one clock that the run moves (the Send function's pacing waits
 * move it, and people arrive on it), so minutes of SES pacing take seconds of real time. What is measured on
 * that clock: for each registration, from its arrival to its email's acceptance by SES (accept→sent). At 14
 * a second the account sends 2,000 emails in 143 s whatever the design: a rush arriving faster than that
 * waits for the rate, and `--arrival-rate 0` shows by how much (bounded by the rate, not by batches).
 *
 * It ends with one line, `aws rush: <sent>/<expected> emails sent, p99 accept→sent <S> s, dead letters <D>,
 * lost <L>`, and exits 1 when an email was lost or sent twice, a command or job was set aside, or the p99 of
 * the rush's emails is 10 s or more; 2 on a bad argument.
 */
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import pino from "pino";
import { Command } from "../contracts/command.ts";
import { createEventRecord } from "../core/event-factory.ts";
import { hashHostToken, mintHostToken } from "../core/host-token.ts";
import type { Clock } from "../core/ports.ts";
import { dynamoLocalClient, startDynamoLocal } from "../runtime/dynamo-local.ts";
import { type AwsLocalRuntime, startAwsLocal } from "../tools/aws-local/aws-local-runtime.ts";

/** The account's sending rate: SES's default once out of the sandbox. */
const sesRate = 14;
/** The target for the rush's emails, from arrival to SES. */
const p99TargetS = 10;
/**
 * How often (simulated) the arrivals so far are let in while the Send function paces: the keeper then takes
 * them in batches, as its event source would, and the run stays minutes of real time at 2,000. An arrival may
 * wait up to this long for the keeper, and the measured accept→sent counts that wait.
 */
const admitEveryMs = 500;

interface Options {
  registrations: number;
  arrivalRate: number;
  maxMinutes: number;
}

function options(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      runtime: { type: "string" },
      registrations: { type: "string", default: "2000" },
      "arrival-rate": { type: "string", default: "12" },
      "max-minutes": { type: "string", default: "30" },
    },
  });
  if (values.runtime !== "aws-local") {
    process.stderr.write(
      `--runtime takes aws-local (the embedded runtime is the default), not "${values.runtime}"\n`,
    );
    process.exit(2);
  }
  const number = (name: string, value: string, min: number) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min) {
      process.stderr.write(`--${name} must be a number of at least ${min} (got "${value}")\n`);
      process.exit(2);
    }
    return n;
  };
  const registrations = number("registrations", values.registrations, 10);
  if (!Number.isInteger(registrations)) {
    process.stderr.write("--registrations must be a whole number\n");
    process.exit(2);
  }
  return {
    registrations,
    arrivalRate: number("arrival-rate", values["arrival-rate"], 0),
    maxMinutes: number("max-minutes", values["max-minutes"], 1),
  };
}

/** One clock for every stand-in, moved only forward, by the run and by the pacing's waits. */
function simulatedClock(start: number): Clock & { ms(): number; set(at: number): void } {
  let now = start;
  return {
    now: () => new Date(now),
    ms: () => now,
    set: (at) => {
      now = Math.max(now, at);
    },
  };
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** Runs the scenario; resolves to the exit status. */
export async function awsRush(argv: readonly string[]): Promise<number> {
  const o = options(argv);
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const began = performance.now();
  const elapsed = () => `${((performance.now() - began) / 1000).toFixed(0)} s`;
  const deadline = setTimeout(() => {
    say(`aws rush: stopped after ${o.maxMinutes} minutes of real time (--max-minutes)`);
    process.exit(1);
  }, o.maxMinutes * 60_000);
  deadline.unref();

  const dynamoLocal = await startDynamoLocal();
  const dynamo = dynamoLocalClient(dynamoLocal.endpoint, 25);
  const clock = simulatedClock(Date.parse("2027-03-01T09:00:00.000Z"));
  const eventId = `rush-${randomUUID().slice(0, 8)}`;
  const suffix = randomUUID();

  // People arrive on the clock; the ones due by an instant are let in whenever the clock reaches it.
  const arrivals = Array.from({ length: o.registrations }, (_, i) => ({
    at: clock.ms() + (o.arrivalRate > 0 ? Math.round((i * 1000) / o.arrivalRate) : 0),
    email: `guest${i}@example.org`,
  }));
  const acceptedAt = new Map<string, number>();
  let next = 0;
  let rt: AwsLocalRuntime | null = null;
  let admittedAt = 0;
  const admit = async (upTo: number) => {
    admittedAt = upTo;
    const due: Command[] = [];
    for (; next < arrivals.length && arrivals[next]!.at <= upTo; next++) {
      const { at, email } = arrivals[next]!;
      acceptedAt.set(email, at);
      due.push(
        command({ type: "register", name: email.split("@")[0], email, invite: false, party: 1, answers: {} }),
      );
    }
    if (due.length === 0) return;
    for (let i = 0; i < due.length; i += 500) await rt!.queue.send(due.slice(i, i + 500));
    await rt!.drainCommands();
  };
  const command = (fields: Record<string, unknown>) =>
    Command.parse({
      eventId,
      commandId: randomUUID(),
      issuedAt: clock.now().toISOString(),
      lane: "web",
      ...fields,
    });

  try {
    rt = await startAwsLocal({
      dynamo,
      streams: { endpoint: dynamoLocal.endpoint },
      tables: { guest: `rush-guests-${suffix}`, audit: `rush-audit-${suffix}`, mail: `rush-mail-${suffix}` },
      clock,
      logger: pino({ level: "silent" }),
      sesMaxSendRate: sesRate,
      sesSendRate: sesRate,
      schedulerWindow: { within: "random", twice: 0.05, seed: 16 },
      sendConcurrency: 4,
      bulkSendRate: 10,
      // A pacing wait moves the clock, and whoever arrived meanwhile registers (every `admitEveryMs`).
      waitUntil: async (at) => {
        clock.set(at);
        if (next < arrivals.length && clock.ms() >= admittedAt + admitEveryMs) await admit(clock.ms());
      },
    });
    const seats = Math.floor(o.registrations * 0.9);
    const event = createEventRecord(
      {
        eventId,
        name: "The rush",
        startsAtLocal: "2027-04-01T19:00",
        timeZone: "Europe/Berlin",
        capacity: seats,
        hostTokenHash: hashHostToken(mintHostToken()),
      },
      clock.now(),
    );
    await rt.store.createEvent(event);
    await rt.idle();
    say(
      `aws rush: ${o.registrations} registrations for ${seats} seats, arriving ` +
        `${o.arrivalRate > 0 ? `${o.arrivalRate} a second` : "all at once"}; SES at ${sesRate}/s`,
    );

    // 1. The rush.
    const rushStart = clock.ms();
    while (next < arrivals.length || rt.sendQueue.depth() > 0) {
      if (rt.sendQueue.visibleDepth() === 0) {
        const at = Math.min(
          arrivals[next]?.at ?? Infinity,
          rt.sendQueue.nextVisibleAt()?.getTime() ?? Infinity,
        );
        if (!Number.isFinite(at)) break;
        clock.set(at);
        await admit(clock.ms());
      }
      await rt.drainSends();
    }
    await rt.idle();
    const rushEmails = rt.ses.sent.length;
    const latencies = rt.ses.sent
      .filter((m) => m.headers["X-Rsvp-Kind"] === "confirmed" || m.headers["X-Rsvp-Kind"] === "waitlisted")
      .map((m) => (Date.parse(m.sentAt) - (acceptedAt.get(m.to[0] ?? "") ?? Number.NaN)) / 1000)
      .sort((a, b) => a - b);
    say(
      `  rush: ${rushEmails} emails in ${((clock.ms() - rushStart) / 1000).toFixed(0)} s simulated; accept→sent ` +
        `p50 ${percentile(latencies, 50).toFixed(1)} s, p99 ${percentile(latencies, 99).toFixed(1)} s, ` +
        `max ${percentile(latencies, 100).toFixed(1)} s (${elapsed()} real)`,
    );

    // 2. A host message to every confirmed guest.
    const seated = (await rt.store.listGuests(eventId)).filter((g) => g.status === "confirmed");
    const messageStart = clock.ms();
    await rt.queue.send([
      command({
        type: "message-guests",
        lane: "host",
        message: { subject: "Parking", body: "Use the back entrance." },
      }),
    ]);
    await rt.idle();
    say(
      `  host message: ${rt.ses.sent.length - rushEmails} emails in ` +
        `${((clock.ms() - messageStart) / 1000).toFixed(0)} s simulated (${elapsed()} real)`,
    );

    // 3. The cancel wave, then the offers lapse and pass on.
    const cancelling = seated.filter((_, i) => i % 10 === 0);
    await rt.queue.send(cancelling.map((g) => command({ type: "cancel", lane: "link", guestId: g.guestId })));
    await rt.idle();
    const lapseBy = clock.ms() + 6 * 3_600_000 + 5 * 60_000;
    while (clock.ms() < lapseBy) {
      clock.set(Math.min(lapseBy, clock.ms() + 60_000));
      await rt.tick();
    }
    await rt.idle();
    say(`  cancel wave: ${cancelling.length} cancelled, offers made and lapsed (${elapsed()} real)`);

    // What should have gone out, one of each per guest, from where everyone ended up.
    const guests = await rt.store.listGuests(eventId);
    const expected = new Set<string>();
    const seatedIds = new Set(seated.map((g) => g.guestId));
    const cancelledIds = new Set(cancelling.map((g) => g.guestId));
    for (const g of guests) {
      expected.add(`${g.email}|${seatedIds.has(g.guestId) ? "confirmed" : "waitlisted"}`);
      if (seatedIds.has(g.guestId)) expected.add(`${g.email}|host-message`);
      if (cancelledIds.has(g.guestId)) expected.add(`${g.email}|cancelled`);
      if (g.status === "offered" || g.status === "lapsed") expected.add(`${g.email}|offered`);
      if (g.status === "lapsed") expected.add(`${g.email}|offer-lapsed`);
    }
    const sentCounts = new Map<string, number>();
    for (const m of rt.ses.sent) {
      const key = `${m.to[0]}|${m.headers["X-Rsvp-Kind"]}`;
      sentCounts.set(key, (sentCounts.get(key) ?? 0) + 1);
    }
    const lost = [...expected].filter((k) => !sentCounts.has(k));
    const twice = [...sentCounts].filter(([, n]) => n > 1).map(([k]) => k);
    const unexpected = [...sentCounts.keys()].filter((k) => !expected.has(k));
    const deadLetters =
      rt.sqs.deadLetters.length + rt.sendQueue.deadLetters.length + rt.failedStreamBatches.length;
    const p99 = percentile(latencies, 99);
    say(
      `  SES throttled ${rt.ses.throttled} sends; ${rt.invocations.send} Send invocations, ` +
        `${rt.invocations.streams} stream batches, ${rt.invocations.keeper} keeper batches, ` +
        `${rt.scheduler.fired} schedules fired; ${elapsed()} real`,
    );
    for (const [what, keys] of [
      ["lost", lost],
      ["sent twice", twice],
      ["not expected", unexpected],
    ] as const)
      if (keys.length > 0) say(`  ${what}: ${keys.slice(0, 5).join(", ")}${keys.length > 5 ? ", …" : ""}`);
    process.stdout.write(
      `aws rush: ${rt.ses.sent.length}/${expected.size} emails sent, p99 accept→sent ${p99.toFixed(1)} s, ` +
        `dead letters ${deadLetters}, lost ${lost.length}\n`,
    );
    const ok =
      lost.length === 0 &&
      twice.length === 0 &&
      unexpected.length === 0 &&
      deadLetters === 0 &&
      rt.ses.sent.length === expected.size &&
      p99 < p99TargetS;
    return ok ? 0 : 1;
  } finally {
    clearTimeout(deadline);
    await rt?.stop();
    dynamo.destroy();
    await dynamoLocal.stop();
  }
}
