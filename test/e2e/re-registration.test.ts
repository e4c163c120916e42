import { describe, expect, it } from "vitest";
import { baseTime, cancel, guestAction, register } from "../helpers/factories.ts";
import { type Lifecycle, onEachRuntime } from "../helpers/lifecycle-harness.ts";

const HOUR = 3_600_000;

onEachRuntime((start) => {
  let life: Lifecycle;

  /** Posts the web form as a browser's script would, and returns where its status can be read. */
  async function registerOnTheWeb(name: string, email: string): Promise<string> {
    const response = await life.fetch(
      new Request(`http://rsvp.test/e/${life.eventId}/rsvp`, {
        method: "POST",
        headers: { accept: "application/json", "content-type": "application/json" },
        body: JSON.stringify({ name, email }),
      }),
    );
    expect(response.status).toBe(202);
    return ((await response.json()) as { statusUrl: string }).statusUrl;
  }

  async function statusAt(url: string): Promise<unknown> {
    const response = await life.fetch(new Request(url, { headers: { accept: "application/json" } }));
    return response.json();
  }

  describe("registering again after cancelling", () => {
    it("a guest who cancelled signs up on the web again: the form emails her a link, and pressing it brings her back (same guest, a new confirmation, reminders booked anew)", async () => {
      // Three days out: the week-out reminder is past, the day-out one is still ahead.
      life = await start({
        capacity: 5,
        startsAt: new Date(baseTime.getTime() + 72 * HOUR).toISOString(),
      });
      const [ana] = await life.registerAll(["ana@example.org"]);
      const firstRound = life.timerNames().filter((n) => n.includes(ana!.guestId));
      expect(firstRound.length).toBeGreaterThan(0);
      await life.send(cancel(life.eventId, ana!.guestId, { lane: "link" }));
      expect(life.timerNames().filter((n) => n.includes(ana!.guestId))).toEqual([]);

      // The form sent twice (two tabs, a double click). Anyone may type her address into it, so it changes
      // nothing and tells the sender nothing about her: both answer "check your email"; her inbox gets a link.
      const first = await registerOnTheWeb("Ana Lima", "ana@example.org");
      const second = await registerOnTheWeb("Ana Lima", "ana@example.org");
      await life.settle();
      expect(await statusAt(first)).toEqual({ state: "check-email" });
      expect(await statusAt(second)).toEqual({ state: "check-email" });
      expect(await life.statusOf("ana@example.org")).toBe("cancelled");
      const rejoin = (await life.mail("ana@example.org")).at(-1)!;
      expect(rejoin.subject).toBe(`Register again for ${life.event.name}?`);
      // Two presses of her link (a double click): one comeback.
      await life.follow(rejoin.links.rejoin!);
      await life.follow(rejoin.links.rejoin!);

      const back = await life.guest("ana@example.org");
      expect(back).toMatchObject({
        guestId: ana!.guestId,
        status: "confirmed",
        round: 2,
        // The name on the list: the link registers the guest it was sent to, whatever the form said.
        name: "ana",
      });
      expect(await life.current()).toMatchObject({ confirmed: 1, waitlisted: 0 });
      const secondRound = life.timerNames().filter((n) => n.includes(ana!.guestId));
      expect(secondRound.sort()).toEqual(firstRound.map((n) => `${n}-r2`).sort());
      expect((await life.mail("ana@example.org")).map((m) => m.subject)).toEqual([
        `You're in: ${life.event.name}`,
        `Cancelled: your seat at ${life.event.name}`,
        `Register again for ${life.event.name}?`,
        `Register again for ${life.event.name}?`,
        `You're in: ${life.event.name}`,
      ]);

      // The new round's reminder fires and reaches her.
      await life.advance(Date.parse(life.event.startsAt) - life.clock.now().getTime() - 60_000, 6 * HOUR);
      const reminders = (await life.mail("ana@example.org")).filter((m) => m.subject.startsWith("Reminder"));
      expect(reminders.length).toBeGreaterThan(0);
      expect(await life.statusOf("ana@example.org")).toBe("confirmed");
    });

    it("after coming back, the cancel link of the first confirmation cancels again, though it was pressed before", async () => {
      life = await start({ capacity: 1 });
      await life.registerAll(["ana@example.org", "ben@example.org"]);
      const [confirmation] = await life.mail("ana@example.org");
      // The cancel button of the manage page the confirmation's manage link opens.
      const oldLink = await life.stepFrom(confirmation!.links.manage!, "cancel");
      await life.follow(oldLink);
      expect(await life.statusOf("ben@example.org")).toBe("offered");

      // Ana comes back (the form, then her register-again link); the seat is held for ben, so she waits.
      await registerOnTheWeb("Ana", "ana@example.org");
      await life.settle();
      await life.follow((await life.mail("ana@example.org")).at(-1)!.links.rejoin!);
      expect(await life.statusOf("ana@example.org")).toBe("waitlisted");

      const { done } = await life.follow(oldLink);
      expect(done).toContain("left the waitlist");
      expect(await life.statusOf("ana@example.org")).toBe("cancelled");
      expect(await life.current()).toMatchObject({ offered: 1, waitlisted: 0 });
      // Pressed again in this round: one command, nothing more.
      const mails = (await life.mail("ana@example.org")).length;
      await life.follow(oldLink);
      expect((await life.mail("ana@example.org")).length).toBe(mails);
    });

    it("a guest whose offer lapsed registers again, goes to the end of the line, and a second offer lapses too", async () => {
      life = await start({ capacity: 1 });
      const [seat, bo] = await life.registerAll(["seat@example.org", "bo@example.org", "cy@example.org"]);
      await life.send(cancel(life.eventId, seat!.guestId));
      const firstOffer = await life.guest("bo@example.org");
      expect(firstOffer.status).toBe("offered");
      await life.advance(Date.parse(firstOffer.offer!.expiresAt) + 60_000 - life.clock.now().getTime());
      expect(await life.statusOf("bo@example.org")).toBe("lapsed");
      expect(await life.statusOf("cy@example.org")).toBe("offered");

      // Bo changes his mind. Cy holds the seat's offer, dee joined the line meanwhile: Bo queues behind her.
      await life.send(register(life.eventId, "dee@example.org", "Dee"));
      // His register-again link (the form only emails him one).
      const comeback = register(life.eventId, "bo@example.org", "Bo", { lane: "link" });
      await life.send(comeback);
      expect(await life.outcome(comeback.commandId)).toEqual({
        kind: "waitlisted",
        guestId: bo!.guestId,
        waitlistSeq: 4,
      });
      expect(await life.guest("bo@example.org")).toMatchObject({
        status: "waitlisted",
        offer: null,
        round: 2,
      });

      // Cy declines; the seat goes to dee, who waited; dee lets it lapse; then it is Bo's turn again.
      await life.send(guestAction("decline", life.eventId, (await life.guest("cy@example.org")).guestId));
      const dee = await life.guest("dee@example.org");
      expect(dee.status).toBe("offered");
      expect(await life.statusOf("bo@example.org")).toBe("waitlisted");
      await life.advance(Date.parse(dee.offer!.expiresAt) + 60_000 - life.clock.now().getTime());
      const secondOffer = await life.guest("bo@example.org");
      expect(secondOffer).toMatchObject({ status: "offered", round: 2 });
      expect(life.timerNames()).toContain(`expire-${bo!.guestId}-r2`);

      // The second offer's expiry is a timer of its own: it fires, and the seat does not stay held forever.
      await life.advance(Date.parse(secondOffer.offer!.expiresAt) + 60_000 - life.clock.now().getTime());
      expect(await life.statusOf("bo@example.org")).toBe("lapsed");
      expect(await life.current()).toMatchObject({ confirmed: 0, offered: 0, waitlisted: 0 });
      const boMail = (await life.mail("bo@example.org")).map((m) => m.subject);
      // Issue 12 §4: the offer subject puts the news first ("Seat offered: … — claim by …").
      expect(boMail.filter((s) => s.startsWith("Seat offered: "))).toHaveLength(2);
      expect(boMail.filter((s) => s.endsWith("has lapsed"))).toHaveLength(2);
    });
  });
});
