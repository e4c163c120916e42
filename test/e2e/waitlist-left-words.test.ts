import { describe, expect, it } from "vitest";
import { commandOf, newEvent } from "../helpers/factories.ts";
import { type Lifecycle, onEachRuntime } from "../helpers/lifecycle-harness.ts";

/**
 * After a waitlisted guest leaves the waitlist themselves, every page of theirs says so, not "Your RSVP is
 * cancelled" (they never held a seat): their link pages' greeting ("Hi cy. You left the waitlist."), the cancel
 * link opened again ("You already left the waitlist"), their manage page and the status row of their data page.
 * A host's removal of a waiting guest, and a confirmed guest's own cancel, still read "cancelled". The pages
 * know from the record's last change (a `cancel` from `waitlisted`), read back from each store. English and
 * German, on both runtimes.
 */
onEachRuntime((start) => {
  let life: Lifecycle;
  const get = async (link: string) =>
    (
      await life.fetch(new Request(new URL(link, "http://rsvp.test"), { headers: { accept: "text/html" } }))
    ).text();
  const details = (language: "en" | "de" = "en") => ({ ...newEvent().details, language });

  async function manageLinkOf(email: string): Promise<string> {
    const link = (await life.mail(email)).filter((m) => m.links.manage).at(-1)?.links.manage;
    if (!link) throw new Error(`no manage link in ${email}'s emails`);
    return link;
  }

  /** The guest's manage page, their data page and their cancel page (opened again), as they read now. */
  async function pagesOf(manage: string, cancel: string) {
    const page = await get(manage);
    const data = /href="(\/l\/data\/[^"]+)"/.exec(page)?.[1];
    expect(data).toBeDefined();
    return { manage: page, data: await get(data!), cancel: await get(cancel) };
  }

  describe("the pages of a guest who left the waitlist", () => {
    it("say they left the waitlist; a host's removal and a confirmed guest's cancel still say cancelled", async () => {
      life = await start({ capacity: 1, details: details() });
      await life.registerAll(["ana@example.org", "ben@example.org", "cy@example.org"]);
      const links = {
        ana: await manageLinkOf("ana@example.org"),
        ben: await manageLinkOf("ben@example.org"),
        cy: await manageLinkOf("cy@example.org"),
      };
      const cancels = {
        ana: await life.stepFrom(links.ana, "cancel"),
        ben: await life.stepFrom(links.ben, "cancel"),
        cy: await life.stepFrom(links.cy, "cancel"),
      };
      // Cy leaves the line by her link; the host removes Ben while he waits; Ana gives up her seat.
      await life.follow(cancels.cy);
      const ben = await life.guest("ben@example.org");
      await life.send(
        commandOf(
          life.eventId,
          { type: "remove-guest", guestId: ben.guestId, notify: true },
          { lane: "host" },
        ),
      );
      expect(await life.statusOf("ben@example.org")).toBe("cancelled");
      await life.follow(cancels.ana);

      const cy = await pagesOf(links.cy, cancels.cy);
      expect(cy.manage).toContain("<h1>You left the waitlist</h1>");
      expect(cy.manage).toContain("cy, you gave up your place in line.");
      expect(cy.data).toContain("You left the waitlist.");
      expect(cy.data).toMatch(/ · Left the waitlist \(through a link in an email\)<\/li>/);
      expect(cy.cancel).toContain("<h1>You already left the waitlist</h1>");
      expect(cy.cancel).toContain("Hi cy. You left the waitlist.");
      for (const page of Object.values(cy)) {
        expect(page).not.toContain("Your RSVP is cancelled");
        expect(page).not.toContain("your RSVP is cancelled");
        expect(page).not.toContain("Registration cancelled");
      }

      const removed = await pagesOf(links.ben, cancels.ben);
      expect(removed.manage).toContain("<h1>Registration cancelled</h1>");
      expect(removed.data).toContain("Your RSVP is cancelled.");
      expect(removed.data).toMatch(/ · RSVP cancelled \(through the host\)<\/li>/);
      expect(removed.data).not.toContain("Left the waitlist");
      expect(removed.cancel).toContain("<h1>Already cancelled</h1>");
      for (const page of Object.values(removed)) expect(page).not.toContain("left the waitlist");

      const ana = await pagesOf(links.ana, cancels.ana);
      expect(ana.manage).toContain("<h1>Registration cancelled</h1>");
      expect(ana.data).toContain("Your RSVP is cancelled.");
      for (const page of Object.values(ana)) expect(page).not.toContain("left the waitlist");
    });

    it("in German", async () => {
      life = await start({ capacity: 1, details: details("de") });
      await life.registerAll(["ana@example.org", "cy@example.org"]);
      const manage = await manageLinkOf("cy@example.org");
      const cancel = await life.stepFrom(manage, "cancel");
      await life.follow(cancel);
      const cy = await pagesOf(manage, cancel);
      expect(cy.manage).toContain("<h1>Du hast die Warteliste verlassen</h1>");
      expect(cy.data).toContain("Du hast die Warteliste verlassen.");
      expect(cy.data).toMatch(/ · Warteliste verlassen \(über einen Link in einer E-Mail\)<\/li>/);
      expect(cy.cancel).toContain("<h1>Du hast die Warteliste schon verlassen</h1>");
      for (const page of Object.values(cy)) expect(page).not.toContain("storniert");
    });
  });
});
