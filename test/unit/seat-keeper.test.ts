import { describe, expect, it } from "vitest";
import type { GuestRecord } from "../../contracts/guest.ts";
import type { KeeperView } from "../../core/ports.ts";
import { decideBatch } from "../../core/seat-keeper.ts";
import {
  baseTime,
  cancel,
  closeRegistration,
  guestAction,
  newEvent,
  register,
  setCapacity,
} from "../helpers/factories.ts";

const view = (over: Partial<KeeperView> & { capacity?: number } = {}): KeeperView => ({
  event: newEvent({ capacity: over.capacity ?? 2 }),
  guests: [],
  applied: new Set(),
  ...over,
});

describe("seat keeper decisions", () => {
  it("grants seats up to the cap, then waitlists in order with sequence numbers", () => {
    const v = view({ capacity: 2 });
    const id = v.event.eventId;
    const d = decideBatch(
      v,
      ["a", "b", "c", "d"].map((n) => register(id, `${n}@example.org`)),
      baseTime,
    );
    expect(d.results.map((r) => r.outcome.kind)).toEqual([
      "confirmed",
      "confirmed",
      "waitlisted",
      "waitlisted",
    ]);
    expect(d.guestWrites.map((w) => w.new.waitlistSeq)).toEqual([null, null, 1, 2]);
    expect(d.after).toMatchObject({ confirmed: 2, waitlisted: 2, nextWaitlistSeq: 3, version: 1 });
    expect(d.seatsGranted).toBe(2);
  });

  it("records the counters before and after each guest's transition", () => {
    const v = view({ capacity: 1 });
    const d = decideBatch(
      v,
      [register(v.event.eventId, "a@example.org"), register(v.event.eventId, "b@example.org")],
      baseTime,
    );
    const [first, second] = d.guestWrites.map((w) => w.new.lastChange);
    expect(first).toMatchObject({
      from: null,
      to: "confirmed",
      countersBefore: { confirmed: 0 },
      countersAfter: { confirmed: 1 },
    });
    expect(second).toMatchObject({
      to: "waitlisted",
      countersBefore: { waitlisted: 0 },
      countersAfter: { waitlisted: 1 },
    });
  });

  it("stops a batch before a second command for the same address, so each row is written once per commit", () => {
    const v = view();
    const id = v.event.eventId;
    const d = decideBatch(
      v,
      [register(id, "ana@example.org"), register(id, "ANA@example.org"), register(id, "b@example.org")],
      baseTime,
    );
    expect(d.consumed).toBe(1);
    expect(d.results).toHaveLength(1);
  });

  it("a newcomer never jumps a waitlist, even when a seat is free", () => {
    const v = view({ capacity: 1 });
    const id = v.event.eventId;
    const first = decideBatch(v, [register(id, "a@example.org"), register(id, "b@example.org")], baseTime);
    const a = first.guestWrites[0]!.new;
    const afterCancel = decideBatch(
      { event: first.after, guests: [a], applied: new Set() },
      [cancel(id, a.guestId)],
      baseTime,
    );
    expect(afterCancel.after).toMatchObject({ confirmed: 0, waitlisted: 1 });
    const late = decideBatch(
      { event: afterCancel.after, guests: [], applied: new Set() },
      [register(id, "c@example.org")],
      baseTime,
    );
    expect(late.results[0]!.outcome.kind).toBe("waitlisted");
  });

  it("lowering the cap below the headcount evicts nobody and grants nothing", () => {
    const v = view({ capacity: 3 });
    const id = v.event.eventId;
    const d = decideBatch(
      v,
      [
        register(id, "a@example.org"),
        register(id, "b@example.org"),
        setCapacity(id, 1),
        register(id, "c@example.org"),
      ],
      baseTime,
    );
    expect(d.consumed).toBe(2);
    const next = decideBatch(
      { event: d.after, guests: [], applied: new Set() },
      [setCapacity(id, 1), register(id, "c@example.org")],
      baseTime,
    );
    expect(next.results.map((r) => r.outcome.kind)).toEqual(["capacity-set", "waitlisted"]);
    expect(next.after).toMatchObject({ capacity: 1, confirmed: 2, waitlisted: 1 });
  });

  it("an already-applied command is skipped and changes nothing", () => {
    const v = view();
    const c = register(v.event.eventId, "a@example.org");
    const d = decideBatch({ ...v, applied: new Set([c.commandId]) }, [c], baseTime);
    expect(d.results).toEqual([]);
    expect(d.after).toBe(v.event);
    expect(d.consumed).toBe(1);
  });

  it("refuses registrations when closed or once the event has started", () => {
    const v = view();
    const id = v.event.eventId;
    const closed = decideBatch(v, [closeRegistration(id), register(id, "a@example.org")], baseTime);
    expect(closed.results[1]!.outcome).toEqual({ kind: "refused", reason: "registration-closed" });
    const late = decideBatch(v, [register(id, "a@example.org")], new Date(Date.parse(v.event.startsAt) + 1));
    expect(late.results[0]!.outcome).toEqual({ kind: "refused", reason: "event-started" });
  });

  it("a repeated cancel is unchanged, and cancelling an unknown guest is refused", () => {
    const v = view();
    const id = v.event.eventId;
    const d = decideBatch(v, [register(id, "a@example.org")], baseTime);
    const guest = d.guestWrites[0]!.new;
    const once = decideBatch(
      { event: d.after, guests: [guest], applied: new Set() },
      [cancel(id, guest.guestId)],
      baseTime,
    );
    const cancelled = once.guestWrites[0]!.new;
    const twice = decideBatch(
      { event: once.after, guests: [cancelled], applied: new Set() },
      [cancel(id, guest.guestId)],
      baseTime,
    );
    expect(once.results[0]!.outcome).toMatchObject({ kind: "cancelled", seatReleased: true });
    expect(twice.results[0]!.outcome).toEqual({ kind: "unchanged", guestId: guest.guestId });
    expect(twice.after.confirmed).toBe(0);
    const unknown = decideBatch(v, [cancel(id, "nobody")], baseTime);
    expect(unknown.results[0]!.outcome).toEqual({ kind: "refused", reason: "guest-not-found" });
  });

  it("unsubscribing from the host's messages keeps the seat and the counters; a second time changes nothing", () => {
    const v = view({ capacity: 1 });
    const id = v.event.eventId;
    const seated = decideBatch(v, [register(id, "a@example.org")], baseTime);
    // A row the store wrote before the flag existed holds none (the keeper reads rows without parsing them).
    const { hostMessages: _, ...oldRow } = seated.guestWrites[0]!.new;
    const guest = oldRow as GuestRecord;

    const muted = decideBatch(
      { event: seated.after, guests: [guest], applied: new Set() },
      [guestAction("mute-messages", id, guest.guestId)],
      baseTime,
    );
    expect(muted.results[0]!.outcome).toEqual({ kind: "messages-muted", guestId: guest.guestId });
    expect(muted.guestWrites[0]!.new).toMatchObject({
      status: "confirmed",
      hostMessages: false,
      version: guest.version + 1,
      lastChange: { action: "mute-messages", from: "confirmed", to: "confirmed" },
    });
    expect(muted.seatsGranted).toBe(0);
    expect(muted.after).toMatchObject({ capacity: 1, confirmed: 1, waitlisted: 0 });

    const again = decideBatch(
      { event: muted.after, guests: [muted.guestWrites[0]!.new], applied: new Set() },
      [guestAction("mute-messages", id, guest.guestId)],
      baseTime,
    );
    expect(again.results[0]!.outcome).toEqual({ kind: "unchanged", guestId: guest.guestId });
    expect(again.guestWrites).toEqual([]);
  });

  it("ends a batch before a second command for a guest it just unsubscribed, so the row is written once", () => {
    const v = view();
    const id = v.event.eventId;
    const seated = decideBatch(v, [register(id, "a@example.org")], baseTime);
    const guest = seated.guestWrites[0]!.new;
    const d = decideBatch(
      { event: seated.after, guests: [guest], applied: new Set() },
      [guestAction("mute-messages", id, guest.guestId), cancel(id, guest.guestId)],
      baseTime,
    );
    expect(d.consumed).toBe(1);
    expect(d.guestWrites).toHaveLength(1);
  });
});
