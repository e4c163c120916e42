import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../../contracts/audit.ts";
import { countersOf } from "../../contracts/event.ts";
import { EventSettings } from "../../contracts/settings.ts";
import { auditDifferences, replayAudit } from "../../core/audit-trail.ts";
import type { AuditLog } from "../../core/ports.ts";
import { commandOf, register } from "../helpers/factories.ts";
import { type Lifecycle, onEachRuntime } from "../helpers/lifecycle-harness.ts";

// The host's hand on the list (issue 14 §3) on both runtimes: each action is one host command through the
// keeper; freed seats go to the next in line by the same offer round as a cancel's, and the trail adds up.
onEachRuntime((start) => {
  let life: Lifecycle;

  async function eventWith(capacity: number, parties: [string, number][]) {
    life = await start({ capacity, settings: EventSettings.parse({ maxParty: 4 }) });
    for (const [email, party] of parties)
      await life.send(register(life.eventId, email, email.split("@")[0], { party }));
  }

  const host = (fields: Parameters<typeof commandOf>[1]) => commandOf(life.eventId, fields, { lane: "host" });

  /** `audit verify` over the trail; the harness creates the event in the store, so its creation is added here. */
  async function trailAddsUp() {
    const audit = (life.rt as unknown as { audit: Pick<AuditLog, "list"> }).audit;
    const entries = await audit.list(life.eventId);
    const created: AuditEntry = {
      auditKey: `${life.eventId}/event/create`,
      eventId: life.eventId,
      at: life.event.createdAt,
      lane: "system",
      commandId: "create",
      entity: "event",
      guestId: null,
      actor: "host",
      action: "create-event",
      from: null,
      to: String(life.event.capacity),
      countersBefore: null,
      countersAfter: countersOf(life.event),
    };
    expect(auditDifferences(replayAudit([created, ...entries]), await life.current())).toEqual([]);
    return entries;
  }

  describe("the host's hand on the list", () => {
    it("removing a confirmed party offers its seats to the next party in line; the removed guest is told", async () => {
      await eventWith(4, [
        ["three@example.org", 3],
        ["one@example.org", 1],
        ["next3@example.org", 3],
      ]);
      const three = await life.guest("three@example.org");
      const remove = host({ type: "remove-guest", guestId: three.guestId, notify: true });
      await life.send(remove);
      expect(await life.outcome(remove.commandId)).toMatchObject({
        kind: "removed",
        seatsReleased: 3,
        notified: true,
      });
      expect(await life.statusOf("three@example.org")).toBe("cancelled");
      expect(await life.statusOf("next3@example.org")).toBe("offered");
      expect(await life.current()).toMatchObject({ confirmed: 1, offered: 3, waitlisted: 0 });
      const told = await life.mail("three@example.org");
      expect(told.map((m) => m.subject)).toContain("Your seat at Summer party was cancelled by the host");

      // The same intent again (another tab, the CLI) changes nothing; a quiet removal sends nothing.
      await life.send(host({ type: "remove-guest", guestId: three.guestId, notify: true }));
      const one = await life.guest("one@example.org");
      await life.send(host({ type: "remove-guest", guestId: one.guestId, notify: false }));
      expect(await life.mail("three@example.org")).toHaveLength(told.length);
      expect((await life.mail("one@example.org")).map((m) => m.subject)).not.toContain(
        "Your seat at Summer party was cancelled by the host",
      );
      const entries = await trailAddsUp();
      expect(entries.filter((e) => e.action === "remove" || e.action === "remove-quietly")).toHaveLength(2);
    });

    it("admits a waiting party while its seats are free, and refuses one whose seats are not", async () => {
      await eventWith(3, [
        ["ana@example.org", 2],
        ["bo@example.org", 2],
        ["cy@example.org", 1],
      ]);
      const bo = await life.guest("bo@example.org");
      const cy = await life.guest("cy@example.org");
      const refused = host({ type: "admit-guest", guestId: bo.guestId });
      await life.send(refused);
      expect(await life.outcome(refused.commandId)).toEqual({ kind: "refused", reason: "not-enough-seats" });
      const admit = host({ type: "admit-guest", guestId: cy.guestId });
      await life.send(admit);
      expect(await life.outcome(admit.commandId)).toMatchObject({ kind: "admitted", from: "waitlisted" });
      expect(await life.statusOf("cy@example.org")).toBe("confirmed");
      expect(await life.statusOf("bo@example.org")).toBe("waitlisted");
      expect(await life.current()).toMatchObject({ confirmed: 3, offered: 0, waitlisted: 2 });
      await trailAddsUp();
    });

    it("adds guests by hand, and a lowered party's freed seat is offered to the one waiting", async () => {
      await eventWith(3, []);
      const dana = host({ type: "add-guest", name: "Dana", email: "dana@example.org", party: 3 });
      await life.send(dana);
      expect(await life.outcome(dana.commandId)).toMatchObject({ kind: "confirmed" });
      expect(await life.guest("dana@example.org")).toMatchObject({
        status: "confirmed",
        party: 3,
        lane: "host",
      });
      expect((await life.mail("dana@example.org")).length).toBe(1);

      const eli = host({ type: "add-guest", name: "Eli", email: "eli@example.org", party: 1 });
      await life.send(eli);
      expect(await life.outcome(eli.commandId)).toMatchObject({ kind: "waitlisted" });
      // The same command again (a redelivery) is applied once.
      await life.send(eli);
      expect((await life.current()).waitlisted).toBe(1);

      const lower = host({
        type: "edit-guest",
        guestId: (await life.guest("dana@example.org")).guestId,
        party: 2,
      });
      await life.send(lower);
      expect(await life.outcome(lower.commandId)).toMatchObject({ kind: "guest-edited", seatsReleased: 1 });
      expect(await life.statusOf("eli@example.org")).toBe("offered");
      expect(await life.current()).toMatchObject({ confirmed: 2, offered: 1, waitlisted: 0 });
      await trailAddsUp();
    });
  });
});
