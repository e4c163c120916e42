import { describe, expect, it } from "vitest";
import { cancel, messageGuests, register } from "../helpers/factories.ts";
import { type Lifecycle, onEachRuntime } from "../helpers/lifecycle-harness.ts";

const HOUR = 3_600_000;

onEachRuntime((start) => {
  let life: Lifecycle;

  describe("a guest's journey through email links", () => {
    it("register, confirm by email with a calendar file, cancel from the email, the next in line claims the seat", async () => {
      life = await start({ capacity: 1, name: "Winter <b>party</b>" });
      await life.registerAll(["ana@example.org", "ben@example.org"]);

      const [confirmed] = await life.mail("ana@example.org");
      expect(confirmed!.subject).toMatch(/confirmed|you're in/i);
      expect(confirmed!.html).not.toContain("<b>party</b>");
      expect(confirmed!.text).toContain("Europe/Berlin");
      // The calendar file, and (issue 15) the check-in QR the HTML shows inline.
      expect(confirmed!.attachments.map((a) => a.contentType).sort()).toEqual([
        "image/png",
        expect.stringMatching(/text\/calendar/),
      ]);
      const [waitlisted] = await life.mail("ben@example.org");
      expect(waitlisted!.text).toMatch(/1/);
      expect(Object.keys(waitlisted!.links)).toContain("manage");

      // The email's manage link opens the manage page, whose cancel button leads to the cancel page. A mail
      // scanner opening either link changes nothing; pressing the cancel page's button cancels.
      await life.fetch(new Request(new URL(confirmed!.links.manage!, "http://rsvp.test")));
      const cancelLink = await life.stepFrom(confirmed!.links.manage!, "cancel");
      await life.fetch(new Request(new URL(cancelLink, "http://rsvp.test")));
      await life.settle();
      expect(await life.statusOf("ana@example.org")).toBe("confirmed");
      const { page } = await life.follow(cancelLink);
      expect(page).toContain("<form");
      expect(await life.statusOf("ana@example.org")).toBe("cancelled");

      const anaMail = await life.mail("ana@example.org");
      expect(anaMail).toHaveLength(2);
      expect(anaMail[1]!.subject).toMatch(/cancel/i);

      const benMail = await life.mail("ben@example.org");
      const offer = benMail.at(-1)!;
      expect(Object.keys(offer.links).sort()).toEqual(["claim", "decline"]);
      await life.follow(offer.links.claim!);
      expect(await life.statusOf("ben@example.org")).toBe("confirmed");
      // One calendar entry (beside the check-in QR).
      const claimedMail = (await life.mail("ben@example.org")).at(-1)!;
      expect(claimedMail.attachments.filter((a) => a.contentType.startsWith("text/calendar"))).toHaveLength(
        1,
      );
      expect(claimedMail.attachments).toHaveLength(2);
      // Pressing claim again is harmless: one seat, no further email.
      const before = (await life.mail()).length;
      await life.follow(offer.links.claim!);
      expect((await life.mail()).length).toBe(before);
      expect(await life.current()).toMatchObject({ confirmed: 1, offered: 0, waitlisted: 0 });
    });

    it("an invited guest confirms from the invitation email", async () => {
      life = await start({ capacity: 3 });
      await life.send(register(life.eventId, "ivy@example.org", "Ivy", { lane: "import", invite: true }));
      const [invite] = await life.mail("ivy@example.org");
      expect(Object.keys(invite!.links).sort()).toEqual(["confirm", "decline"]);
      await life.follow(invite!.links.confirm!);
      expect(await life.statusOf("ivy@example.org")).toBe("confirmed");
    });

    it("reminders arrive before the event and never at night; none reach a guest who cancelled", async () => {
      life = await start({ capacity: 3 });
      await life.registerAll(["ana@example.org", "ben@example.org"]);
      const ben = await life.guest("ben@example.org");
      // Ben cancels straight away: his reminders go with him.
      await life.send(cancel(life.eventId, ben.guestId, { lane: "link" }));
      await life.advance(Date.parse(life.event.startsAt) - life.clock.now().getTime(), HOUR);
      const reminders = (await life.mail()).filter((m) => /remind|tomorrow|today|week/i.test(m.subject));
      expect(reminders.map((m) => m.to)).toEqual(["ana@example.org", "ana@example.org", "ana@example.org"]);
      for (const m of reminders) {
        const hour = Number(
          new Intl.DateTimeFormat("en-GB", {
            hour: "2-digit",
            hourCycle: "h23",
            timeZone: "Europe/Berlin",
          }).format(new Date(m.createdAt)),
        );
        expect(hour >= 8 && hour < 21, `${m.subject} at ${m.createdAt}`).toBe(true);
      }
    });

    it("a host message reaches every confirmed guest once, however often the host presses send", async () => {
      life = await start({ capacity: 2 });
      await life.registerAll(["ana@example.org", "ben@example.org", "cy@example.org"]);
      const message = messageGuests(life.eventId, "Parking", "Use the back entrance.");
      await life.send(message, message);
      const sent = (await life.mail()).filter((m) => m.subject.includes("Parking"));
      expect(sent.map((m) => m.to).sort()).toEqual(["ana@example.org", "ben@example.org"]);
    });
  });
});
