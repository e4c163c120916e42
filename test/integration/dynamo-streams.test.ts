import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";
import pino from "pino";
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import { changeRecordOf } from "../../adapters/aws/change-records.ts";
import { createAuditTable, DynamoAuditLog } from "../../adapters/aws/dynamo-audit-log.ts";
import { DynamoGuestStore } from "../../adapters/aws/dynamo-guest-store.ts";
import { createGuestTable } from "../../adapters/aws/guest-table.ts";
import { SqliteAuditLog } from "../../adapters/local/sqlite-audit-log.ts";
import { SqliteChangeFeed } from "../../adapters/local/sqlite-change-feed.ts";
import { openDatabase } from "../../adapters/local/sqlite-database.ts";
import { SqliteGuestStore } from "../../adapters/local/sqlite-guest-store.ts";
import type { Command } from "../../contracts/command.ts";
import type { EventRecord } from "../../contracts/event.ts";
import { auditDifferences, replayAudit } from "../../core/audit-trail.ts";
import { applyCommands } from "../../core/keeper.ts";
import type { Mailer, OutgoingEmail } from "../../core/mail-ports.ts";
import type { AuditLog, CommandQueue, GuestStore } from "../../core/ports.ts";
import { guestIdFor } from "../../core/seat-keeper.ts";
import { timerNames } from "../../core/timer-plan.ts";
import { streamHandler } from "../../runtime/aws/handlers/dynamo-stream-handler.ts";
import { ChangeFeedLoop } from "../../runtime/embedded/change-feed-loop.ts";
import { changeHandlers } from "../../streams/change-handlers.ts";
import { DynamoStreamPoller } from "../../tools/aws-local/dynamo-stream-poller.ts";
import { MapTimers } from "../helpers/aws-pipeline.ts";
import { dynamoLocalClient, uniqueTableName } from "../helpers/dynamo-local.ts";
import { cancel, createdEvent, fakeClock, register } from "../helpers/factories.ts";
import { testKeyring, testLinkMinter } from "../helpers/link-minter.ts";
import { streamEvent } from "../helpers/stream-records.ts";

/**
 * The AWS change stream end to end on DynamoDB Local: commands go through the real keeper on the DynamoDB
 * guest store, the table's real stream records are read back and fed to the Lambda stream handler, which
 * runs the same handlers as the embedded runtime. The same scenario runs on the embedded pipeline (SQLite
 * store, transactional outbox, change-feed loop) and both must leave the same side effects behind.
 *
 * Queue, timers and mailer are in-process stand-ins with the semantics of the real ones (SQS FIFO drops a
 * command id it has seen, a booked timer name keeps its first booking, a mail key is sent once); the audit
 * log is the real one of each runtime.
 */

const endpoint = inject("dynamoEndpoint");
const silent = pino({ level: "silent" });
const minute = 60_000;

/** The command queue as SQS FIFO behaves within its dedup window: a command id it has seen is dropped. */
class RecordingQueue implements CommandQueue {
  readonly accepted: Command[] = [];
  /** Every command handed over, duplicates included. */
  handedOver = 0;

  async send(commands: readonly Command[]): Promise<void> {
    for (const c of commands) {
      this.handedOver += 1;
      if (!this.accepted.some((a) => a.commandId === c.commandId)) this.accepted.push(c);
    }
  }

  ofType(type: Command["type"]): Command[] {
    return this.accepted.filter((c) => c.type === type);
  }
}

/** Emails by key: a key is sent once. */
class MapMailer implements Mailer {
  readonly sent = new Map<string, OutgoingEmail>();

  async send(email: OutgoingEmail): Promise<boolean> {
    if (this.sent.has(email.key)) return false;
    this.sent.set(email.key, email);
    return true;
  }
}

/** One runtime's way from commands to side effects. */
interface Pipeline {
  store: GuestStore;
  audit: AuditLog;
  queue: RecordingQueue;
  timers: MapTimers;
  mailer: MapMailer;
  /** Creates the event and delivers its creation. */
  createEvent(event: EventRecord): Promise<void>;
  /** Applies commands of one event through the keeper, then delivers every change they committed. */
  run(eventId: string, commands: readonly Command[]): Promise<void>;
  close(): Promise<void>;
}

const keyring = testKeyring();
const noPause = async () => {};

/** The stand-ins for the side effects, and the change handlers of both runtimes driving them. */
function sideEffects(store: GuestStore, audit: AuditLog, clock: ReturnType<typeof fakeClock>) {
  const [queue, timers, mailer] = [new RecordingQueue(), new MapTimers(), new MapMailer()];
  const links = testLinkMinter(keyring, clock);
  const handlers = changeHandlers({ audit, queue, reader: store, timers, mailer, links, clock });
  return { queue, timers, mailer, handlers };
}

