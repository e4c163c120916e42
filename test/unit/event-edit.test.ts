import { describe, expect, it } from "vitest";
import type { EventRecord } from "../../contracts/event.ts";
import { decideBatch } from "../../core/seat-keeper.ts";
import { baseTime, commandOf, newEvent } from "../helpers/factories.ts";

const hour = 3_600_000;

/** Summer party: starts 30 days after baseTime, ends 3 hours later, at Café Lima. */
const party = (over: Partial<EventRecord> = {}): EventRecord =>
  newEvent({
    startsAt: "2026-07-01T17:00:00.000Z",
    endsAt: "2026-07-01T20:00:00.000Z",
    details: {
      description: "Bring a salad.",
      location: { place: "Café Lima", address: "Hauptstraße 1", onlineUrlConfirmedOnly: false },
      hostName: "Ana",
      language: "en",
    },
    settings: { hostEmail: "ana@example.org" } as EventRecord["settings"],
    ...over,
  });

/** Applies one edit through the keeper's batch decision, as both stores do. */
function edit(event: EventRecord, changes: Record<string, unknown>, at = baseTime) {
  const d = decideBatch(
    { event, guests: [], applied: new Set() },
    [commandOf(event.eventId, { type: "edit-event", changes }, { lane: "host", commandId: "edit-1" })],
    at,
  );
  return { outcome: d.results[0]!.outcome, after: d.after };
}

describe("editing an event", () => {
  it("changes the name and description without moving the calendar entry", () => {
    const { outcome, after } = edit(party(), { name: "Summer party 2026", description: "Bring a dessert." });
    expect(outcome).toEqual({
      kind: "event-edited",
      changed: ["name", "description"],
      guestsNotified: false,
      calendarSequence: 0,
    });
    expect(after.name).toBe("Summer party 2026");
    expect(after.details.description).toBe("Bring a dessert.");
    expect(after.calendarSequence).toBe(0);
    expect(after.lastChange).toMatchObject({ action: "edit-event", commandId: "edit-1", lane: "host" });
    expect(after.version).toBe(1);
  });

  it("a new start keeps the event's length and raises the calendar sequence", () => {
    const { outcome, after } = edit(party(), { startsAt: "2026-07-02T17:00:00.000Z" });
    expect(outcome).toMatchObject({
      changed: ["startsAt", "endsAt"],
      guestsNotified: true,
      calendarSequence: 1,
    });
    expect(after.startsAt).toBe("2026-07-02T17:00:00.000Z");
    expect(after.endsAt).toBe("2026-07-02T20:00:00.000Z");
    expect(after.calendarSequence).toBe(1);
  });

  it("a new place raises the calendar sequence; clearing the address drops it", () => {
    const { outcome, after } = edit(party({ calendarSequence: 4 }), { place: "Park", address: null });
    expect(outcome).toMatchObject({
      changed: ["place", "address"],
      guestsNotified: true,
      calendarSequence: 5,
    });
    expect(after.details.location).toEqual({ place: "Park", onlineUrlConfirmedOnly: false });
  });

  it("merges settings: only what is given changes", () => {
    const { outcome, after } = edit(party(), { settings: { embedOrigins: ["https://ana.example"] } });
    expect(outcome).toMatchObject({ changed: ["settings.embedOrigins"], guestsNotified: false });
    expect(after.settings.embedOrigins).toEqual(["https://ana.example"]);
    expect(after.settings.hostEmail).toBe("ana@example.org");
  });

  it("an edit that changes nothing is unchanged (a double-submitted form)", () => {
    const { outcome, after } = edit(party(), { name: "Summer party", place: "Café Lima" });
    expect(outcome).toEqual({ kind: "unchanged", guestId: null });
    expect(after.version).toBe(0);
  });

  it("refuses a new time once the event has started, a start in the past, and an end before the start", () => {
    const event = party();
    const started = new Date(Date.parse(event.startsAt) + hour);
    expect(edit(event, { startsAt: "2026-07-03T17:00:00.000Z" }, started).outcome).toEqual({
      kind: "refused",
      reason: "event-started",
    });
    expect(edit(event, { startsAt: "2026-05-01T17:00:00.000Z" }).outcome).toEqual({
      kind: "refused",
      reason: "edit-invalid",
    });
    expect(edit(event, { endsAt: "2026-07-01T16:00:00.000Z" }).outcome).toEqual({
      kind: "refused",
      reason: "edit-invalid",
    });
    // The description may still be fixed after the start.
    expect(edit(event, { description: "Thanks!" }, started).outcome).toMatchObject({ kind: "event-edited" });
  });
});
