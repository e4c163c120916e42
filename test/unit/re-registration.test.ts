import { describe, expect, it } from "vitest";
import type { ChangeRecord } from "../../contracts/change.ts";
import { Command } from "../../contracts/command.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import type { Outcome } from "../../contracts/outcome.ts";
import { auditEntriesFor, replayAudit } from "../../core/audit-trail.ts";
import { decideBatch, guestIdFor } from "../../core/seat-keeper.ts";
import { canMove } from "../../core/seat-rules.ts";
import { guestTimerPlan, timerNames } from "../../core/timer-plan.ts";
import { mailKeys } from "../../streams/messenger-handler.ts";
import {
  baseTime,
  cancel,
  closeRegistration,
  commandOf,
  createdEvent,
  guestAction,
  register as registerAs,
  reopenRegistration,
} from "../helpers/factories.ts";

/**
 * The guest's own registration: their register-again link (the `link` lane) unless a test names another lane.
 * A web-form registration of an address on the list proves nothing about who sent it, and changes nothing
 * (see "a web registration of an address on the list" below).
 */
const register: typeof registerAs = (eventId, email, name, options = {}) =>
  registerAs(eventId, email, name, { lane: "link", ...options });

/**
 * The pure keeper driven one command at a time, each decision applied to what the next one reads, as a store
 * would commit it. Every guest-row change is kept, in order, like the change feed.
 */
function keeper(capacity: number) {
  const created = createdEvent({ capacity });
  let event: EventRecord = created;
  const guests = new Map<string, GuestRecord>();
  const applied = new Set<string>();
  const changes: { old: GuestRecord | null; new: GuestRecord }[] = [];
  return {
    get event() {
      return event;
    },
    changes,
    apply(command: Command, now = baseTime): Outcome | undefined {
      const waitlistHead = [...guests.values()]
        .filter((g) => g.status === "waitlisted")
        .sort((a, b) => (a.waitlistSeq ?? 0) - (b.waitlistSeq ?? 0));
      const d = decideBatch(
        { event, guests: [...guests.values()], applied: new Set(applied), waitlistHead },
        [command],
        now,
      );
      event = d.after;
      for (const w of d.guestWrites) {
        guests.set(w.new.guestId, w.new);
        changes.push(w);
      }
      applied.add(command.commandId);
      return d.results[0]?.outcome;
    },
    guest(email: string): GuestRecord {
      const found = [...guests.values()].find((g) => g.emailKey === email.toLowerCase());
      if (!found) throw new Error(`no guest ${email}`);
      return found;
    },
    /** The counters rebuilt from the trail of the creation and the guest transitions, as `rsvp audit verify` does. */
    replayed() {
      const trail: ChangeRecord[] = [
        { entity: "event", old: null, new: created },
        ...changes.map((c) => ({ entity: "guest" as const, ...c })),
      ];
      return replayAudit(trail.flatMap(auditEntriesFor))?.counters;
    },
  };
}

const HOUR = 3_600_000;