/** The embedded change feed: SQLite store with its outbox, delivered by the runtime's change-feed loop. */
function embeddedPipeline(clock: ReturnType<typeof fakeClock>): Pipeline {
  const db = openDatabase(":memory:");
  const store = new SqliteGuestStore(db);
  const audit = new SqliteAuditLog(db);
  const { queue, timers, mailer, handlers } = sideEffects(store, audit, clock);
  const loop = new ChangeFeedLoop(new SqliteChangeFeed(db), handlers, silent);
  loop.start();
  return {
    store,
    audit,
    queue,
    timers,
    mailer,
    createEvent: async (event) => {
      await store.createEvent(event);
      await loop.idle();
    },
    run: async (eventId, commands) => {
      await applyCommands(store, eventId, commands, clock, { pause: noPause });
      await loop.idle();
    },
    close: async () => {
      await loop.stop();
      db.close();
    },
  };
}

/** The AWS change stream: DynamoDB store, its table's stream read back, the Lambda stream handler. */
async function awsPipeline(client: DynamoDBClient, clock: ReturnType<typeof fakeClock>) {
  const guestTable = uniqueTableName("stream-guests");
  const auditTable = uniqueTableName("stream-audit");
  await Promise.all([createGuestTable(client, guestTable), createAuditTable(client, auditTable)]);
  const store = new DynamoGuestStore({ client, tableName: guestTable });
  const audit = new DynamoAuditLog({ client, tableName: auditTable });
  const { queue, timers, mailer, handlers } = sideEffects(store, audit, clock);
  const handle = streamHandler({ handlers, logger: silent });
  const stream = await DynamoStreamPoller.open(client, guestTable, { endpoint: endpoint! });
  /** Every stream record delivered so far, in order. */
  const delivered: DynamoDBRecord[] = [];
  /** The records the last delivery carried. */
  let latest: DynamoDBRecord[] = [];
  const deliver = async (records: DynamoDBRecord[]) => {
    const response = await handle(streamEvent(records));
    expect(response.batchItemFailures).toEqual([]);
  };
  const deliverNew = async () => {
    latest = await stream.next();
    delivered.push(...latest);
    await deliver(latest);
  };
  return {
    store,
    audit,
    queue,
    timers,
    mailer,
    delivered,
    latest: () => latest,
    /** Lambda delivering records again (a retried batch, a replayed shard): at least once. */
    redeliver: deliver,
    createEvent: async (event: EventRecord) => {
      await store.createEvent(event);
      await deliverNew();
    },
    run: async (eventId: string, commands: readonly Command[]) => {
      await applyCommands(store, eventId, commands, clock, { pause: noPause });
      await deliverNew();
    },
    close: async () => stream.close(),
  } satisfies Pipeline & Record<string, unknown>;
}

const kinds = (mailer: MapMailer) =>
  [...mailer.sent.values()].map((e) => `${e.to} ${e.headers["X-Rsvp-Kind"]}`).sort();

const byKey = <T>(entries: Iterable<[string, T]>) => [...entries].sort(([a], [b]) => (a < b ? -1 : 1));

async function auditAgreesWithCounters(p: Pipeline, eventId: string): Promise<string[]> {
  const live = await p.store.getEvent(eventId);
  return auditDifferences(replayAudit(await p.audit.list(eventId)), live!);
}

