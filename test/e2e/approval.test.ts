import { describe, expect, it } from "vitest";
import { headcountOf } from "../../contracts/event.ts";
import { EventSettings } from "../../contracts/settings.ts";
import { auditDifferences, replayAudit } from "../../core/audit-trail.ts";
import { hashHostToken, mintHostToken } from "../../core/host-token.ts";
import type { AuditLog } from "../../core/ports.ts";
import { commandOf, register } from "../helpers/factories.ts";
import { type Lifecycle, onEachRuntime } from "../helpers/lifecycle-harness.ts";

// Approval mode (docs/approval.md) on both runtimes: a registration waits for the host as a request, holding
// no seat; the host approves (a seat while seats last, else the waitlist) or declines; the guest may withdraw.

const place = "Café Lima";

onEachRuntime((start) => {
  let life: Lifecycle;
  const hostToken = mintHostToken();
  const host = `/h/${hostToken}`;

  async function approvalEvent(capacity: number, settings: Record<string, unknown> = {}) {
    life = await start({
      capacity,
      hostTokenHash: hashHostToken(hostToken),
      // Created as the CLI and the admin create events, so the audit trail starts with it.
      lastChange: { commandId: "create", lane: "host", at: new Date().toISOString(), action: "create-event" },
      settings: EventSettings.parse({ approval: true, maxParty: 4, ...settings }),
      details: {
        description: "",
        language: "en",
        location: {
          place,
          address: "Hauptstraße 1",
          onlineUrl: "https://meet.example/winter",
          onlineUrlConfirmedOnly: false,
        },
      },
    });
  }

  const page = async (path: string) => {
    const res = await life.fetch(
      new Request(`http://localhost${path}`, { headers: { accept: "text/html" } }),
    );
    expect(res.status, path).toBe(200);
    return res.text();
  };
  const approve = (guestId: string) =>
    commandOf(life.eventId, { type: "approve-request", guestId }, { lane: "host" });
  const decline = (guestId: string) =>
    commandOf(life.eventId, { type: "decline-request", guestId }, { lane: "host" });
  const auditAgrees = async () => {
    const audit = (life.rt as unknown as { audit: Pick<AuditLog, "list"> }).audit;
    expect(auditDifferences(replayAudit(await audit.list(life.eventId)), await life.current())).toEqual([]);
  };

  describe("approval mode", () => {
    it("a web registration becomes a request: no seat, no place in line, the place kept back until approved", async () => {
      await approvalEvent(2);
      const registerPage = await page(`/e/${life.eventId}`);
      expect(registerPage).toContain("The host approves each registration");
      expect(registerPage).toContain("Ask to join");
      expect(registerPage).not.toContain(place);
      expect(registerPage).not.toContain("meet.example");

      const posted = await life.fetch(
        new Request(`http://localhost/e/${life.eventId}/rsvp`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
          body: new URLSearchParams({ name: "Ana", email: "ana@example.org", party: "3" }),
        }),
      );
      expect(posted.status).toBe(303);
      await life.settle();
      expect(await life.guest("ana@example.org")).toMatchObject({
        status: "requested",
        party: 3,
        waitlistSeq: null,
      });
      const headcount = headcountOf(await life.current());
      expect(headcount).toMatchObject({ confirmed: 0, offered: 0, waitlisted: 0, open: 2 });
      expect(headcount.requested).toEqual({ parties: 1, seats: 3 });

      // The status page is the manage page: the request, and a way to withdraw it; no place, no calendar.
      const status = await page(posted.headers.get("location")!);
      expect(status).toContain("Your request is with the host, Ana");
      expect(status).toContain("Withdraw my request");
      expect(status).not.toContain(place);
      expect(status).not.toContain("calendar.ics");

      const [mail] = await life.mail("ana@example.org");
      expect(mail?.subject).toBe("Request received: Summer party");
      expect(mail?.text).toContain("Shared once the host approves your request");
      expect(mail?.text).not.toContain(place);
      expect(mail?.html).not.toContain(place);
      expect(mail?.attachments).toEqual([]);
      expect(mail?.links.manage).toBeDefined();
      await auditAgrees();
    });

    it("approving seats the party while seats last, else puts it in line; each guest is emailed with the place", async () => {
      await approvalEvent(4);
      await life.send(
        register(life.eventId, "ana@example.org", "Ana", { party: 3 }),
        register(life.eventId, "bo@example.org", "Bo", { party: 2 }),
        register(life.eventId, "cy@example.org", "Cy", { party: 1 }),
      );
      const [ana, bo, cy] = await Promise.all(["ana", "bo", "cy"].map((n) => life.guest(`${n}@example.org`)));
      await life.send(approve(ana!.guestId), approve(bo!.guestId), approve(cy!.guestId));

      expect(await life.statusOf("ana@example.org")).toBe("confirmed");
      // Two seats asked for, one free: the party of 2 waits, and the single behind it may not jump ahead.
      expect(await life.statusOf("bo@example.org")).toBe("waitlisted");
      expect(await life.statusOf("cy@example.org")).toBe("waitlisted");
      const headcount = headcountOf(await life.current());
      expect(headcount).toMatchObject({ confirmed: 3, waitlisted: 3, open: 1 });
      expect(headcount.requested).toEqual({ parties: 0, seats: 0 });

      const anaMail = (await life.mail("ana@example.org")).at(-1);
      expect(anaMail?.subject).toBe("You're in: Summer party");
      expect(anaMail?.text).toContain(place);
      // The calendar entry, now the place may be known (beside the check-in code's image).
      expect(anaMail?.attachments.filter((a) => a.contentType.startsWith("text/calendar"))).toHaveLength(1);
      const boMail = (await life.mail("bo@example.org")).at(-1);
      expect(boMail?.text).toContain(place);
      expect(boMail?.subject).toContain("waitlist");

      // Approving again (a second click, the CLI after the page) changes nothing.
      await life.send(approve(ana!.guestId));
      expect((await life.guest("ana@example.org")).version).toBe(ana!.version + 1);
      await auditAgrees();
    });

    it("declining tells the guest politely, once; an approval after it is refused", async () => {
      await approvalEvent(4);
      await life.send(register(life.eventId, "ana@example.org", "Ana"));
      const ana = await life.guest("ana@example.org");
      const first = decline(ana.guestId);
      await life.send(first, decline(ana.guestId));
      expect(await life.statusOf("ana@example.org")).toBe("cancelled");
      expect(await life.outcome(first.commandId)).toMatchObject({ kind: "cancelled", from: "requested" });

      const mails = await life.mail("ana@example.org");
      expect(mails.map((m) => m.subject)).toEqual([
        "Request received: Summer party",
        "Your request for Summer party",
      ]);
      expect(mails[1]?.text.replace(/\s+/g, " ")).toContain("could not approve your request");
      expect(mails[1]?.text).not.toContain(place);

      const late = approve(ana.guestId);
      await life.send(late);
      expect(await life.outcome(late.commandId)).toEqual({ kind: "refused", reason: "not-requested" });
      expect(headcountOf(await life.current()).requested).toEqual({ parties: 0, seats: 0 });
      await auditAgrees();
    });

    it("the guest withdraws their request from the email's link; the host can then no longer approve it", async () => {
      await approvalEvent(4);
      await life.send(register(life.eventId, "ana@example.org", "Ana", { party: 2 }));
      const [request] = await life.mail("ana@example.org");
      const withdraw = await life.stepFrom(request!.links.manage!, "cancel");
      const { page: confirmPage } = await life.follow(withdraw);
      expect(confirmPage).toContain("Withdraw your request, Ana?");
      expect(await life.statusOf("ana@example.org")).toBe("cancelled");
      expect((await life.mail("ana@example.org")).at(-1)?.subject).toBe(
        "You withdrew your request for Summer party",
      );

      const late = approve((await life.guest("ana@example.org")).guestId);
      await life.send(late);
      expect(await life.outcome(late.commandId)).toEqual({ kind: "refused", reason: "not-requested" });
      await auditAgrees();
    });

    it("guests the host imports skip approval; an email-lane registration waits like a web one", async () => {
      await approvalEvent(4);
      await life.send(
        register(life.eventId, "imported@example.org", "Imp", { lane: "import" }),
        register(life.eventId, "mailed@example.org", "Mai", { lane: "email" }),
      );
      expect(await life.statusOf("imported@example.org")).toBe("confirmed");
      expect(await life.statusOf("mailed@example.org")).toBe("requested");
    });

    it("the host approves and declines several at once from the guest list", async () => {
      await approvalEvent(4);
      await life.send(
        register(life.eventId, "ana@example.org", "Ana"),
        register(life.eventId, "bo@example.org", "Bo"),
        register(life.eventId, "cy@example.org", "Cy"),
      );
      const hostPage = await page(host);
      expect(hostPage).toContain('data-field="requested">3<');
      const list = await page(`${host}/guests`);
      expect(list).toContain("Requests waiting for you");
      const formId = /name="formId" value="([^"]+)"/.exec(list)![1]!;
      const [ana, bo, cy] = await Promise.all(["ana", "bo", "cy"].map((n) => life.guest(`${n}@example.org`)));
      const post = (fields: Record<string, string>) =>
        life.fetch(
          new Request(`http://localhost${host}/requests`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
            body: new URLSearchParams({ formId, ...fields }),
          }),
        );
      const approved = await post({
        decision: "approve",
        [`guest:${ana!.guestId}`]: "1",
        [`guest:${bo!.guestId}`]: "1",
      });
      expect(approved.status).toBe(303);
      expect(approved.headers.get("location")).toMatch(new RegExp(`^${host}/guests\\?done=h-`));
      await life.settle();
      const declined = await post({ decision: "decline", [`guest:${cy!.guestId}`]: "1" });
      await life.settle();
      expect(await life.statusOf("ana@example.org")).toBe("confirmed");
      expect(await life.statusOf("bo@example.org")).toBe("confirmed");
      expect(await life.statusOf("cy@example.org")).toBe("cancelled");
      const after = await page(declined.headers.get("location")!);
      expect(after).toContain("Declined: Cy &lt;cy@example.org&gt; has been told.");
      expect(after).toContain("No requests are waiting.");

      // Nothing checked, or a form this page did not issue: refused with a clear message, nothing queued.
      const empty = await post({ decision: "approve" });
      expect(empty.status).toBe(400);
      expect(await empty.text()).toContain("select at least one request first");
      const forged = await life.fetch(
        new Request(`http://localhost${host}/requests`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
          body: new URLSearchParams({
            formId: "abc_defghijklmnopqrstuvwxyz",
            decision: "approve",
            [`guest:${ana!.guestId}`]: "1",
          }),
        }),
      );
      expect(forged.status).toBe(403);
      await auditAgrees();
    });
  });
});
