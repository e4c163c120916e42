import { marshall } from "@aws-sdk/util-dynamodb";
import { describe, expect, it } from "vitest";
import { changeRecordOf, StreamRecordError } from "../../adapters/aws/change-records.ts";
import {
  commandSk,
  emailSk,
  eventItem,
  eventPk,
  guestItem,
  hostPk,
  META,
} from "../../adapters/aws/guest-table.ts";
import { decideBatch } from "../../core/seat-keeper.ts";
import { baseTime, cancel, newEvent, register } from "../helpers/factories.ts";
import { streamRecord } from "../helpers/stream-records.ts";

/** An event with one seat: `a` takes it and `b` is waitlisted; then `a` cancels. Real keeper decisions. */
function scenario() {
  const event = newEvent({ capacity: 1 });
  const id = event.eventId;
  const joined = decideBatch(
    { event, guests: [], applied: new Set() },
    [register(id, "a@example.org"), register(id, "b@example.org")],
    baseTime,
  );
  const [a, b] = joined.guestWrites.map((w) => w.new);
  const left = decideBatch(
    { event: joined.after, guests: [a!, b!], applied: new Set() },
    [cancel(id, a!.guestId)],
    new Date(baseTime.getTime() + 60_000),
  );
  return { event, joined, a: a!, b: b!, cancelled: left.guestWrites[0]!.new, afterCancel: left.after };
}

describe("DynamoDB stream records as changes", () => {
  it("an event's META item is an event change, without the storage-only seatsFree", () => {
    const { event, joined } = scenario();
    expect(changeRecordOf(streamRecord({ eventName: "INSERT", new: eventItem(event) }))).toEqual({
      entity: "event",
      old: null,
      new: event,
    });
    const modified = streamRecord({
      eventName: "MODIFY",
      old: eventItem(event),
      new: eventItem(joined.after),
    });
    expect(changeRecordOf(modified)).toEqual({ entity: "event", old: event, new: joined.after });
    expect(changeRecordOf(modified)?.new).not.toHaveProperty("seatsFree");
  });

  it("a guest item is a guest change, without the waitlist index keys it carries while waiting", () => {
    const { a, b, cancelled } = scenario();
    expect(guestItem(b)).toHaveProperty("wlsk");
    expect(changeRecordOf(streamRecord({ eventName: "INSERT", new: guestItem(b) }))).toEqual({
      entity: "guest",
      old: null,
      new: b,
    });
    expect(
      changeRecordOf(streamRecord({ eventName: "MODIFY", old: guestItem(a), new: guestItem(cancelled) })),
    ).toEqual({ entity: "guest", old: a, new: cancelled });
  });

  it("the address, command-result and host-token items written alongside are no change", () => {
    const { event, a } = scenario();
    const pk = eventPk(event.eventId);
    const bookkeeping = [
      marshall({ pk, sk: emailSk(a.emailKey), eventId: event.eventId, guestId: a.guestId }),
      marshall({ pk, sk: commandSk("c-1"), commandId: "c-1", outcome: { kind: "no-op" } }),
      marshall({ pk: hostPk(event.hostTokenHash), sk: META, eventId: event.eventId }),
    ];
    for (const item of bookkeeping)
      expect(changeRecordOf(streamRecord({ eventName: "INSERT", new: item }))).toBeNull();
  });

  it("a removed item is no change: rows are never deleted, so a REMOVE is a manual clean-up", () => {
    const { a } = scenario();
    expect(changeRecordOf(streamRecord({ eventName: "REMOVE", old: guestItem(a) }))).toBeNull();
  });

  it("refuses a modification without its old image: the stream must be NEW_AND_OLD_IMAGES", () => {
    const { a, cancelled } = scenario();
    const newOnly = streamRecord({
      eventName: "MODIFY",
      old: guestItem(a),
      new: guestItem(cancelled),
      viewType: "NEW_IMAGE",
    });
    expect(() => changeRecordOf(newOnly)).toThrow(StreamRecordError);
    expect(() => changeRecordOf(newOnly)).toThrow(/NEW_AND_OLD_IMAGES/);
  });

  it("refuses an item that is not a valid record", () => {
    const { a } = scenario();
    const broken = guestItem(a);
    delete broken.status;
    expect(() => changeRecordOf(streamRecord({ eventName: "INSERT", new: broken }))).toThrow(
      StreamRecordError,
    );
  });
});
