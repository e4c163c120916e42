import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../../contracts/audit.ts";
import { emailKey } from "../../contracts/common.ts";
import { countersOf } from "../../contracts/event.ts";
import { EventSettings } from "../../contracts/settings.ts";
import { auditDifferences, replayAudit } from "../../core/audit-trail.ts";
import type { AuditLog } from "../../core/ports.ts";
import { baseTime, register } from "../helpers/factories.ts";
import { type Lifecycle, onEachRuntime } from "../helpers/lifecycle-harness.ts";

const HOUR = 3_600_000;

/**
 * Issue 13 §4: a guest sees, downloads and erases their own data from their manage page, and the host's
 * retention period erases every guest's data after the event; both keep the audit trail verifiable and say in
 * it that a guest was erased, never who. Issue 13 §2: with `ignorePlusTags`, a +tag does not make a new guest.
 * On both runtimes (SQLite; DynamoDB Local with the in-process AWS stand-ins).
 */
onEachRuntime((start) => {
  let life: Lifecycle;

  const auditOf = () => (life.rt as unknown as { audit: AuditLog }).audit;
  const html = { accept: "text/html" };

  /** What `rsvp audit verify` checks: the trail replays to the live counters, and the rows recount to them. */
  async function expectAuditVerifies(): Promise<void> {
    // The lifecycle's event is created without a creation entry: the trail opens with one as `rsvp event
    // create` writes it.
    const created: AuditEntry = {
      auditKey: "created",
      eventId: life.eventId,
      at: life.event.createdAt,
      lane: "host",
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
    const entries = [created, ...(await auditOf().list(life.eventId))];
    const live = await life.current();
    expect(auditDifferences(replayAudit(entries), live)).toEqual([]);
    const guests = await life.rt.store.listGuests(life.eventId);
    for (const status of ["confirmed", "offered", "waitlisted"] as const)
      expect(guests.filter((g) => g.status === status).length).toBe(live[status]);
  }

  /** The data link on a registration's manage page. */
  async function dataLinkOf(commandId: string): Promise<string> {
    const page = await (
      await life.fetch(new Request(`http://rsvp.test/e/${life.eventId}/s/${commandId}`, { headers: html }))
    ).text();
    const path = /href="(\/e\/[^"]+\/data)"/.exec(page)?.[1];
    if (!path) throw new Error(`no data link on the manage page:\n${page}`);
    const redirect = await life.fetch(new Request(`http://rsvp.test${path}`, { headers: html }));
    expect(redirect.status).toBe(303);
    const link = redirect.headers.get("location")!;
    expect(link).toMatch(/^\/l\/data\//);
    return link;
  }

  describe("a guest's own data", () => {
    it("a confirmed guest sees and downloads her data, then erases it: her seat goes to the next in line, her row and audit entries keep neither name nor address, the trail still verifies, and a second press changes nothing", async () => {
      life = await start({ capacity: 1 });
      const ana = register(life.eventId, "ana@example.org", "Ana Lima");
      await life.send(ana, register(life.eventId, "bob@example.org", "Bob"));
      expect(await life.statusOf("bob@example.org")).toBe("waitlisted");
      const link = await dataLinkOf(ana.commandId);

      // GET shows (and changes nothing): her name, address and where she stands.
      const shown = await life.fetch(new Request(`http://rsvp.test${link}`, { headers: html }));
      expect(shown.status).toBe(200);
      expect(shown.headers.get("cache-control")).toBe("no-store");
      const page = await shown.text();
      expect(page).toContain("Ana Lima");
      expect(page).toContain("ana@example.org");
      expect(page).toContain("Erase my data");
      // What happened, in her words: the seat confirmed through the event's page, not the audit's codes.
      expect(page).toMatch(/<li>[^<]+ · Seat confirmed \(through the event&#39;s page\)<\/li>/);
      expect(page).not.toContain("register:");
      expect(await life.statusOf("ana@example.org")).toBe("confirmed");

      // The download is a JSON file of the same data, with what happened to her.
      const download = await life.fetch(new Request(`http://rsvp.test${link}/download`));
      expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename="rsvp-.+\.json"$/);
      const data = (await download.json()) as {
        guest: { email: string; name: string; status: string };
        history: { action: string }[];
      };
      expect(data.guest).toMatchObject({ email: "ana@example.org", name: "Ana Lima", status: "confirmed" });
      expect(data.history.map((h) => h.action)).toEqual(["register"]);

      // Pressing the button erases; the done page says so.
      const mailedBefore = (await life.mail("ana@example.org")).length;
      const { done } = await life.follow(link);
      expect(done).toContain("Your data is erased");
      const erased = (await life.rt.store.listGuests(life.eventId)).find((g) => g.erasedAt !== undefined)!;
      expect(erased).toMatchObject({ name: "Erased guest", status: "cancelled" });
      expect(erased.email).not.toContain("ana");
      expect(erased.erasedAt).toBeDefined();
      expect(await life.rt.store.findGuestByEmail(life.eventId, emailKey("ana@example.org"))).toBeNull();
      // Her seat went on, as a cancel's does.
      expect(await life.statusOf("bob@example.org")).toBe("offered");

      const trail = await auditOf().list(life.eventId);
      expect(JSON.stringify(trail)).not.toContain("ana@example.org");
      expect(trail.filter((e) => e.guestId === erased.guestId).map((e) => [e.actor, e.action])).toEqual([
        ["erased guest", "register"],
        ["erased guest", "erase"],
      ]);
      await expectAuditVerifies();
      // No email went to her for the erase (and the embedded outbox keeps no address of hers any more).
      expect((await life.mail("ana@example.org")).length).toBeLessThanOrEqual(mailedBefore);

      // The same link again: the page says erased and shows nothing; another press changes nothing.
      const again = await (
        await life.fetch(new Request(`http://rsvp.test${link}`, { headers: html }))
      ).text();
      expect(again).toContain("Your data is erased");
      expect(again).not.toContain("Ana Lima");
      const before = await life.current();
      await life.fetch(new Request(`http://rsvp.test${link}`, { method: "POST", headers: html }));
      await life.settle();
      expect((await life.current()).version).toBe(before.version);
      // Her address is free: registering it again makes a new guest.
      await life.send(register(life.eventId, "ana@example.org", "Ana Lima"));
      expect((await life.guest("ana@example.org")).guestId).not.toBe(erased.guestId);
      await expectAuditVerifies();
    });

    it("a waitlisted guest who erases her data leaves the line; her old cancel link no longer acts", async () => {
      life = await start({ capacity: 1 });
      const bob = register(life.eventId, "bob@example.org", "Bob");
      await life.send(register(life.eventId, "ana@example.org", "Ana"), bob);
      const manage = (await life.mail("bob@example.org")).find((m) => m.links.manage)!.links.manage!;
      const cancel = await life.stepFrom(manage, "cancel");
      const link = await dataLinkOf(bob.commandId);
      await life.follow(link);
      const event = await life.current();
      expect(event.waitlisted).toBe(0);
      const res = await life.fetch(new Request(new URL(cancel, "http://rsvp.test"), { headers: html }));
      expect(res.status).toBe(404);
      // Her manage link shows nobody now, as her other links.
      const page = await life.fetch(new Request(new URL(manage, "http://rsvp.test"), { headers: html }));
      expect(page.status).toBe(404);
      expect(await page.text()).not.toContain("Bob");
      await expectAuditVerifies();
    });

    it("a data link that was tampered with or has expired acts for nobody", async () => {
      life = await start({ capacity: 3 });
      const ana = register(life.eventId, "ana@example.org", "Ana");
      await life.send(ana);
      const link = await dataLinkOf(ana.commandId);
      const tampered = `${link.slice(0, -3)}${link.endsWith("A") ? "B" : "A"}xx`;
      for (const method of ["GET", "POST"]) {
        const res = await life.fetch(new Request(`http://rsvp.test${tampered}`, { method, headers: html }));
        expect(res.status).toBe(400);
      }
      // A data link is not a cancel link, and a cancel path with a data token is refused.
      const asCancel = link.replace("/l/data/", "/l/cancel/");
      expect(
        (await life.fetch(new Request(`http://rsvp.test${asCancel}`, { method: "POST", headers: html })))
          .status,
      ).toBe(400);
      // No address near a link's is taken for one (a route pattern once matched "/l/cancelx/…" as a cancel).
      for (const near of ["/l/cancelx/", "/l/xdata/", "/l/delete/"]) {
        const res = await life.fetch(
          new Request(`http://rsvp.test${link.replace("/l/data/", near)}`, { method: "POST", headers: html }),
        );
        expect(res.status).toBe(404);
      }
      life.clock.set(new Date(life.clock.now().getTime() + 8 * 24 * HOUR));
      expect(
        (await life.fetch(new Request(`http://rsvp.test${link}`, { method: "POST", headers: html }))).status,
      ).toBe(410);
      await life.settle();
      expect(await life.statusOf("ana@example.org")).toBe("confirmed");
    });
  });

  describe("retention", () => {
    it("a day after the end, every guest's data is erased by the retention timer; the trail records it and still verifies", async () => {
      const startsAt = new Date(baseTime.getTime() + 2 * HOUR);
      life = await start({
        capacity: 1,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3 * HOUR).toISOString(),
        settings: EventSettings.parse({ retentionDays: 1 }),
      });
      await life.registerAll(["ana@example.org", "bob@example.org"]);
      await life.advance(5 * HOUR, HOUR);
      expect((await life.rt.store.listGuests(life.eventId)).every((g) => g.erasedAt === undefined)).toBe(
        true,
      );
      await life.advance(24 * HOUR, 2 * HOUR);
      const guests = await life.rt.store.listGuests(life.eventId);
      expect(guests.map((g) => [g.name, g.erasedAt !== undefined])).toEqual([
        ["Erased guest", true],
        ["Erased guest", true],
      ]);
      const trail = await auditOf().list(life.eventId);
      expect(JSON.stringify(trail)).not.toMatch(/ana@|bob@/);
      expect(trail.find((e) => e.action === "retention-due")).toMatchObject({
        entity: "event",
        to: "guest data erased 1 days after the end",
      });
      expect(trail.filter((e) => e.action === "erase")).toHaveLength(2);
      await expectAuditVerifies();
    });
  });

  describe("+tags with ignorePlusTags", () => {
    it("ana+party@ is the same guest as ana@ when the host asks for it", async () => {
      life = await start({ capacity: 5, settings: EventSettings.parse({ ignorePlusTags: true }) });
      await life.send(register(life.eventId, "Ana@example.org", "Ana"));
      const again = register(life.eventId, "ana+party@example.org", "Ana again", { lane: "import" });
      await life.send(again);
      expect(await life.outcome(again.commandId)).toMatchObject({ kind: "duplicate" });
      expect((await life.current()).confirmed).toBe(1);
    });

    it("without the setting, ana+party@ is a guest of her own", async () => {
      life = await start({ capacity: 5 });
      await life.send(
        register(life.eventId, "ana@example.org", "Ana"),
        register(life.eventId, "ana+party@example.org", "Ana again"),
      );
      expect((await life.current()).confirmed).toBe(2);
    });
  });
  describe("confirming the address first (verifyEmail)", () => {
    async function registerOnTheWeb(name: string, email: string): Promise<Response> {
      return life.fetch(
        new Request(`http://rsvp.test/e/${life.eventId}/rsvp`, {
          method: "POST",
          headers: { accept: "application/json", "content-type": "application/json" },
          body: JSON.stringify({ name, email }),
        }),
      );
    }
    const statusAt = async (url: string) =>
      (await life.fetch(new Request(url, { headers: { accept: "application/json" } }))).json();

    it("a web registration asks for the seat only when the emailed link is pressed; the answer is the same for a new address and one on the list", async () => {
      life = await start({ capacity: 5, settings: EventSettings.parse({ verifyEmail: true }) });
      await life.send(register(life.eventId, "bob@example.org", "Bob", { lane: "import", invite: true }));
      const forAna = await registerOnTheWeb("Ana Lima", "ana@example.org");
      const forBob = await registerOnTheWeb("Someone", "bob@example.org");
      await life.settle();
      expect([forAna.status, forBob.status]).toEqual([202, 202]);
      const anaUrl = ((await forAna.json()) as { statusUrl: string }).statusUrl;
      const bobUrl = ((await forBob.json()) as { statusUrl: string }).statusUrl;
      expect(await statusAt(anaUrl)).toEqual({ state: "check-email" });
      expect(await statusAt(bobUrl)).toEqual({ state: "check-email" });
      // Nothing is booked or changed yet: no row for Ana, Bob still only invited.
      expect((await life.rt.store.listGuests(life.eventId)).map((g) => [g.email, g.status])).toEqual([
        ["bob@example.org", "pending"],
      ]);
      // Each address got the same kind of email, with one confirmation link.
      const [anaMail] = await life.mail("ana@example.org");
      expect(anaMail?.subject).toBe(`Confirm your address: ${life.event.name}`);
      const bobMails = await life.mail("bob@example.org");
      expect(bobMails.at(-1)?.subject).toBe(`Confirm your address: ${life.event.name}`);
      // The audit trail keeps no address of someone who has not confirmed.
      expect(JSON.stringify(await auditOf().list(life.eventId))).not.toContain("ana@example.org");

      // A link whose registration was changed (another address) acts for nobody.
      const link = new URL(anaMail!.links.verify!, "http://rsvp.test");
      const forged = new URL(link);
      forged.searchParams.set(
        "r",
        Buffer.from(JSON.stringify(["Mallory", "mallory@example.org", 1, "x"])).toString("base64url"),
      );
      expect((await life.fetch(new Request(forged, { method: "POST", headers: html }))).status).toBe(400);

      // Opening it changes nothing; pressing it (twice) asks for one seat, under the status page shown before.
      const { page } = await life.follow(link.toString());
      expect(page).toContain("Ana Lima");
      await life.follow(link.toString());
      expect(await life.statusOf("ana@example.org")).toBe("confirmed");
      expect((await life.current()).confirmed).toBe(1);
      expect(await statusAt(anaUrl)).toMatchObject({ state: "confirmed", name: "Ana Lima" });
    });

    it("an unconfirmed registration expires with its link: after 24 hours the link acts for nobody", async () => {
      life = await start({ capacity: 5, settings: EventSettings.parse({ verifyEmail: true }) });
      await registerOnTheWeb("Ana Lima", "ana@example.org");
      await life.settle();
      const [mail] = await life.mail("ana@example.org");
      life.clock.set(new Date(life.clock.now().getTime() + 25 * HOUR));
      const res = await life.fetch(
        new Request(new URL(mail!.links.verify!, "http://rsvp.test"), { method: "POST", headers: html }),
      );
      expect(res.status).toBe(410);
      await life.settle();
      expect(await life.rt.store.listGuests(life.eventId)).toEqual([]);
    });
  });
});
