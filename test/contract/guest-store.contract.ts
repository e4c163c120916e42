import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Command } from "../../contracts/command.ts";
import { emailKey } from "../../contracts/common.ts";
import { type EventRecord, partiesOf } from "../../contracts/event.ts";
import type { GuestStatus } from "../../contracts/guest.ts";
import type { CommandResult, Outcome } from "../../contracts/outcome.ts";
import { EventSettings } from "../../contracts/settings.ts";
import { hashHostToken } from "../../core/host-token.ts";
import { applyCommands } from "../../core/keeper.ts";
import type { Clock, GuestStore } from "../../core/ports.ts";
import { decideBatch, guestIdFor } from "../../core/seat-keeper.ts";
import {
  cancel,
  closeRegistration,
  commandOf,
  fakeClock,
  guestAction,
  newEvent,
  register,
  reopenRegistration,
  setCapacity,
} from "../helpers/factories.ts";

/** What an adapter's test file hands the suite: a store, and how to release whatever backs it. */
export interface StoreUnderTest {
  store: GuestStore;
  close(): Promise<void>;
}

const hour = 3_600_000;

/**
 * The scenarios every GuestStore adapter must pass, driven through the real keeper (`applyCommands`) with a
 * fake clock. `makeStore` is called once per scenario; scenarios use fresh events, so a store may share its
 * backing database between calls.
 */
