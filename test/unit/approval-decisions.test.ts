import { describe, expect, it } from "vitest";
import type { Command } from "../../contracts/command.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import { EventSettings } from "../../contracts/settings.ts";
import { locationShownTo, wasDeclined } from "../../core/approval-rules.ts";
import type { KeeperView } from "../../core/ports.ts";
import { decideBatch } from "../../core/seat-keeper.ts";
import { baseTime, cancel, commandOf, newEvent, register } from "../helpers/factories.ts";

// The approval rules (docs/approval.md) as pure decisions: what a registration, an approval and a decline
// decide from a view of the event, with no store.

const approvalEvent = (overrides: Partial<EventRecord> = {}) =>
  newEvent({ capacity: 2, settings: EventSettings.parse({ approval: true, maxParty: 4 }), ...overrides });

/** Decides `commands` in one batch against `event` and `guests`; returns the outcomes and the event after. */
function decide(event: EventRecord, guests: GuestRecord[], commands: Command[], now = baseTime) {
  const view: KeeperView = { event, guests, applied: new Set() };
  const d = decideBatch(view, commands, now);
  return {
    outcomes: d.results.map((r) => r.outcome),
    after: d.after,
    writes: d.guestWrites.map((w) => w.new),
  };
}

const host = (eventId: string, type: "approve-request" | "decline-request", guestId: string) =>
  commandOf(eventId, { type, guestId }, { lane: "host" });

describe("approval decisions", () => {
  it("a guest's own registration is a request on every lane but the host's import", () => {
    const event = approvalEvent();
    const lanes = ["web", "email", "link", "import"] as const;
    const { outcomes, after } = decide(
      event,
      [],
      lanes.map((lane) => register(event.eventId, `${lane}@example.org`, lane, { lane, party: 2 })),
    );
    expect(outcomes.map((o) => o.kind)).toEqual(["requested", "requested", "requested", "confirmed"]);
    expect(after).toMatchObject({ confirmed: 2, waitlisted: 0, requested: { parties: 3, seats: 6 } });
  });

  it("an approval seats the whole party only while its seats are free and nobody waits; twice is a no-op", () => {
    const event = approvalEvent();
    const asked = decide(event, [], [register(event.eventId, "ana@example.org", "Ana", { party: 3 })]);
    const ana = asked.writes[0]!;
    const first = decide(asked.after, [ana], [host(event.eventId, "approve-request", ana.guestId)]);
    expect(first.outcomes).toEqual([{ kind: "waitlisted", guestId: ana.guestId, waitlistSeq: 1 }]);
    expect(first.writes[0]?.lastChange).toMatchObject({
      action: "approve",
      from: "requested",
      to: "waitlisted",
    });
    const again = decide(first.after, first.writes, [host(event.eventId, "approve-request", ana.guestId)]);
    expect(again.outcomes).toEqual([{ kind: "unchanged", guestId: ana.guestId }]);
    expect(again.writes).toEqual([]);
  });

  it("a decline or a withdrawal ends the request; deciding on it afterwards is refused or a no-op", () => {
    const event = approvalEvent();
    const asked = decide(
      event,
      [],
      [register(event.eventId, "a@example.org"), register(event.eventId, "b@example.org")],
    );
    const [a, b] = asked.writes;
    const d = decide(asked.after, asked.writes, [
      host(event.eventId, "decline-request", a!.guestId),
      cancel(event.eventId, b!.guestId),
    ]);
    expect(d.outcomes).toEqual([
      { kind: "cancelled", guestId: a!.guestId, from: "requested", seatReleased: false },
      { kind: "cancelled", guestId: b!.guestId, from: "requested", seatReleased: false },
    ]);
    expect(wasDeclined(d.writes[0]!)).toBe(true);
    expect(wasDeclined(d.writes[1]!)).toBe(false);
    expect(d.after.requested).toEqual({ parties: 0, seats: 0 });
    const late = decide(d.after, d.writes, [
      host(event.eventId, "approve-request", b!.guestId),
      host(event.eventId, "decline-request", a!.guestId),
    ]);
    expect(late.outcomes).toEqual([
      { kind: "refused", reason: "not-requested" },
      { kind: "unchanged", guestId: a!.guestId },
    ]);
  });

  it("no approval after the start; declining a guest who holds a seat is refused", () => {
    const event = approvalEvent({ capacity: 5 });
    const asked = decide(
      event,
      [],
      [
        register(event.eventId, "late@example.org"),
        register(event.eventId, "in@example.org", "In", { lane: "import" }),
      ],
    );
    const [late, seated] = asked.writes;
    const afterStart = new Date(Date.parse(event.startsAt) + 60_000);
    const d = decide(
      asked.after,
      asked.writes,
      [host(event.eventId, "approve-request", late!.guestId)],
      afterStart,
    );
    expect(d.outcomes).toEqual([{ kind: "refused", reason: "event-started" }]);
    const e = decide(asked.after, asked.writes, [host(event.eventId, "decline-request", seated!.guestId)]);
    expect(e.outcomes).toEqual([{ kind: "refused", reason: "not-requested" }]);
  });

  it("the place is shown only to guests let in (or invited), and only hidden with approval and the setting on", () => {
    const hidden = approvalEvent();
    expect(
      [null, "requested", "cancelled", "lapsed"].map((s) => locationShownTo(hidden, s as never)),
    ).toEqual([false, false, false, false]);
    expect(
      ["confirmed", "offered", "waitlisted", "pending"].every((s) => locationShownTo(hidden, s as never)),
    ).toBe(true);
    const shown = newEvent({
      settings: EventSettings.parse({ approval: true, hideLocationUntilApproved: false }),
    });
    expect(locationShownTo(shown, null)).toBe(true);
    expect(locationShownTo(newEvent(), "requested")).toBe(true);
  });
});