describe("registering again after leaving", () => {
  it("the state machine lets a guest who cancelled or lapsed come back, but never as an invitation", () => {
    for (const left of ["cancelled", "lapsed"] as const) {
      expect(canMove(left, "confirmed")).toBe(true);
      expect(canMove(left, "waitlisted")).toBe(true);
      expect(canMove(left, "pending")).toBe(false);
      expect(canMove(left, "offered")).toBe(false);
    }
  });

  it("a guest who cancelled gets a free seat back on the same row: same guest id, next version, round 2", () => {
    const k = keeper(2);
    const first = register(k.event.eventId, "ana@example.org", "Ana");
    k.apply(first);
    const ana = k.guest("ana@example.org");
    k.apply(cancel(k.event.eventId, ana.guestId));

    const again = register(k.event.eventId, "Ana@Example.org", "Ana Lima");
    expect(k.apply(again)).toEqual({
      kind: "confirmed",
      guestId: guestIdFor(k.event.eventId, first.commandId),
    });
    expect(k.guest("ana@example.org")).toMatchObject({
      guestId: ana.guestId,
      status: "confirmed",
      version: 3,
      round: 2,
      // What they gave this time; the row's first registration time stays.
      name: "Ana Lima",
      email: "Ana@Example.org",
      createdAt: ana.createdAt,
      lastChange: { action: "register", from: "cancelled", to: "confirmed", commandId: again.commandId },
    });
    expect(k.event).toMatchObject({ confirmed: 1, waitlisted: 0 });
    expect(k.replayed()).toMatchObject({ confirmed: 1, waitlisted: 0, nextWaitlistSeq: 1 });
  });

  it("when the event is full they join the END of the line with a new number, not their old place", () => {
    const k = keeper(1);
    const id = k.event.eventId;
    for (const email of ["seat@example.org", "ana@example.org", "ben@example.org"])
      k.apply(register(id, email));
    const ana = k.guest("ana@example.org");
    expect(ana).toMatchObject({ status: "waitlisted", waitlistSeq: 1 });
    k.apply(cancel(id, ana.guestId));

    expect(k.apply(register(id, "ana@example.org"))).toEqual({
      kind: "waitlisted",
      guestId: ana.guestId,
      waitlistSeq: 3,
    });
    expect(k.guest("ana@example.org")).toMatchObject({ status: "waitlisted", waitlistSeq: 3, round: 2 });
    expect(k.event).toMatchObject({ confirmed: 1, waitlisted: 2, nextWaitlistSeq: 4 });

    // The next free seat goes to ben, who waited; ana is behind him.
    k.apply(cancel(id, k.guest("seat@example.org").guestId));
    k.apply(commandOf(id, { type: "offer-next" }, { commandId: "round-1" }));
    expect(k.guest("ben@example.org").status).toBe("offered");
    expect(k.guest("ana@example.org").status).toBe("waitlisted");
    expect(k.replayed()).toEqual({
      capacity: 1,
      confirmed: 0,
      offered: 1,
      waitlisted: 1,
      nextWaitlistSeq: 4,
    });
  });

  it("a guest whose offer lapsed may register again: the old offer is cleared and the line is joined anew", () => {
    const k = keeper(1);
    const id = k.event.eventId;
    k.apply(register(id, "seat@example.org"));
    k.apply(register(id, "ana@example.org"));
    k.apply(register(id, "ben@example.org"));
    k.apply(cancel(id, k.guest("seat@example.org").guestId));
    k.apply(commandOf(id, { type: "offer-next" }, { commandId: "round-1" }));
    const offered = k.guest("ana@example.org");
    expect(offered.status).toBe("offered");
    const late = new Date(Date.parse(offered.offer!.expiresAt) + 1);
    expect(k.apply(guestAction("expire-offer", id, offered.guestId, { lane: "timer" }), late)).toMatchObject({
      kind: "lapsed",
    });

    expect(k.apply(register(id, "ana@example.org"), late)).toEqual({
      kind: "waitlisted",
      guestId: offered.guestId,
      waitlistSeq: 3,
    });
    expect(k.guest("ana@example.org")).toMatchObject({ status: "waitlisted", offer: null, round: 2 });
  });

  it("a second registration while back in is a duplicate, and the same command delivered again changes nothing", () => {
    const k = keeper(5);
    const id = k.event.eventId;
    k.apply(register(id, "ana@example.org"));
    const ana = k.guest("ana@example.org");
    k.apply(cancel(id, ana.guestId));
    const again = register(id, "ana@example.org");
    k.apply(again);
    const back = k.guest("ana@example.org");

    expect(k.apply(again)).toBeUndefined(); // a redelivery: already applied, no result, no write
    expect(k.apply(register(id, "ana@example.org"))).toEqual({
      kind: "duplicate",
      guestId: ana.guestId,
      status: "confirmed",
    });
    expect(k.guest("ana@example.org")).toEqual(back);
    expect(k.event).toMatchObject({ confirmed: 1 });
  });

  it("two registrations of a cancelled guest in one batch bring them back once", () => {
    const k = keeper(5);
    const id = k.event.eventId;
    k.apply(register(id, "ana@example.org"));
    const ana = k.guest("ana@example.org");
    k.apply(cancel(id, ana.guestId));
    const [a, b] = [register(id, "ana@example.org"), register(id, "ANA@example.org")];
    const d = decideBatch(
      { event: k.event, guests: [k.guest("ana@example.org")], applied: new Set() },
      [a, b],
      baseTime,
    );
    // The batch stops before the second: a store writes a row once per commit, and the next read sees her back.
    expect(d.consumed).toBe(1);
    expect(d.results.map((r) => r.outcome.kind)).toEqual(["confirmed"]);
  });

  it("refuses a comeback while registration is closed or once the event has started, like any registration", () => {
    const k = keeper(5);
    const id = k.event.eventId;
    k.apply(register(id, "ana@example.org"));
    k.apply(cancel(id, k.guest("ana@example.org").guestId));
    k.apply(closeRegistration(id));
    expect(k.apply(register(id, "ana@example.org"))).toEqual({
      kind: "refused",
      reason: "registration-closed",
    });
    k.apply(reopenRegistration(id));
    const started = new Date(Date.parse(k.event.startsAt));
    expect(k.apply(register(id, "ana@example.org"), started)).toEqual({
      kind: "refused",
      reason: "event-started",
    });
    expect(k.guest("ana@example.org")).toMatchObject({ status: "cancelled" });
  });

  it("a host import or an invitation does not bring back a guest who left", () => {
    const k = keeper(5);
    const id = k.event.eventId;
    k.apply(register(id, "ana@example.org"));
    const ana = k.guest("ana@example.org");
    k.apply(cancel(id, ana.guestId));
    const duplicate = { kind: "duplicate", guestId: ana.guestId, status: "cancelled" };
    expect(k.apply(register(id, "ana@example.org", "Ana", { lane: "import" }))).toEqual(duplicate);
    expect(k.apply(register(id, "ana@example.org", "Ana", { lane: "import", invite: true }))).toEqual(
      duplicate,
    );
    expect(k.guest("ana@example.org")).toMatchObject({ status: "cancelled", version: 2 });
  });

  it("an invited guest who declined may register again; one still invited accepts by registering", () => {
    const k = keeper(1);
    const id = k.event.eventId;
    k.apply(register(id, "ana@example.org", "Ana", { lane: "import", invite: true }));
    k.apply(register(id, "ben@example.org", "Ben", { lane: "import", invite: true }));
    const ana = k.guest("ana@example.org");
    k.apply(guestAction("decline", id, ana.guestId));

    expect(k.apply(register(id, "ana@example.org", "Ana", { lane: "email" }))).toEqual({
      kind: "confirmed",
      guestId: ana.guestId,
    });
    // Ben never answered his invitation; his own registration is his yes (the cap is taken: the line).
    const ben = k.guest("ben@example.org");
    expect(k.apply(register(id, "ben@example.org"))).toEqual({
      kind: "waitlisted",
      guestId: ben.guestId,
      waitlistSeq: 1,
    });
    expect(k.guest("ben@example.org").lastChange).toMatchObject({
      action: "confirm-invite",
      from: "pending",
    });
    // His confirm link, pressed after that, changes nothing.
    expect(k.apply(guestAction("confirm-invite", id, ben.guestId))).toEqual({
      kind: "unchanged",
      guestId: ben.guestId,
    });
  });

  it("a new round books its own reminders and offer timers and keys its own offer email", () => {
    const k = keeper(1);
    const id = k.event.eventId;
    k.apply(register(id, "seat@example.org"));
    k.apply(register(id, "ana@example.org"));
    const ana = k.guest("ana@example.org");
    k.apply(cancel(id, ana.guestId));
    k.apply(register(id, "ana@example.org"));
    k.apply(cancel(id, k.guest("seat@example.org").guestId));
    k.apply(commandOf(id, { type: "offer-next" }, { commandId: "round-1" }));
    const offeredChange = k.changes.at(-1)!;
    expect(offeredChange.new).toMatchObject({ guestId: ana.guestId, status: "offered", round: 2 });

    const plan = guestTimerPlan(offeredChange.old, offeredChange.new, k.event);
    expect(plan.book.map((t) => [t.name, t.command.commandId])).toEqual([
      [`expire-${ana.guestId}-r2`, `timer-expire-${ana.guestId}-r2`],
    ]);
    // Names fit EventBridge Scheduler's rules, and the commands they fire are valid commands.
    expect(plan.book[0]!.name).toMatch(/^[0-9A-Za-z_.-]{1,64}$/);
    expect(Command.parse(plan.book[0]!.command)).toEqual(plan.book[0]!.command);
    expect(mailKeys.offer(ana.guestId, 2)).not.toBe(mailKeys.offer(ana.guestId));

    const claimed = guestAction("claim-offer", id, ana.guestId);
    k.apply(claimed, new Date(baseTime.getTime() + HOUR));
    const claim = k.changes.at(-1)!;
    const afterClaim = guestTimerPlan(claim.old, claim.new, k.event);
    expect(afterClaim.cancel).toEqual([`expire-${ana.guestId}-r2`]);
    expect(afterClaim.book.map((t) => t.name)).toEqual(
      ["week", "day", "morning"].map((kind) => `remind-${kind}-${ana.guestId}-r2`),
    );
    for (const t of afterClaim.book) expect(Command.parse(t.command)).toEqual(t.command);
    // The first round's names are what they always were.
    expect(timerNames.reminder(ana.guestId, "week")).toBe(`remind-week-${ana.guestId}`);
  });
});

