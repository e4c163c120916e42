import { marshall } from "@aws-sdk/util-dynamodb";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { commandSk, eventItem, eventPk, guestItem } from "../../adapters/aws/guest-table.ts";
import type { ChangeRecord } from "../../contracts/change.ts";
import { decideBatch } from "../../core/seat-keeper.ts";
import { streamHandler } from "../../runtime/aws/handlers/dynamo-stream-handler.ts";
import type { NamedChangeHandler } from "../../streams/change-handlers.ts";
import { baseTime, newEvent, register } from "../helpers/factories.ts";
import { streamEvent, streamRecord } from "../helpers/stream-records.ts";

const silent = pino({ level: "silent" });

/** The stream of one registration: the event created, then the keeper's transaction (event, guest, CMD#). */
function registrationRecords() {
  const event = newEvent({ capacity: 5 });
  const cmd = register(event.eventId, "a@example.org");
  const d = decideBatch({ event, guests: [], applied: new Set() }, [cmd], baseTime);
  const guest = d.guestWrites[0]!.new;
  const records = [
    streamRecord({ eventName: "INSERT", new: eventItem(event) }),
    streamRecord({ eventName: "MODIFY", old: eventItem(event), new: eventItem(d.after) }),
    streamRecord({ eventName: "INSERT", new: guestItem(guest) }),
    streamRecord({
      eventName: "INSERT",
      new: marshall({ pk: eventPk(event.eventId), sk: commandSk(cmd.commandId), ...d.results[0] }),
    }),
  ];
  return { event, after: d.after, guest, records };
}

/** Handlers that write down what they were given, by name. */
function recording(
  names: readonly string[],
  fail: (name: string, change: ChangeRecord) => boolean = () => false,
) {
  const calls: { name: string; changes: readonly ChangeRecord[] }[] = [];
  const handlers: NamedChangeHandler[] = names.map((name) => ({
    name,
    handle: async (changes) => {
      calls.push({ name, changes });
      for (const c of changes) if (fail(name, c)) throw new Error(`${name} is down`);
    },
  }));
  return { calls, handlers };
}

const seqOf = (r: { dynamodb?: { SequenceNumber?: string } }) => r.dynamodb!.SequenceNumber!;

describe("the DynamoDB Streams handler", () => {
  it("hands each event and guest change to every handler in order, and skips the bookkeeping items", async () => {
    const { event, after, guest, records } = registrationRecords();
    const { calls, handlers } = recording(["audit", "waitlist", "timers", "messenger"]);
    const response = await streamHandler({ handlers, logger: silent })(streamEvent(records));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(calls.map((c) => c.name)).toEqual([
      ...["audit", "waitlist", "timers", "messenger"],
      ...["audit", "waitlist", "timers", "messenger"],
      ...["audit", "waitlist", "timers", "messenger"],
    ]);
    expect(calls.filter((c) => c.name === "audit").map((c) => c.changes)).toEqual([
      [{ entity: "event", old: null, new: event }],
      [{ entity: "event", old: event, new: after }],
      [{ entity: "guest", old: null, new: guest }],
    ]);
  });

  it("reports a failed record and holds back every record after it, so none is handled out of order", async () => {
    const { records } = registrationRecords();
    const { calls, handlers } = recording(
      ["audit", "messenger"],
      (name, change) => name === "messenger" && change.entity === "event" && change.old !== null,
    );
    const response = await streamHandler({ handlers, logger: silent })(streamEvent(records));

    // Lambda retries from the first failure; the held-back records are reported too.
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(records.slice(1).map(seqOf));
    // The audit handler saw the failed change (and will again: it is idempotent); nobody saw the guest.
    expect(calls.map((c) => [c.name, c.changes[0]?.entity])).toEqual([
      ["audit", "event"],
      ["messenger", "event"],
      ["audit", "event"],
      ["messenger", "event"],
    ]);
  });

  it("fails a record whose images cannot be a change (a stream without old images) like a failed handler", async () => {
    const { records } = registrationRecords();
    const withoutOld = structuredClone(records);
    delete withoutOld[1]!.dynamodb!.OldImage;
    const { calls, handlers } = recording(["audit"]);
    const response = await streamHandler({ handlers, logger: silent })(streamEvent(withoutOld));
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(records.slice(1).map(seqOf));
    expect(calls).toHaveLength(1);
  });

  it("fails the whole invocation when no record of the batch could be handled", async () => {
    const { records } = registrationRecords();
    const { handlers } = recording(["audit"], () => true);
    await expect(streamHandler({ handlers, logger: silent })(streamEvent(records))).rejects.toThrow(
      /All records failed/,
    );
  });

  it("starts every invocation afresh: a failure in one batch holds nothing back in the next", async () => {
    const { records } = registrationRecords();
    let down = true;
    const handlers: NamedChangeHandler[] = [
      {
        name: "audit",
        handle: async () => {
          if (down) throw new Error("down");
        },
      },
    ];
    const handle = streamHandler({ handlers, logger: silent });
    await expect(handle(streamEvent(records))).rejects.toThrow();
    down = false;
    expect(await handle(streamEvent(records))).toEqual({ batchItemFailures: [] });
  });
});
