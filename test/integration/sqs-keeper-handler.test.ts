import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqsRedelivery } from "../../adapters/aws/sqs-redelivery.ts";
import { openDatabase } from "../../adapters/local/sqlite-database.ts";
import { SqliteGuestStore } from "../../adapters/local/sqlite-guest-store.ts";
import type { Command } from "../../contracts/command.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestStore } from "../../core/ports.ts";
import { keeperHandler } from "../../runtime/aws/handlers/sqs-keeper-handler.ts";
import { LocalSqsFifo } from "../../tools/aws-local/local-sqs-fifo.ts";
import { MapTimers } from "../helpers/aws-pipeline.ts";
import { fakeClock, newEvent, register } from "../helpers/factories.ts";
import { lambdaContext, sqsEvent, sqsRecordFactory } from "../helpers/sqs-records.ts";

/**
 * The real SQLite guest store, watched: which runs the keeper read (one `loadView` per decision), how many
 * commits it made, and an infrastructure failure (as an unreachable database would throw) for chosen events.
 */
function watched(store: GuestStore, failing: ReadonlySet<string> = new Set()) {
  const loads: { eventId: string; commandIds: string[] }[] = [];
  let commits = 0;
  const proxy = new Proxy(store, {
    get(target, prop) {
      if (prop === "loadView")
        return async (eventId: string, commands: readonly Command[]) => {
          loads.push({ eventId, commandIds: commands.map((c) => c.commandId) });
          if (failing.has(eventId)) throw new Error(`store unreachable for ${eventId}`);
          return target.loadView(eventId, commands);
        };
      if (prop === "commit")
        return async (...args: Parameters<GuestStore["commit"]>) => {
          commits += 1;
          return target.commit(...args);
        };
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { store: proxy, loads, commits: () => commits };
}

describe("the SQS keeper handler", () => {
  const clock = fakeClock();
  let dir: string;
  let db: DatabaseSync;
  let real: SqliteGuestStore;
  let a: EventRecord;
  let b: EventRecord;
  /** The in-process queue the keeper sets messages aside in and backs failed ones off on. */
  let sqs: LocalSqsFifo;
  let redelivery: SqsRedelivery;
  let timers: MapTimers;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "rsvp-sqs-keeper-"));
    db = openDatabase(join(dir, "rsvp.db"));
    real = new SqliteGuestStore(db);
    a = newEvent({ capacity: 10 });
    b = newEvent({ capacity: 10 });
    await real.createEvent(a);
    await real.createEvent(b);
    sqs = new LocalSqsFifo({ clock });
    timers = new MapTimers();
    redelivery = new SqsRedelivery({
      client: sqs.client,
      queueUrl: sqs.url,
      deadLetterQueueUrl: sqs.deadLetterUrl,
    });
  });

  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const record = (command: Command) => sqsRecordFactory(command, command.eventId);
  const failedIds = (response: { batchItemFailures: { itemIdentifier: string }[] }) =>
    response.batchItemFailures.map((f) => f.itemIdentifier);

  it("holds back only the event whose store write fails; the other event's commands are applied", async () => {
    const { store, loads } = watched(real, new Set([b.eventId]));
    const handler = keeperHandler({ store, clock, redelivery, timers });
    const a1 = register(a.eventId, "a1@example.org");
    const a2 = register(a.eventId, "a2@example.org");
    const b1 = register(b.eventId, "b1@example.org");
    const a3 = register(a.eventId, "a3@example.org");
    const b2 = register(b.eventId, "b2@example.org");
    const records = [a1, a2, b1, a3, b2].map(record);

    const response = await handler(sqsEvent(...records), lambdaContext());

    // b1 failed in the store; b2 was never tried (its group had failed), and both go back to the queue.
    expect(failedIds(response)).toEqual([records[2]!.messageId, records[4]!.messageId]);
    expect(loads).toEqual([
      { eventId: a.eventId, commandIds: [a1.commandId, a2.commandId] },
      { eventId: b.eventId, commandIds: [b1.commandId] },
      { eventId: a.eventId, commandIds: [a3.commandId] },
    ]);
    expect((await real.listGuests(a.eventId)).map((g) => [g.email, g.status])).toEqual([
      ["a1@example.org", "confirmed"],
      ["a2@example.org", "confirmed"],
      ["a3@example.org", "confirmed"],
    ]);
    expect(await real.listGuests(b.eventId)).toEqual([]);
    expect(await real.getEvent(b.eventId)).toMatchObject({ confirmed: 0, version: 0 });
  });

  it("decides an event's consecutive seat requests together, in one commit", async () => {
    const small = newEvent({ capacity: 2 });
    await real.createEvent(small);
    const { store, loads, commits } = watched(real);
    const commands = ["x@example.org", "y@example.org", "z@example.org"].map((email) =>
      register(small.eventId, email),
    );

    const response = await keeperHandler({ store, clock, redelivery, timers })(
      sqsEvent(...commands.map(record)),
      lambdaContext(),
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(loads).toHaveLength(1);
    expect(commits()).toBe(1);
    const outcomes = await Promise.all(
      commands.map((c) => real.getCommandResult(small.eventId, c.commandId)),
    );
    expect(outcomes.map((r) => r?.outcome.kind)).toEqual(["confirmed", "confirmed", "waitlisted"]);
    expect(await real.getEvent(small.eventId)).toMatchObject({ confirmed: 2, waitlisted: 1 });
  });

  it("sets an unreadable message aside in the dead letters at once, alone: the commands behind it are applied", async () => {
    const { store } = watched(real);
    const a1 = register(a.eventId, "first@example.org");
    const a2 = register(a.eventId, "after-garbage@example.org");
    const b1 = register(b.eventId, "other@example.org");
    const records = [
      record(a1),
      sqsRecordFactory("{not json", a.eventId),
      record(a2),
      sqsRecordFactory({ type: "register", eventId: b.eventId }, b.eventId),
      record(b1),
    ];

    const response = await keeperHandler({ store, clock, redelivery, timers })(
      sqsEvent(...records),
      lambdaContext(),
    );

    // Nothing waits for a retry: the two bad messages are in the dead letters, with why, and acknowledged.
    expect(failedIds(response)).toEqual([]);
    expect(sqs.deadLetters.map((d) => [d.body, d.groupId])).toEqual([
      ["{not json", a.eventId],
      [records[3]!.body, b.eventId],
    ]);
    expect(sqs.deadLetters[0]!.lastError).toContain("not JSON");
    expect((await real.listGuests(a.eventId)).map((g) => g.email)).toEqual([
      "first@example.org",
      "after-garbage@example.org",
    ]);
    expect((await real.listGuests(b.eventId)).map((g) => g.email)).toEqual(["other@example.org"]);
  });

  it("sets a command delivered in another event's message group aside", async () => {
    const { store } = watched(real);
    const stray = sqsRecordFactory(register(a.eventId, "stray@example.org"), b.eventId);
    const fine = record(register(a.eventId, "fine@example.org"));

    const response = await keeperHandler({ store, clock, redelivery, timers })(
      sqsEvent(stray, fine),
      lambdaContext(),
    );

    expect(failedIds(response)).toEqual([]);
    expect(sqs.deadLetters.map((d) => d.body)).toEqual([stray.body]);
    expect((await real.listGuests(a.eventId)).map((g) => g.email)).toEqual(["fine@example.org"]);
  });

  it("reports a batch whose every message failed as such, instead of throwing", async () => {
    const { store } = watched(real, new Set([a.eventId]));
    const records = [register(a.eventId, "p@example.org"), register(a.eventId, "q@example.org")].map(record);

    const response = await keeperHandler({ store, clock, redelivery, timers })(
      sqsEvent(...records),
      lambdaContext(),
    );

    expect(failedIds(response)).toEqual(records.map((r) => r.messageId));
  });

  it("applies a redelivered batch once: the retry of a failed batch seats nobody twice", async () => {
    const flaky = new Set([b.eventId]);
    const { store } = watched(real, flaky);
    const handler = keeperHandler({ store, clock, redelivery, timers });
    const records = [register(a.eventId, "once@example.org"), register(b.eventId, "later@example.org")].map(
      record,
    );

    expect(failedIds(await handler(sqsEvent(...records), lambdaContext()))).toEqual([records[1]!.messageId]);
    flaky.clear();
    // SQS redelivers what failed; a duplicate delivery of the applied message comes along too.
    expect(await handler(sqsEvent(...records), lambdaContext())).toEqual({ batchItemFailures: [] });

    expect(await real.getEvent(a.eventId)).toMatchObject({ confirmed: 1 });
    expect(await real.getEvent(b.eventId)).toMatchObject({ confirmed: 1 });
  });

  describe("on the in-process queue, as SQS and Lambda deliver", () => {
    const send = (body: string, groupId: string) =>
      sqs.client.send(
        new SendMessageCommand({ QueueUrl: sqs.url, MessageBody: body, MessageGroupId: groupId }),
      );
    const deliver = (handler: ReturnType<typeof keeperHandler>) =>
      sqs.deliver(async (event, context) => handler(event, context), lambdaContext());

    it("one unreadable message and nine registrations of its event: one delivery seats the nine, the bad one alone is a dead letter", async () => {
      const handler = keeperHandler({ store: real, clock, redelivery, timers });
      await send("{garbage", a.eventId);
      const nine = Array.from({ length: 9 }, (_, i) => register(a.eventId, `guest${i}@example.org`));
      for (const c of nine) await send(JSON.stringify(c), a.eventId);

      expect(await deliver(handler)).toBe(10);

      expect(sqs.depth()).toBe(0);
      expect(sqs.deadLetters.map((d) => [d.body, d.receives])).toEqual([["{garbage", 0]]);
      expect(await real.getEvent(a.eventId)).toMatchObject({ confirmed: 9 });
    });

    it("a command that fails for good is set aside alone; the others of its run are applied", async () => {
      const poison = register(a.eventId, "poison@example.org");
      const tooBig = Object.assign(new Error("Item size has exceeded the maximum allowed size"), {
        name: "ValidationException",
        $fault: "client",
      });
      const store = new Proxy(real, {
        get(target, prop) {
          if (prop === "loadView")
            return async (eventId: string, commands: readonly Command[]) => {
              if (commands.some((c) => c.commandId === poison.commandId)) throw tooBig;
              return target.loadView(eventId, commands);
            };
          const value = Reflect.get(target, prop, target);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
      const handler = keeperHandler({ store, clock, redelivery, timers });
      const before = register(a.eventId, "before@example.org");
      const after = register(a.eventId, "after@example.org");
      for (const c of [before, poison, after]) await send(JSON.stringify(c), a.eventId);

      await deliver(handler);

      expect(sqs.depth()).toBe(0);
      expect(sqs.deadLetters.map((d) => JSON.parse(d.body).commandId)).toEqual([poison.commandId]);
      expect(sqs.deadLetters[0]!.lastError).toContain("ValidationException");
      expect((await real.listGuests(a.eventId)).map((g) => g.email).sort()).toEqual([
        "after@example.org",
        "before@example.org",
      ]);
    });

    it("a passing failure holds its event back for seconds, not the queue's three minutes, and nothing is lost", async () => {
      const outage = new Set([a.eventId]);
      const { store } = watched(real, outage);
      const handler = keeperHandler({ store, clock, redelivery, timers });
      const commands = [register(a.eventId, "p@example.org"), register(a.eventId, "q@example.org")];
      for (const c of commands) await send(JSON.stringify(c), a.eventId);
      await send(JSON.stringify(register(b.eventId, "r@example.org")), b.eventId);
      const start = clock.now().getTime();

      await deliver(handler);
      // The other event went through; this one's messages show again after a second (not 180 s).
      expect(await real.getEvent(b.eventId)).toMatchObject({ confirmed: 1 });
      expect(sqs.depth()).toBe(2);
      expect(await deliver(handler)).toBe(0);
      expect(sqs.nextVisibleAt()!.getTime() - start).toBe(1000);

      clock.set(sqs.nextVisibleAt()!);
      await deliver(handler);
      expect(sqs.nextVisibleAt()!.getTime() - clock.now().getTime()).toBe(2000);
      outage.clear();
      clock.set(sqs.nextVisibleAt()!);
      await deliver(handler);

      expect(clock.now().getTime() - start).toBe(3000);
      expect(sqs.depth()).toBe(0);
      expect(sqs.deadLetters).toEqual([]);
      expect(await real.getEvent(a.eventId)).toMatchObject({ confirmed: 2 });
    });
  });
});
