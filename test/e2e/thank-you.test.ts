import { expect, it } from "vitest";
import { eventEnd } from "../../contracts/event.ts";
import { EventSettings } from "../../contracts/settings.ts";
import type { ThankYouMode } from "../../contracts/thank-you.ts";
import { hashHostToken, mintHostToken } from "../../core/host-token.ts";
import { timerNames } from "../../core/timer-plan.ts";
import { cancel, commandOf, guestAction } from "../helpers/factories.ts";
import { type Lifecycle, onEachRuntime } from "../helpers/lifecycle-harness.ts";
import { formIdIn } from "../helpers/web-app.ts";

const subject = "Thank you for coming to Summer party";

onEachRuntime(
  (start) => {
    let life: Lifecycle;

    const hostToken = mintHostToken();

    /**
     * Two seats and a line: ana cancels, her seat is offered to cy, who lets it lapse, then to dee, who claims
     * it. At the end ben and dee hold the seats; ana (cancelled), cy (lapsed) and eve (still waiting) do not.
     */
    async function eventWithHistory(mode: ThankYouMode) {
      life = await start({
        name: "Summer party",
        capacity: 2,
        settings: EventSettings.parse({ thankYou: mode }),
        hostTokenHash: hashHostToken(hostToken),
      });
      const [ana] = await life.registerAll(["ana@example.org", "ben@example.org", "cy@example.org"]);
      await life.registerAll(["dee@example.org", "eve@example.org"]);
      await life.send(cancel(life.eventId, ana!.guestId));
      const cy = await life.guest("cy@example.org");
      expect(cy.status).toBe("offered");
      const untilLapsed = Date.parse(cy.offer!.expiresAt) + 60_000 - life.clock.now().getTime();
      await life.advance(untilLapsed, untilLapsed);
      const dee = await life.guest("dee@example.org");
      expect(dee.status).toBe("offered");
      await life.send(guestAction("claim-offer", life.eventId, dee.guestId));
      expect(await life.current()).toMatchObject({ confirmed: 2, offered: 0, waitlisted: 1 });
    }

    /** Jumps to a minute before the end, then lets the end pass: every timer due by then fires. */
    async function endTheEvent() {
      const end = eventEnd(await life.current()).getTime();
      life.clock.set(new Date(end - 60_000));
      await life.advance(2 * 60_000, 2 * 60_000);
    }

    const notes = async (to?: string) => (await life.mail(to)).filter((m) => m.subject === subject);

    const hostCommand = (fields: Parameters<typeof commandOf>[1]) =>
      commandOf(life.eventId, fields, { lane: "host", issuedAt: life.clock.now() });

    it("auto: each seat holder gets exactly one note with their name; nobody else gets one; replays send nothing", async () => {
      await eventWithHistory("auto");
      expect(life.timerNames()).toContain(timerNames.eventEnded(life.eventId));
      await endTheEvent();

      expect((await life.current()).thankYou).toMatchObject({
        status: "approved",
        approvedBy: "auto",
        source: "template",
      });
      for (const name of ["ben", "dee"]) {
        const [note, ...more] = await notes(`${name}@example.org`);
        expect(more).toEqual([]);
        expect(note!.text).toMatch(
          new RegExp(`^Dear ${name},\\n\\nThank you for coming to Summer party on `),
        );
        expect(note!.text).not.toContain("{name}");
        expect(note!.html).toContain(`Dear ${name},`);
      }
      for (const name of ["ana", "cy", "eve"]) expect(await notes(`${name}@example.org`)).toEqual([]);

      // The timer fires again (a redelivery), another end arrives under a new id, a second draft turns up.
      await life.send(
        hostCommand({
          type: "event-ended",
          lane: "timer",
          commandId: `timer-${timerNames.eventEnded(life.eventId)}`,
        }),
        hostCommand({ type: "event-ended", lane: "timer" }),
        hostCommand({ type: "thanks-drafted", lane: "system", body: "Dear {name}, again!", source: "model" }),
      );
      await life.advance(60 * 60_000, 60 * 60_000);
      expect((await notes()).map((m) => m.to).sort()).toEqual(["ben@example.org", "dee@example.org"]);
    });

    it("approve: nothing goes out until the host approves; the edited text goes out; approving twice sends once", async () => {
      await eventWithHistory("approve");
      const base = `http://rsvp.test/h/${hostToken}`;
      const page = async () => (await life.fetch(new Request(`${base}/thanks`))).text();
      const approve = async (html: string, body: string) => {
        const response = await life.fetch(
          new Request(`${base}/thanks/approve`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({ formId: formIdIn(html), body }).toString(),
          }),
        );
        expect(response.status).toBe(303);
        await life.settle();
      };

      // Before the end the host sets notes for the draft, on the same page.
      const before = await page();
      const saved = await life.fetch(
        new Request(`${base}/thanks/settings`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            formId: formIdIn(before),
            mode: "approve",
            notes: "Photos next week!",
          }),
        }),
      );
      expect(saved.status).toBe(303);
      await life.settle();

      await endTheEvent();
      await life.advance(6 * 3_600_000, 6 * 3_600_000);
      expect((await life.current()).thankYou).toMatchObject({ status: "drafted", source: "template" });
      expect((await life.current()).thankYou?.body).toContain("Photos next week!");
      expect(await notes()).toEqual([]);

      // Two tabs show the draft; the host edits it in one and approves, then approves the other as it was.
      const first = await page();
      const second = await page();
      expect(first).toContain("Approve and send");
      expect(first).toContain("Photos next week!");
      await approve(first, "Dear {name},\n\nThank you for dancing with us!\n\nYour host");
      await approve(second, (await life.current()).thankYou!.body!);
      await life.send(hostCommand({ type: "approve-thanks" }));

      expect((await notes()).map((m) => m.to).sort()).toEqual(["ben@example.org", "dee@example.org"]);
      const [note] = await notes("dee@example.org");
      expect(note!.text).toMatch(/^Dear dee,\n\nThank you for dancing with us!\n\nYour host\n/);
      expect((await life.current()).thankYou).toMatchObject({
        status: "approved",
        approvedBy: "host",
        source: "host",
      });
      expect(await page()).toContain("Thank you for dancing with us!");
    });

    it("a seat holder who unsubscribed from the host's messages gets no note", async () => {
      life = await start({ name: "Summer party", capacity: 2 });
      const [, dee] = await life.registerAll(["ben@example.org", "dee@example.org"]);
      await life.send(hostCommand({ type: "mute-messages", lane: "link", guestId: dee!.guestId }));
      await endTheEvent();
      expect((await notes()).map((m) => m.to)).toEqual(["ben@example.org"]);
    });

    it("off: the end passes without a note", async () => {
      await eventWithHistory("off");
      await endTheEvent();
      expect((await life.current()).thankYou).toBeUndefined();
      expect(await notes()).toEqual([]);
    });
  },
  (name) => `the thank-you note on the ${name} runtime`,
);