describe("a web registration of an address on the list (issue 13: strangers cannot act for a guest)", () => {
  const web = { lane: "web" } as const;

  it("changes nothing for a confirmed, an invited or a cancelled guest, and only re-sends the owner's links", () => {
    const k = keeper(5);
    const id = k.event.eventId;
    k.apply(register(id, "ana@example.org", "Ana", web));
    k.apply(register(id, "ben@example.org", "Ben", { lane: "import", invite: true }));
    k.apply(register(id, "cy@example.org", "Cy", web));
    const [ana, ben, cy] = ["ana", "ben", "cy"].map((n) => k.guest(`${n}@example.org`));
    k.apply(cancel(id, cy!.guestId));
    const counters = { confirmed: k.event.confirmed, waitlisted: k.event.waitlisted };

    for (const [guest, status] of [
      [ana!, "confirmed"],
      [ben!, "pending"],
      [k.guest("cy@example.org"), "cancelled"],
    ] as const) {
      const before = k.guest(guest.email);
      expect(k.apply(registerAs(id, guest.email.toUpperCase(), "Mallory", web))).toEqual({
        kind: "duplicate",
        guestId: guest.guestId,
        status,
      });
      const after = k.guest(guest.email);
      // Same status, same name, same round; the only change is the notice that re-sends their links.
      expect(after).toMatchObject({ status, name: before.name, email: before.email });
      expect(after.round).toBe(before.round);
      expect(after.lastChange).toMatchObject({
        action: "notify",
        notice: "resend-link",
        from: status,
        to: status,
      });
    }
    expect(k.event).toMatchObject(counters);
    expect(k.replayed()).toMatchObject(counters);
  });

  it("a guest who left comes back through their own link (the link lane), not through the form", () => {
    const k = keeper(5);
    const id = k.event.eventId;
    k.apply(register(id, "ana@example.org", "Ana", web));
    const ana = k.guest("ana@example.org");
    k.apply(cancel(id, ana.guestId));
    expect(k.apply(registerAs(id, "ana@example.org", "Mallory", web))).toMatchObject({ kind: "duplicate" });
    expect(k.apply(registerAs(id, "ana@example.org", "Ana", { lane: "link" }))).toEqual({
      kind: "confirmed",
      guestId: ana.guestId,
    });
    expect(k.guest("ana@example.org")).toMatchObject({ status: "confirmed", name: "Ana", round: 2 });
  });
});
