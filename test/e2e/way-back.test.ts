import { describe, expect, it } from "vitest";
import { newEvent } from "../helpers/factories.ts";
import { type Lifecycle, onEachRuntime } from "../helpers/lifecycle-harness.ts";

/**
 * The way back on a cancel, leave or decline page (before the press): a guest who opened it by mistake gets an
 * outlined button named for what they keep ("Keep my RSVP", "Stay on the waitlist", "Back to my offer"). It is
 * a plain GET link to that guest's own manage page, signed for that guest; following it changes nothing. A page
 * with nothing left to press has no such button (it leads back to the event). English and German, both runtimes.
 */
onEachRuntime((start) => {
  let life: Lifecycle;

  const at = (link: string) => new URL(link, "http://rsvp.test");
  const get = (link: string, accept = "text/html") =>
    life.fetch(new Request(at(link), { headers: { accept } }));
  const details = (language: "en" | "de" = "en") => ({ ...newEvent().details, language });

  async function manageLinkOf(email: string): Promise<string> {
    const link = (await life.mail(email)).filter((m) => m.links.manage).at(-1)?.links.manage;
    if (!link) throw new Error(`no manage link in ${email}'s emails`);
    return link;
  }

  /** The outlined way-back link on a page named `label`: its path, or undefined. */
  const wayBackOf = (page: string, label: string) =>
    new RegExp(`<a class="button secondary" href="(/l/manage/[^"]+)">${label}</a>`).exec(page)?.[1];

  describe("the way back on a page that would give something up", () => {
    it("a confirmed guest's cancel page offers 'Keep my RSVP', back to their own manage page, changing nothing", async () => {
      life = await start({ capacity: 1, details: details() });
      await life.registerAll(["ana@example.org", "ben@example.org"]);
      const cancel = await life.stepFrom(await manageLinkOf("ana@example.org"), "cancel");
      const page = await (await get(cancel)).text();
      expect(page).toContain("Cancel your RSVP, ana?");
      const back = wayBackOf(page, "Keep my RSVP");
      expect(back).toBeDefined();
      // It is a link (GET), outside the cancel form; the form still has its one button.
      expect(page.match(/<form method="post"/g)).toHaveLength(1);
      expect(page.indexOf(back!)).toBeGreaterThan(page.indexOf("</form>"));

      const before = await life.current();
      const mails = (await life.mail()).length;
      const manage = await (await get(back!)).text();
      expect(manage).toContain("You're in, ana!");
      expect(manage).toContain(">Cancel my seat<");
      const body = (await (await get(back!, "application/json")).json()) as {
        guestId: string;
        action: string;
      };
      expect(body).toMatchObject({
        action: "manage",
        guestId: (await life.guest("ana@example.org")).guestId,
      });
      await life.settle();
      expect(await life.statusOf("ana@example.org")).toBe("confirmed");
      expect((await life.current()).version).toBe(before.version);
      expect((await life.mail()).length).toBe(mails);
    });

    it("a waitlisted guest's leave page offers 'Stay on the waitlist'; an offered guest's decline page 'Back to my offer'", async () => {
      life = await start({ capacity: 1, details: details() });
      await life.registerAll(["ana@example.org", "ben@example.org", "cy@example.org"]);
      const leave = await (
        await get(await life.stepFrom(await manageLinkOf("cy@example.org"), "cancel"))
      ).text();
      expect(leave).toContain(">Leave the waitlist<");
      const stay = wayBackOf(leave, "Stay on the waitlist");
      expect(stay).toBeDefined();
      expect(await (await get(stay!)).text()).toContain("You're on the waitlist, cy");

      await life.follow(await life.stepFrom(await manageLinkOf("ana@example.org"), "cancel"));
      expect(await life.statusOf("ben@example.org")).toBe("offered");
      const benManage = await manageLinkOf("ben@example.org");
      const decline = await (await get(await life.stepFrom(benManage, "decline"))).text();
      const back = wayBackOf(decline, "Back to my offer");
      expect(back).toBeDefined();
      expect(await (await get(back!)).text()).toContain("A seat is waiting for you, ben");
      expect(await life.statusOf("ben@example.org")).toBe("offered");
    });

    it("a page with nothing left to press has no way back to the manage page, only to the event", async () => {
      life = await start({ capacity: 2, details: details() });
      await life.registerAll(["ana@example.org"]);
      const cancel = await life.stepFrom(await manageLinkOf("ana@example.org"), "cancel");
      await life.follow(cancel);
      const page = await (await get(cancel)).text();
      expect(page).toContain("<h1>Already cancelled</h1>");
      expect(page).not.toContain("/l/manage/");
      expect(page).toContain(">Back to the event<");
    });

    it("speaks German: 'Anmeldung behalten' and 'Auf der Warteliste bleiben'", async () => {
      life = await start({ capacity: 1, details: details("de") });
      await life.registerAll(["ana@example.org", "ben@example.org"]);
      const cancel = await (
        await get(await life.stepFrom(await manageLinkOf("ana@example.org"), "cancel"))
      ).text();
      expect(wayBackOf(cancel, "Anmeldung behalten")).toBeDefined();
      const leave = await (
        await get(await life.stepFrom(await manageLinkOf("ben@example.org"), "cancel"))
      ).text();
      expect(wayBackOf(leave, "Auf der Warteliste bleiben")).toBeDefined();
    });
  });
});