describe.skipIf(endpoint === null)("DynamoDB Streams on DynamoDB Local", () => {
  const client = dynamoLocalClient(endpoint ?? "http://unused");
  const open: Pipeline[] = [];
  afterEach(async () => {
    for (const p of open.splice(0)) await p.close();
  });
  afterAll(() => client.destroy());

  /**
   * Two seats, three registrations; the first guest cancels; the keeper applies the offer-next the waitlist
   * handler queued. Runs on both pipelines in lockstep, at the same fake-clock instants.
   */
  async function playScenario() {
    const clock = fakeClock();
    const embedded = embeddedPipeline(clock);
    const aws = await awsPipeline(client, clock);
    open.push(embedded, aws);
    const both = [embedded, aws] as const;

    // As `rsvp event create` makes it: its creation is on the row, so it opens the audit trail.
    const event = createdEvent({ capacity: 2 });
    const id = event.eventId;
    for (const p of both) await p.createEvent(event);

    clock.advance(minute);
    const registrations = ["ana", "bo", "cy"].map((n) => register(id, `${n}@example.org`, n));
    for (const p of both) await p.run(id, registrations);
    const [ana, bo, cy] = registrations.map((c) => guestIdFor(id, c.commandId)) as [string, string, string];
    const afterRegistration = await Promise.all(
      both.map(async (p) => ({ kinds: kinds(p.mailer), timers: [...p.timers.booked.keys()].sort() })),
    );

    clock.advance(60 * minute);
    const anaCancels = cancel(id, ana);
    for (const p of both) await p.run(id, [anaCancels]);
    const offerNext = both.map((p) => p.queue.ofType("offer-next"));

    clock.advance(minute);
    for (const p of both) await p.run(id, p.queue.ofType("offer-next"));
    return { clock, embedded, aws, id, ana, bo, cy, afterRegistration, offerNext };
  }

  it("three register for two seats, one cancels, the seat is offered: the side effects of the embedded runtime", async () => {
    const { embedded, aws, id, ana, bo, cy, afterRegistration, offerNext } = await playScenario();

    // Registration: two confirmed emails, one waitlisted; reminders booked for the two confirmed only.
    for (const [i, p] of [embedded, aws].entries()) {
      expect(afterRegistration[i]!.kinds).toEqual([
        "ana@example.org confirmed",
        "bo@example.org confirmed",
        "cy@example.org waitlisted",
      ]);
      expect(afterRegistration[i]!.timers).toEqual(
        [ana, bo]
          .flatMap((g) => (["week", "day", "morning"] as const).map((k) => timerNames.reminder(g, k)))
          // The event's creation booked its end (the thank-you note's timer).
          .concat(timerNames.eventEnded(id))
          .sort(),
      );
      // The cancel sent one offer-next, named by the event version, and took Ana's reminders away.
      expect(offerNext[i]).toHaveLength(1);
      expect(offerNext[i]![0]).toMatchObject({ type: "offer-next", eventId: id, lane: "system" });
      expect([...p.timers.booked.keys()].filter((n) => n.includes(ana))).toEqual([]);
      expect(await auditAgreesWithCounters(p, id)).toEqual([]);
    }

    // The offer-next through the DynamoDB keeper: the stream carries Cy's row going waitlisted → offered.
    const guestChanges = aws
      .latest()
      .map(changeRecordOf)
      .filter((c) => c?.entity === "guest");
    expect(guestChanges.map((c) => [c!.new.guestId, c!.old?.status, c!.new.status])).toEqual([
      [cy, "waitlisted", "offered"],
    ]);
    const cyNow = await aws.store.getGuest(id, cy);
    expect(aws.timers.booked.get(timerNames.expireOffer(cy))).toMatchObject({
      at: cyNow!.offer!.expiresAt,
      command: { type: "expire-offer", guestId: cy, lane: "timer" },
    });
    expect(aws.mailer.sent.get(`${cy}/offer`)).toMatchObject({ to: "cy@example.org" });
    expect(kinds(aws.mailer)).toEqual([
      "ana@example.org cancelled",
      "ana@example.org confirmed",
      "bo@example.org confirmed",
      "cy@example.org offered",
      "cy@example.org waitlisted",
    ]);
    expect(await aws.store.getEvent(id)).toMatchObject({
      capacity: 2,
      confirmed: 1,
      offered: 1,
      waitlisted: 0,
    });

    // And everything the embedded runtime did, the AWS runtime did alike: emails (links signed alike),
    // timers, commands, and the audit trail, entry for entry.
    expect(byKey(aws.mailer.sent)).toEqual(byKey(embedded.mailer.sent));
    expect(byKey(aws.timers.booked)).toEqual(byKey(embedded.timers.booked));
    expect(aws.queue.accepted).toEqual(embedded.queue.accepted);
    // Streams order the records of each item, not the items of one transaction, so entries are compared
    // by key; the replay below is what needs the order, and it agrees with the live counters.
    const sortedTrail = async (p: Pipeline) =>
      (await p.audit.list(id)).sort((a, b) => (a.auditKey < b.auditKey ? -1 : 1));
    expect(await sortedTrail(aws)).toEqual(await sortedTrail(embedded));
    expect(await auditAgreesWithCounters(aws, id)).toEqual([]);
  });

  it("redelivering every stream record again sends, books, queues and audits nothing new", async () => {
    const { aws, id } = await playScenario();
    const before = {
      emails: byKey(aws.mailer.sent),
      timers: byKey(aws.timers.booked),
      commands: [...aws.queue.accepted],
      audit: await aws.audit.list(id),
    };
    const handedOver = aws.queue.handedOver;

    // In small batches and then all in one: what retried batches and a replayed shard look like.
    for (let i = 0; i < aws.delivered.length; i += 2) await aws.redeliver(aws.delivered.slice(i, i + 2));
    await aws.redeliver([...aws.delivered]);

    expect(byKey(aws.mailer.sent)).toEqual(before.emails);
    expect(byKey(aws.timers.booked)).toEqual(before.timers);
    expect(await aws.audit.list(id)).toEqual(before.audit);
    expect(await auditAgreesWithCounters(aws, id)).toEqual([]);
    // The waitlist handler asks for the same offer-next again; the queue drops its command id (and past the
    // dedup window the keeper would find it applied already).
    expect(aws.queue.handedOver).toBeGreaterThan(handedOver);
    expect(aws.queue.accepted).toEqual(before.commands);
  });
});
