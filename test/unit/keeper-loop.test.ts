import { describe, expect, it } from "vitest";
import { openDatabase, transaction } from "../../adapters/local/sqlite-database.ts";
import { SqliteGuestStore } from "../../adapters/local/sqlite-guest-store.ts";
import { applyCommands, applyCommandsSync } from "../../core/keeper.ts";
import { guestIdFor } from "../../core/seat-keeper.ts";
import { fakeClock, newEvent, register } from "../helpers/factories.ts";

/** One keeper loop for both runtimes: the async port (DynamoDB, tests) and the embedded synchronous store. */
describe("the keeper loop", () => {
  async function storeWithEvent(capacity: number) {
    const db = openDatabase(":memory:");
    const store = new SqliteGuestStore(db);
    const event = newEvent({ capacity });
    await store.createEvent(event);
    let commits = 0;
    const commit = store.commit.bind(store);
    store.commit = (decision) => {
      commits += 1;
      return commit(decision);
    };
    return { db, store, eventId: event.eventId, commits: () => commits };
  }

  it("lets concurrent calls for one event take turns and share commits, each answered with its own results", async () => {
    const { store, eventId, commits } = await storeWithEvent(2);
    const clock = fakeClock();
    const calls = ["a", "b", "c", "d"].map((n) => register(eventId, `${n}@example.org`));
    const answers = await Promise.all(calls.map((c) => applyCommands(store, eventId, [c], clock)));

    expect(answers.map((a) => a.map((r) => r.commandId))).toEqual(calls.map((c) => [c.commandId]));
    expect(answers.map((a) => a[0]?.outcome.kind)).toEqual([
      "confirmed",
      "confirmed",
      "waitlisted",
      "waitlisted",
    ]);
    // The first call commits alone; the three that arrived meanwhile share the next commit. Nothing conflicts.
    expect(commits()).toBe(2);
    expect(await store.getEvent(eventId)).toMatchObject({ confirmed: 2, waitlisted: 2, nextWaitlistSeq: 3 });
  });

  it("answers a call whose command another call of its turn also gave once, and the other not", async () => {
    const { store, eventId } = await storeWithEvent(2);
    const clock = fakeClock();
    const first = register(eventId, "first@example.org");
    const twice = register(eventId, "twice@example.org");
    const [a, b, c] = await Promise.all([
      applyCommands(store, eventId, [first], clock),
      applyCommands(store, eventId, [twice], clock),
      applyCommands(store, eventId, [twice], clock),
    ]);
    expect(a?.map((r) => r.outcome.kind)).toEqual(["confirmed"]);
    expect(b?.map((r) => r.outcome.kind)).toEqual(["confirmed"]);
    expect(c).toEqual([]);
  });

  it("applies the same commands the same way on the synchronous store, inside the caller's transaction", async () => {
    const { db, store, eventId } = await storeWithEvent(1);
    const now = fakeClock().now();
    const commands = ["a", "b"].map((n) => register(eventId, `${n}@example.org`));
    const results = transaction(db, () => applyCommandsSync(store, eventId, commands, now));
    expect(results.map((r) => r.outcome)).toEqual([
      { kind: "confirmed", guestId: guestIdFor(eventId, commands[0]!.commandId) },
      { kind: "waitlisted", guestId: guestIdFor(eventId, commands[1]!.commandId), waitlistSeq: 1 },
    ]);
    expect(transaction(db, () => applyCommandsSync(store, eventId, commands, now))).toEqual([]);
    expect(transaction(db, () => applyCommandsSync(store, "no-such-event", commands, now))).toEqual(
      commands.map((c) => ({
        commandId: c.commandId,
        outcome: { kind: "refused", reason: "event-not-found" },
      })),
    );
  });
});
