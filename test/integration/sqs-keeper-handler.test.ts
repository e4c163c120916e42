import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../adapters/local/sqlite-database.ts";
import { SqliteGuestStore } from "../../adapters/local/sqlite-guest-store.ts";
import type { Command } from "../../contracts/command.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestStore } from "../../core/ports.ts";
import { keeperHandler } from "../../runtime/aws/handlers/sqs-keeper-handler.ts";
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

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "rsvp-sqs-keeper-"));
    db = openDatabase(join(dir, "rsvp.db"));
    real = new SqliteGuestStore(db);
    a = newEvent({ capacity: 10 });
    b = newEvent({ capacity: 10 });
    await real.createEvent(a);
    await real.createEvent(b);
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
    const handler = keeperHandler({ store, clock });
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

    const response = await keeperHandler({ store, clock })(
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

  it("fails an unreadable message and what follows it in its event, and nothing of other events", async () => {
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

    const response = await keeperHandler({ store, clock })(sqsEvent(...records), lambdaContext());

    // a2 must not overtake the message before it; b's malformed command fails b1 after it the same way.
    expect(failedIds(response)).toEqual([
      records[1]!.messageId,
      records[2]!.messageId,
      records[3]!.messageId,
      records[4]!.messageId,
    ]);
    expect((await real.listGuests(a.eventId)).map((g) => g.email)).toEqual(["first@example.org"]);
    expect(await real.listGuests(b.eventId)).toEqual([]);
  });

  it("refuses a command delivered in another event's message group", async () => {
    const { store } = watched(real);
    const stray = sqsRecordFactory(register(a.eventId, "stray@example.org"), b.eventId);
    const fine = record(register(a.eventId, "fine@example.org"));

    const response = await keeperHandler({ store, clock })(sqsEvent(stray, fine), lambdaContext());

    expect(failedIds(response)).toEqual([stray.messageId]);
    expect((await real.listGuests(a.eventId)).map((g) => g.email)).toEqual(["fine@example.org"]);
  });

  it("reports a batch whose every message failed as such, instead of throwing", async () => {
    const { store } = watched(real, new Set([a.eventId]));
    const records = [register(a.eventId, "p@example.org"), register(a.eventId, "q@example.org")].map(record);

    const response = await keeperHandler({ store, clock })(sqsEvent(...records), lambdaContext());

    expect(failedIds(response)).toEqual(records.map((r) => r.messageId));
  });

  it("applies a redelivered batch once: the retry of a failed batch seats nobody twice", async () => {
    const flaky = new Set([b.eventId]);
    const { store } = watched(real, flaky);
    const handler = keeperHandler({ store, clock });
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
});
