import { describe, expect, it } from "vitest";
import type { ChangeRecord } from "../../contracts/change.ts";
import type { Command } from "../../contracts/command.ts";
import { countersOf, type EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import { auditDifferences, auditEntriesFor, replayAudit } from "../../core/audit-trail.ts";
import type { BatchDecision } from "../../core/ports.ts";
import { decideBatch } from "../../core/seat-keeper.ts";
import { baseTime, cancel, commandOf, newEvent, register } from "../helpers/factories.ts";

/**
 * A small keeper loop over core alone: commits each decision's rows and event, and keeps the audit trail the
 * stream would write, so a test can check the counters AND that the trail replays to them.
 */
function keeper(capacity: number, maxParty = 4) {
  let event: EventRecord = newEvent({ capacity, settings: { ...newEvent().settings, maxParty } });
  const guests = new Map<string, GuestRecord>();
  const trail = auditEntriesFor({
    entity: "event",
    old: null,
    new: { ...event, lastChange: createdChange(event) },
  });
  const apply = (commands: Command[]): BatchDecision => {
    const d = decideBatch(
      { event, guests: [...guests.values()], applied: new Set(), waitlistHead: line() },
      commands,
      baseTime,
    );
    for (const w of d.guestWrites) {
      guests.set(w.new.guestId, w.new);
      trail.push(...auditEntriesFor({ entity: "guest", old: w.old, new: w.new } as ChangeRecord));
    }
    event = d.after;
    return d;
  };
  const line = () =>
    [...guests.values()]
      .filter((g) => g.status === "waitlisted")
      .sort((a, b) => (a.waitlistSeq ?? 0) - (b.waitlistSeq ?? 0));
  const byEmail = (email: string) => [...guests.values()].find((g) => g.email === email)!;
  return {
    get event() {
      return event;
    },
    apply,
    byEmail,
    join(email: string, party: number) {
      apply([register(event.eventId, email, email, { party })]);
      return byEmail(email);
    },
    change(email: string, party: number) {
      return apply([
        commandOf(
          event.eventId,
          { type: "change-party", guestId: byEmail(email).guestId, party },
          { lane: "link" },
        ),
      ]).results[0]!.outcome;
    },
    offerNext() {
      return apply([commandOf(event.eventId, { type: "offer-next" })]).results[0]!.outcome;
    },
    verify: () => auditDifferences(replayAudit(trail), event),
  };
}

function createdChange(event: EventRecord): EventRecord["lastChange"] {
  return {
    commandId: "create",
    lane: "host",
    at: event.createdAt,
    action: "create-event",
  } as EventRecord["lastChange"];
}

describe("a guest changes their party", () => {
  it("lowering a confirmed party frees its seats for the next in line, and the trail replays to the counters", () => {
    const k = keeper(4);
    k.join("ana@example.org", 4);
    k.join("ben@example.org", 2);
    expect(k.change("ana@example.org", 2)).toEqual({
      kind: "party-changed",
      guestId: k.byEmail("ana@example.org").guestId,
      from: 4,
      to: 2,
      seatsReleased: 2,
    });
    expect(countersOf(k.event)).toMatchObject({ confirmed: 2, waitlisted: 2 });
    expect(k.offerNext()).toMatchObject({ kind: "offered" });
    expect(k.byEmail("ben@example.org")).toMatchObject({ status: "offered", party: 2 });
    expect(k.verify()).toEqual([]);
  });

  it("a raise is granted only while the extra seats are free and nobody waits; refused, the guest keeps all", () => {
    const k = keeper(5);
    k.join("ana@example.org", 2);
    const raised = k.apply([
      commandOf(k.event.eventId, {
        type: "change-party",
        guestId: k.byEmail("ana@example.org").guestId,
        party: 4,
      }),
    ]);
    expect(raised.seatsGranted).toBe(2);
    expect(k.byEmail("ana@example.org").party).toBe(4);
    k.join("ben@example.org", 1);
    // One seat free, but ana asks for two more: nothing changes.
    expect(k.change("ana@example.org", 4)).toMatchObject({ kind: "unchanged" });
    k.join("cy@example.org", 2);
    expect(k.byEmail("cy@example.org").status).toBe("waitlisted");
    // The one free seat belongs to the line, so ben's raise to 2 is refused and ben keeps his seat.
    expect(k.change("ben@example.org", 2)).toMatchObject({
      kind: "party-kept",
      party: 1,
      reason: "no-seats",
    });
    expect(k.byEmail("ben@example.org")).toMatchObject({ status: "confirmed", party: 1 });
    expect(k.change("ben@example.org", 5)).toMatchObject({ kind: "party-kept", reason: "party-too-large" });
    expect(countersOf(k.event)).toMatchObject({ confirmed: 5, waitlisted: 2 });
    expect(k.verify()).toEqual([]);
  });

  it("a waitlisted party changes its request and keeps its place; lowered to fit, it is offered", () => {
    const k = keeper(3);
    k.join("ana@example.org", 2);
    k.join("ben@example.org", 4);
    k.join("cy@example.org", 1);
    const seq = k.byEmail("ben@example.org").waitlistSeq;
    expect(k.change("ben@example.org", 3)).toMatchObject({ kind: "party-changed", seatsReleased: 0 });
    expect(k.byEmail("ben@example.org")).toMatchObject({ status: "waitlisted", party: 3, waitlistSeq: seq });
    expect(k.offerNext()).toMatchObject({ kind: "unchanged" });
    expect(k.change("ben@example.org", 1)).toMatchObject({ kind: "party-changed" });
    expect(countersOf(k.event)).toMatchObject({ waitlisted: 2 });
    expect(k.offerNext()).toMatchObject({
      kind: "offered",
      guestIds: [k.byEmail("ben@example.org").guestId],
    });
    expect(k.verify()).toEqual([]);
  });

  it("a guest who left cannot change a party, and the same size changes nothing", () => {
    const k = keeper(3);
    const ana = k.join("ana@example.org", 2);
    expect(k.change("ana@example.org", 2)).toEqual({ kind: "unchanged", guestId: ana.guestId });
    k.apply([cancel(k.event.eventId, ana.guestId)]);
    expect(k.change("ana@example.org", 1)).toMatchObject({ kind: "party-kept", reason: "not-registered" });
    expect(k.verify()).toEqual([]);
  });
});

describe("a partial accept", () => {
  it("an offered party claims fewer seats: confirmed at that size, the rest go to the next in line", () => {
    const k = keeper(4);
    const ana = k.join("ana@example.org", 4);
    k.join("ben@example.org", 3);
    k.join("cy@example.org", 2);
    k.apply([cancel(k.event.eventId, ana.guestId)]);
    expect(k.offerNext()).toMatchObject({ kind: "offered" });
    const ben = k.byEmail("ben@example.org");
    expect(ben).toMatchObject({ status: "offered", party: 3 });
    const claim = k.apply([
      commandOf(k.event.eventId, { type: "claim-offer", guestId: ben.guestId, party: 2 }, { lane: "link" }),
    ]);
    expect(claim.results[0]!.outcome).toMatchObject({ kind: "claimed" });
    expect(claim.seatsGranted).toBe(0);
    expect(k.byEmail("ben@example.org")).toMatchObject({ status: "confirmed", party: 2 });
    expect(countersOf(k.event)).toMatchObject({ confirmed: 2, offered: 0, waitlisted: 2 });
    expect(k.offerNext()).toMatchObject({ kind: "offered", guestIds: [k.byEmail("cy@example.org").guestId] });
    expect(k.verify()).toEqual([]);
  });

  it("a claim for more seats than offered takes only the offered seats", () => {
    const k = keeper(2);
    const ana = k.join("ana@example.org", 2);
    k.join("ben@example.org", 2);
    k.apply([cancel(k.event.eventId, ana.guestId)]);
    k.offerNext();
    const ben = k.byEmail("ben@example.org");
    k.apply([
      commandOf(k.event.eventId, { type: "claim-offer", guestId: ben.guestId, party: 4 }, { lane: "link" }),
    ]);
    expect(k.byEmail("ben@example.org")).toMatchObject({ status: "confirmed", party: 2 });
    expect(countersOf(k.event)).toMatchObject({ confirmed: 2, offered: 0 });
    expect(k.verify()).toEqual([]);
  });
});