export function guestStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`GuestStore contract: ${name}`, () => {
    let store: GuestStore;
    let close: () => Promise<void>;
    let clock: ReturnType<typeof fakeClock>;

    beforeEach(async () => {
      ({ store, close } = await makeStore());
      clock = fakeClock();
    });
    afterEach(async () => {
      await close();
    });

    async function created(overrides: Partial<EventRecord> = {}): Promise<EventRecord> {
      const event = newEvent(overrides);
      expect(await store.createEvent(event)).toBe(true);
      return event;
    }

    function apply(
      eventId: string,
      commands: readonly Command[],
      at: Clock = clock,
    ): Promise<CommandResult[]> {
      return applyCommands(store, eventId, commands, at);
    }

    async function applyOne(command: Command): Promise<Outcome> {
      const [result] = await apply(command.eventId, [command]);
      if (!result) throw new Error(`no result for ${command.commandId}`);
      return result.outcome;
    }

    async function event(eventId: string): Promise<EventRecord> {
      const found = await store.getEvent(eventId);
      if (!found) throw new Error(`event ${eventId} is gone`);
      return found;
    }

    /** The stored counters agree with a recount of the guest rows. */
    async function expectCountersMatchRows(eventId: string): Promise<void> {
      const [e, guests] = await Promise.all([event(eventId), store.listGuests(eventId)]);
      // Seats: a guest counts their party (1 for everyone before parties).
      const count = (status: GuestStatus) =>
        guests.filter((g) => g.status === status).reduce((n, g) => n + g.party, 0);
      const parties = (status: GuestStatus) => guests.filter((g) => g.status === status).length;
      expect({ confirmed: e.confirmed, offered: e.offered, waitlisted: e.waitlisted }).toEqual({
        confirmed: count("confirmed"),
        offered: count("offered"),
        waitlisted: count("waitlisted"),
      });
      expect(partiesOf(e)).toEqual({
        confirmed: parties("confirmed"),
        offered: parties("offered"),
        waitlisted: parties("waitlisted"),
      });
    }

    it("confirms the first registrants up to the cap and waitlists the rest in order", async () => {
      const { eventId } = await created({ capacity: 3 });
      const commands = ["a", "b", "c", "d", "e"].map((n) =>
        register(eventId, `${n}@example.org`, `Guest ${n}`),
      );
      const results = await apply(eventId, commands);

      expect(results.map((r) => r.outcome.kind)).toEqual([
        "confirmed",
        "confirmed",
        "confirmed",
        "waitlisted",
        "waitlisted",
      ]);
      expect(results.map((r) => r.commandId)).toEqual(commands.map((c) => c.commandId));
      const e = await event(eventId);
      expect(e).toMatchObject({ capacity: 3, confirmed: 3, offered: 0, waitlisted: 2, nextWaitlistSeq: 3 });
      expect(e.version).toBeGreaterThan(0);

      const ids = commands.map((c) => guestIdFor(eventId, c.commandId));
      const positions = await Promise.all(ids.map((id) => store.waitlistPosition(eventId, id)));
      expect(positions).toEqual([null, null, null, 1, 2]);

      const d = await store.getGuest(eventId, ids[3]!);
      expect(d).toMatchObject({
        status: "waitlisted",
        waitlistSeq: 1,
        email: "d@example.org",
        emailKey: "d@example.org",
      });
      expect(await store.listGuests(eventId)).toHaveLength(5);
      await expectCountersMatchRows(eventId);
    });

    it("moves everyone behind a guest up when that guest leaves the waitlist", async () => {
      const { eventId } = await created({ capacity: 1 });
      const commands = ["a", "b", "c", "d"].map((n) => register(eventId, `${n}@example.org`));
      await apply(eventId, commands);
      const [, b, c, d] = commands.map((cmd) => guestIdFor(eventId, cmd.commandId));

      expect(await applyOne(cancel(eventId, b!))).toMatchObject({
        kind: "cancelled",
        from: "waitlisted",
        seatReleased: false,
      });
      expect(await store.waitlistPosition(eventId, b!)).toBeNull();
      expect(await store.waitlistPosition(eventId, c!)).toBe(1);
      expect(await store.waitlistPosition(eventId, d!)).toBe(2);
      expect(await event(eventId)).toMatchObject({ confirmed: 1, waitlisted: 2 });
      await expectCountersMatchRows(eventId);
    });

    it("answers a second registration of the same address, in another case, with the existing guest", async () => {
      const { eventId } = await created({ capacity: 5 });
      const first = register(eventId, "Ana@Example.org", "Ana");
      expect(await applyOne(first)).toEqual({
        kind: "confirmed",
        guestId: guestIdFor(eventId, first.commandId),
      });
      const before = await event(eventId);

      // The guest's own lane (an email reply); a web registration of a known address re-sends the links too.
      const again = register(eventId, "ana@example.ORG", "Ana again", { lane: "email" });
      expect(await applyOne(again)).toEqual({
        kind: "duplicate",
        guestId: guestIdFor(eventId, first.commandId),
        status: "confirmed",
      });
      expect(await store.listGuests(eventId)).toHaveLength(1);
      expect(await store.getGuest(eventId, guestIdFor(eventId, again.commandId))).toBeNull();
      expect(await event(eventId)).toEqual(before);
      expect((await store.getCommandResult(eventId, again.commandId))?.outcome.kind).toBe("duplicate");
    });

    it("finds a guest by the key of their address, in whatever state, and only on their own event", async () => {
      const { eventId } = await created({ capacity: 1 });
      const other = await created();
      const ana = register(eventId, "Ana@Example.org", "Ana");
      const ben = register(eventId, "ben@example.org", "Ben");
      await apply(eventId, [ana, ben]);
      const anaId = guestIdFor(eventId, ana.commandId);

      expect(await store.findGuestByEmail(eventId, emailKey("ANA@example.ORG"))).toMatchObject({
        guestId: anaId,
        email: "Ana@Example.org",
        status: "confirmed",
      });
      expect(await store.findGuestByEmail(eventId, "ben@example.org")).toMatchObject({
        status: "waitlisted",
      });
      // Rows are never deleted: a cancelled guest is still the one holding the address.
      await applyOne(cancel(eventId, anaId));
      expect(await store.findGuestByEmail(eventId, "ana@example.org")).toMatchObject({
        guestId: anaId,
        status: "cancelled",
      });
      expect(await store.findGuestByEmail(other.eventId, "ana@example.org")).toBeNull();
      expect(await store.findGuestByEmail(eventId, "cy@example.org")).toBeNull();
    });

    it("takes back a guest who cancelled on the same row, at the end of the line, and offers in that order", async () => {
      const { eventId } = await created({ capacity: 1 });
      const commands = ["a", "b", "c", "d"].map((n) => register(eventId, `${n}@example.org`));
      await apply(eventId, commands);
      const [a, b, c, d] = commands.map((cmd) => guestIdFor(eventId, cmd.commandId));
      await applyOne(cancel(eventId, b!));

      // Their register-again link: the web form does not bring back an address on the list.
      const again = register(eventId, "B@example.org", "Bea", { lane: "link" });
      expect(await applyOne(again)).toEqual({ kind: "waitlisted", guestId: b, waitlistSeq: 4 });
      expect(await store.findGuestByEmail(eventId, "b@example.org")).toMatchObject({
        guestId: b,
        status: "waitlisted",
        waitlistSeq: 4,
        round: 2,
        version: 3,
        name: "Bea",
      });
      expect(await store.listGuests(eventId)).toHaveLength(4);
      expect(await store.waitlistPosition(eventId, c!)).toBe(1);
      expect(await store.waitlistPosition(eventId, d!)).toBe(2);
      expect(await store.waitlistPosition(eventId, b!)).toBe(3);
      // A second registration now, or the same command again, changes nothing.
      expect(await applyOne(register(eventId, "b@example.org"))).toMatchObject({ kind: "duplicate" });
      expect(await apply(eventId, [again])).toEqual([]);
      expect(await event(eventId)).toMatchObject({ confirmed: 1, waitlisted: 3, nextWaitlistSeq: 5 });
      await expectCountersMatchRows(eventId);

      // Two seats free up: they go to c and d, who waited, before b.
      await applyOne(setCapacity(eventId, 2));
      await applyOne(cancel(eventId, a!));
      const round = commandOf(eventId, { type: "offer-next" }, { issuedAt: clock.now() });
      expect(await applyOne(round)).toEqual({ kind: "offered", guestIds: [c, d] });
      expect(await store.getGuest(eventId, b!)).toMatchObject({ status: "waitlisted" });
      expect(await store.waitlistPosition(eventId, b!)).toBe(1);
      await expectCountersMatchRows(eventId);
    });

    it("releases one seat for a cancel, and a repeated cancel is unchanged", async () => {
      const { eventId } = await created({ capacity: 2 });
      const ana = register(eventId, "ana@example.org");
      const ben = register(eventId, "ben@example.org");
      await apply(eventId, [ana, ben]);
      const anaId = guestIdFor(eventId, ana.commandId);

      expect(await applyOne(cancel(eventId, anaId))).toEqual({
        kind: "cancelled",
        guestId: anaId,
        from: "confirmed",
        seatReleased: true,
      });
      expect(await applyOne(cancel(eventId, anaId))).toEqual({ kind: "unchanged", guestId: anaId });
      expect(await event(eventId)).toMatchObject({ confirmed: 1, waitlisted: 0 });
      expect(await store.getGuest(eventId, anaId)).toMatchObject({ status: "cancelled", version: 2 });
      await expectCountersMatchRows(eventId);
    });

    it("keeps a guest's unsubscribe from the host's messages through later changes, and moves no seat", async () => {
      const { eventId } = await created({ capacity: 1 });
      const ana = register(eventId, "ana@example.org");
      const ben = register(eventId, "ben@example.org");
      await apply(eventId, [ana, ben]);
      const anaId = guestIdFor(eventId, ana.commandId);
      const before = await event(eventId);

      expect(await applyOne(guestAction("mute-messages", eventId, anaId))).toEqual({
        kind: "messages-muted",
        guestId: anaId,
      });
      // A second unsubscribe (another click, the mail client's button) is a new command that changes nothing.
      expect(await applyOne(guestAction("mute-messages", eventId, anaId))).toEqual({
        kind: "unchanged",
        guestId: anaId,
      });
      expect(await store.getGuest(eventId, anaId)).toMatchObject({
        status: "confirmed",
        hostMessages: false,
        version: 2,
      });
      expect(await event(eventId)).toMatchObject({
        confirmed: before.confirmed,
        waitlisted: before.waitlisted,
      });
      // The flag is read back by the keeper too: a later change to the row keeps it.
      await applyOne(cancel(eventId, anaId));
      expect(await store.getGuest(eventId, anaId)).toMatchObject({
        status: "cancelled",
        hostMessages: false,
      });
      expect((await store.listGuests(eventId)).map((g) => [g.email, g.hostMessages])).toEqual(
        expect.arrayContaining([
          ["ana@example.org", false],
          ["ben@example.org", true],
        ]),
      );
      await expectCountersMatchRows(eventId);
    });

    it("refuses a double-clicked cancel decided from the same read, so the seat is released once", async () => {
      const { eventId } = await created({ capacity: 2 });
      const ana = register(eventId, "ana@example.org");
      await apply(eventId, [ana]);
      const anaId = guestIdFor(eventId, ana.commandId);
      const firstClick = cancel(eventId, anaId);
      const secondClick = cancel(eventId, anaId);

      const view = await store.loadView(eventId, [secondClick]);
      const decision = decideBatch(view!, [secondClick], clock.now());
      expect(decision.guestWrites).toHaveLength(1);
      await apply(eventId, [firstClick]);

      expect(await store.commit(decision)).toEqual({ ok: false, conflict: "stale" });
      expect(await event(eventId)).toMatchObject({ confirmed: 0 });
      expect(await store.getCommandResult(eventId, secondClick.commandId)).toBeNull();
      expect(await applyOne(secondClick)).toEqual({ kind: "unchanged", guestId: anaId });
      await expectCountersMatchRows(eventId);
    });

    it("changes nothing when an applied command is delivered again", async () => {
      const { eventId } = await created({ capacity: 1 });
      const ana = register(eventId, "ana@example.org");
      const ben = register(eventId, "ben@example.org");
      await apply(eventId, [ana, ben]);
      const anaCancel = cancel(eventId, guestIdFor(eventId, ana.commandId));
      await apply(eventId, [anaCancel]);
      const before = await event(eventId);

      expect(await apply(eventId, [ana, ben, anaCancel])).toEqual([]);
      expect(await event(eventId)).toEqual(before);
      expect(await store.listGuests(eventId)).toHaveLength(2);
      expect(await store.getGuest(eventId, guestIdFor(eventId, ana.commandId))).toMatchObject({ version: 2 });
    });

    it("evicts nobody and grants no new seat when the cap is lowered below the headcount", async () => {
      const { eventId } = await created({ capacity: 3 });
      const guests = ["a", "b", "c"].map((n) => register(eventId, `${n}@example.org`));
      await apply(eventId, guests);

      expect(await applyOne(setCapacity(eventId, 1))).toEqual({ kind: "capacity-set", from: 3, to: 1 });
      expect(await event(eventId)).toMatchObject({ capacity: 1, confirmed: 3 });
      const all = await store.listGuests(eventId);
      expect(all.map((g) => g.status)).toEqual(["confirmed", "confirmed", "confirmed"]);

      // One cancel still leaves more confirmed guests than seats: a newcomer waits.
      await apply(eventId, [cancel(eventId, guestIdFor(eventId, guests[0]!.commandId))]);
      expect(await applyOne(register(eventId, "late@example.org"))).toMatchObject({ kind: "waitlisted" });
      expect(await event(eventId)).toMatchObject({ capacity: 1, confirmed: 2, waitlisted: 1 });

      expect(await applyOne(setCapacity(eventId, 1))).toEqual({ kind: "unchanged", guestId: null });
      expect(await applyOne(setCapacity(eventId, 10))).toEqual({ kind: "capacity-set", from: 1, to: 10 });
      expect(await event(eventId)).toMatchObject({ capacity: 10 });
      await expectCountersMatchRows(eventId);
    });

    it("grants seats freed by a raised cap in the same batch", async () => {
      const { eventId } = await created({ capacity: 1 });
      await apply(eventId, [register(eventId, "a@example.org")]);
      const results = await apply(eventId, [
        setCapacity(eventId, 3),
        register(eventId, "b@example.org"),
        register(eventId, "c@example.org"),
      ]);
      expect(results.map((r) => r.outcome.kind)).toEqual(["capacity-set", "confirmed", "confirmed"]);
      expect(await event(eventId)).toMatchObject({ capacity: 3, confirmed: 3, waitlisted: 0 });
      expect(await applyOne(register(eventId, "d@example.org"))).toMatchObject({ kind: "waitlisted" });
    });

    it("refuses registrations while closed and takes them again once reopened", async () => {
      const { eventId } = await created({ capacity: 5 });
      expect(await applyOne(closeRegistration(eventId))).toEqual({ kind: "registration-closed" });
      expect(await applyOne(closeRegistration(eventId))).toEqual({ kind: "unchanged", guestId: null });
      expect(await event(eventId)).toMatchObject({ registrationOpen: false });
      expect((await event(eventId)).lastChange).toMatchObject({ action: "close-registration" });

      expect(await applyOne(register(eventId, "ana@example.org"))).toEqual({
        kind: "refused",
        reason: "registration-closed",
      });
      expect(await store.listGuests(eventId)).toEqual([]);

      expect(await applyOne(reopenRegistration(eventId))).toEqual({ kind: "registration-reopened" });
      expect(await applyOne(register(eventId, "ana@example.org"))).toMatchObject({ kind: "confirmed" });
      expect(await event(eventId)).toMatchObject({ registrationOpen: true, confirmed: 1 });
    });

    it("refuses a registration once the event has started", async () => {
      const { eventId, startsAt } = await created({
        startsAt: new Date(clock.now().getTime() + hour).toISOString(),
      });
      clock.set(new Date(Date.parse(startsAt) + hour));
      expect(await applyOne(register(eventId, "ana@example.org"))).toEqual({
        kind: "refused",
        reason: "event-started",
      });
      expect(await store.listGuests(eventId)).toEqual([]);
    });

    it("adds an invited guest as pending without taking a seat", async () => {
      const { eventId } = await created({ capacity: 1 });
      const invite = register(eventId, "ana@example.org", "Ana", { invite: true, lane: "import" });
      const anaId = guestIdFor(eventId, invite.commandId);
      expect(await applyOne(invite)).toEqual({ kind: "invited", guestId: anaId });
      expect(await event(eventId)).toMatchObject({ confirmed: 0, waitlisted: 0 });
      expect(await store.getGuest(eventId, anaId)).toMatchObject({ status: "pending", lane: "import" });
      expect(await applyOne(cancel(eventId, anaId))).toMatchObject({
        kind: "cancelled",
        seatReleased: false,
      });
    });

    it("creates an event once; a second create with the same id returns false", async () => {
      const original = await created({ name: "First" });
      expect(
        await store.createEvent({ ...original, name: "Second", hostTokenHash: hashHostToken("other") }),
      ).toBe(false);
      expect(await store.getEvent(original.eventId)).toEqual(original);
    });

    it("finds an event by its host token hash", async () => {
      const original = await created();
      expect(await store.findEventByHostTokenHash(original.hostTokenHash)).toEqual(original);
      expect(await store.findEventByHostTokenHash(hashHostToken("nobody"))).toBeNull();
    });

    it("answers lookups of things that do not exist with null", async () => {
      const { eventId } = await created();
      expect(await store.getEvent("no-such-event")).toBeNull();
      expect(await store.getGuest(eventId, "no-such-guest")).toBeNull();
      expect(await store.waitlistPosition(eventId, "no-such-guest")).toBeNull();
      expect(await store.getCommandResult(eventId, "no-such-command")).toBeNull();
      expect(await store.listGuests("no-such-event")).toEqual([]);
      expect(await store.findGuestByEmail("no-such-event", "a@example.org")).toBeNull();
      expect(await store.loadView("no-such-event", [register("no-such-event", "a@example.org")])).toBeNull();
    });

    it("refuses commands for an event that does not exist", async () => {
      const command = register("no-such-event", "a@example.org");
      expect(await apply("no-such-event", [command])).toEqual([
        { commandId: command.commandId, outcome: { kind: "refused", reason: "event-not-found" } },
      ]);
    });

    it("refuses a commit for an event that does not exist as event-missing", async () => {
      const ghost = newEvent();
      const command = register(ghost.eventId, "a@example.org");
      const decision = decideBatch({ event: ghost, guests: [], applied: new Set() }, [command], clock.now());
      expect(await store.commit(decision)).toEqual({ ok: false, conflict: "event-missing" });
      expect(await store.getEvent(ghost.eventId)).toBeNull();
      expect(await store.getCommandResult(ghost.eventId, command.commandId)).toBeNull();
    });

    it("records each command's outcome for status links", async () => {
      const { eventId } = await created({ capacity: 1 });
      const ana = register(eventId, "ana@example.org");
      const ben = register(eventId, "ben@example.org");
      const [anaResult, benResult] = await apply(eventId, [ana, ben]);
      expect(await store.getCommandResult(eventId, ana.commandId)).toEqual(anaResult);
      expect(await store.getCommandResult(eventId, ben.commandId)).toEqual(benResult);
      expect(benResult?.outcome).toEqual({
        kind: "waitlisted",
        guestId: guestIdFor(eventId, ben.commandId),
        waitlistSeq: 1,
      });
    });

    it("refuses a seat granted from a stale read and writes nothing of it", async () => {
      const { eventId } = await created({ capacity: 1 });
      const late = register(eventId, "late@example.org");
      const view = await store.loadView(eventId, [late]);
      const stale = decideBatch(view!, [late], clock.now());
      expect(stale.seatsGranted).toBe(1);

      expect(await applyOne(register(eventId, "early@example.org"))).toMatchObject({ kind: "confirmed" });
      const before = await event(eventId);

      expect(await store.commit(stale)).toEqual({ ok: false, conflict: "no-seat" });
      expect(await event(eventId)).toEqual(before);
      expect(await store.getGuest(eventId, guestIdFor(eventId, late.commandId))).toBeNull();
      expect(await store.getCommandResult(eventId, late.commandId)).toBeNull();
      expect(await store.listGuests(eventId)).toHaveLength(1);

      // Decided again against fresh counters, the same command is waitlisted.
      expect(await applyOne(late)).toMatchObject({ kind: "waitlisted" });
    });

    describe("the concurrency promise: a commit lands only on the event version it was decided from", () => {
      /** Two decisions of one command each, both decided from the same read of the store. */
      async function decidedTogether(first: Command, second: Command) {
        const [viewA, viewB] = [
          await store.loadView(first.eventId, [first]),
          await store.loadView(second.eventId, [second]),
        ];
        return [decideBatch(viewA!, [first], clock.now()), decideBatch(viewB!, [second], clock.now())];
      }

      it("refuses the second of two waitlistings decided from one read, so no two guests share a number", async () => {
        const { eventId, version } = await created({ capacity: 0 });
        const a = register(eventId, "a@example.org");
        const b = register(eventId, "b@example.org");
        const [decisionA, decisionB] = await decidedTogether(a, b);

        expect(await store.commit(decisionA!)).toEqual({ ok: true });
        expect(await store.commit(decisionB!)).toEqual({ ok: false, conflict: "stale" });
        expect(await store.getGuest(eventId, guestIdFor(eventId, b.commandId))).toBeNull();
        expect(await store.getCommandResult(eventId, b.commandId)).toBeNull();

        // Decided again from a fresh read, b joins the line behind a.
        expect(await applyOne(b)).toMatchObject({ kind: "waitlisted", waitlistSeq: 2 });
        expect(await event(eventId)).toMatchObject({
          waitlisted: 2,
          nextWaitlistSeq: 3,
          version: version + 2,
        });
        const positions = await Promise.all(
          [a, b].map((c) => store.waitlistPosition(eventId, guestIdFor(eventId, c.commandId))),
        );
        expect(positions).toEqual([1, 2]);
      });

      it("refuses the second of two seat grants decided from one read even when both would fit the cap", async () => {
        const { eventId, version } = await created({ capacity: 5 });
        const a = register(eventId, "a@example.org");
        const b = register(eventId, "b@example.org");
        const [decisionA, decisionB] = await decidedTogether(a, b);

        expect(await store.commit(decisionA!)).toEqual({ ok: true });
        expect(await store.commit(decisionB!)).toEqual({ ok: false, conflict: "stale" });
        expect(await event(eventId)).toMatchObject({ confirmed: 1, version: version + 1 });

        // Decided again, b's row records the counters its seat was really granted from.
        expect(await applyOne(b)).toMatchObject({ kind: "confirmed" });
        const ben = await store.getGuest(eventId, guestIdFor(eventId, b.commandId));
        expect(ben?.lastChange).toMatchObject({
          countersBefore: { confirmed: 1 },
          countersAfter: { confirmed: 2 },
        });
        await expectCountersMatchRows(eventId);
      });

      it("refuses the second of two cancellations of different guests decided from one read", async () => {
        const { eventId } = await created({ capacity: 5 });
        const a = register(eventId, "a@example.org");
        const b = register(eventId, "b@example.org");
        await apply(eventId, [a, b]);
        const [cancelA, cancelB] = [a, b].map((c) => cancel(eventId, guestIdFor(eventId, c.commandId)));
        const [decisionA, decisionB] = await decidedTogether(cancelA!, cancelB!);

        expect(await store.commit(decisionA!)).toEqual({ ok: true });
        expect(await store.commit(decisionB!)).toEqual({ ok: false, conflict: "stale" });
        expect(await event(eventId)).toMatchObject({ confirmed: 1 });
        expect(await applyOne(cancelB!)).toMatchObject({ kind: "cancelled", seatReleased: true });
        expect(await event(eventId)).toMatchObject({ confirmed: 0 });
        await expectCountersMatchRows(eventId);
      });

      it("refuses a cap change decided before another change of the event", async () => {
        const { eventId } = await created({ capacity: 5 });
        const [raise, close] = [setCapacity(eventId, 8), closeRegistration(eventId)];
        const [decisionRaise, decisionClose] = await decidedTogether(raise, close);

        expect(await store.commit(decisionClose!)).toEqual({ ok: true });
        expect(await store.commit(decisionRaise!)).toEqual({ ok: false, conflict: "stale" });
        expect(await event(eventId)).toMatchObject({ capacity: 5, registrationOpen: false });
      });
    });

    it("commits a batch larger than one write in several, in order", async () => {
      const { eventId } = await created({ capacity: 25 });
      const commands = Array.from({ length: store.maxBatch + 10 }, (_, i) =>
        register(eventId, `g${i}@example.org`),
      );
      const results = await apply(eventId, commands);
      expect(results.map((r) => r.commandId)).toEqual(commands.map((c) => c.commandId));
      const kinds = results.map((r) => r.outcome.kind);
      expect(kinds.filter((k) => k === "confirmed")).toHaveLength(25);
      expect(kinds.slice(25).every((k) => k === "waitlisted")).toBe(true);
      await expectCountersMatchRows(eventId);
    });

    it("reads every guest and applied command a large batch names", async () => {
      const { eventId } = await created({ capacity: 100 });
      const old = Array.from({ length: 60 }, (_, i) => register(eventId, `old${i}@example.org`));
      await apply(eventId, old);
      const fresh = Array.from({ length: 60 }, (_, i) => register(eventId, `new${i}@example.org`));
      const again = old.map((_, i) => register(eventId, `OLD${i}@Example.org`));

      const view = await store.loadView(eventId, [...old, ...fresh, ...again]);
      expect(view?.applied).toEqual(new Set(old.map((c) => c.commandId)));
      expect(view?.guests.map((g) => g.guestId).sort()).toEqual(
        old.map((c) => guestIdFor(eventId, c.commandId)).sort(),
      );
      expect(view?.event.confirmed).toBe(60);
    });

    it("keeps the cap through a rush of 300 concurrent registrations for 20 seats", async () => {
      const { eventId } = await created({ capacity: 20 });
      const commands = Array.from({ length: 300 }, (_, i) => register(eventId, `rush${i}@example.org`));
      const results = (await Promise.all(commands.map((c) => apply(eventId, [c])))).flat();

      const kinds = results.map((r) => r.outcome.kind);
      expect(kinds.filter((k) => k === "confirmed")).toHaveLength(20);
      expect(kinds.filter((k) => k === "waitlisted")).toHaveLength(280);
      expect(await event(eventId)).toMatchObject({
        capacity: 20,
        confirmed: 20,
        offered: 0,
        waitlisted: 280,
      });
      await expectCountersMatchRows(eventId);

      const guests = await store.listGuests(eventId);
      expect(guests).toHaveLength(300);
      const waiting = guests.filter((g) => g.status === "waitlisted");
      const positions = await Promise.all(waiting.map((g) => store.waitlistPosition(eventId, g.guestId)));
      expect(positions.map(Number).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 280 }, (_, i) => i + 1),
      );
    });

    it("keeps confirmed + offered within 100 seats through a rush of parties of 1 to 4, cancels and offer rounds", async () => {
      const { eventId } = await created({
        capacity: 100,
        settings: EventSettings.parse({ maxParty: 4, smallerPartiesFirst: true }),
      });
      const party = (i: number) => (i % 4) + 1;
      const rush = Array.from({ length: 120 }, (_, i) =>
        register(eventId, `party${i}@example.org`, `Party ${i}`, { party: party(i) }),
      );
      await Promise.all(rush.map((c) => apply(eventId, [c])));
      const seated = (await store.listGuests(eventId)).filter((g) => g.status === "confirmed");
      // Then a second wave while a quarter of the seated parties leave and offer rounds run, all at once.
      const wave = Array.from({ length: 60 }, (_, i) =>
        register(eventId, `late${i}@example.org`, `Late ${i}`, { party: party(i + 1) }),
      );
      const leaving = seated.filter((_, i) => i % 4 === 0).map((g) => cancel(eventId, g.guestId));
      const rounds = Array.from({ length: 10 }, () =>
        commandOf(eventId, { type: "offer-next" }, { issuedAt: clock.now() }),
      );
      await Promise.all([...wave, ...leaving, ...rounds].map((c) => apply(eventId, [c])));
      await apply(eventId, [commandOf(eventId, { type: "offer-next" }, { issuedAt: clock.now() })]);

      const e = await event(eventId);
      expect(e.confirmed + e.offered).toBeLessThanOrEqual(100);
      await expectCountersMatchRows(eventId);
      // At every moment: each committed grant was decided on the stored counters it changed (the version
      // check), and took its whole party's seats while confirmed + offered + party <= capacity.
      for (const g of await store.listGuests(eventId)) {
        const t = g.lastChange;
        if (t.from === "confirmed" || t.from === "offered") continue;
        if (t.to !== "confirmed" && t.to !== "offered") continue;
        const b = t.countersBefore;
        expect(b.confirmed + b.offered + g.party, g.email).toBeLessThanOrEqual(b.capacity);
        expect(t.countersAfter.confirmed + t.countersAfter.offered).toBe(b.confirmed + b.offered + g.party);
      }
      // The seats left free are too few for every party still waiting (smaller parties go first here).
      const waiting = (await store.listGuests(eventId)).filter((g) => g.status === "waitlisted");
      for (const g of waiting) expect(g.party).toBeGreaterThan(e.capacity - e.confirmed - e.offered);
    });
  });
}
