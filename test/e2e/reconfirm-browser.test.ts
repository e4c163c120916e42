import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventSettings } from "../../contracts/settings.ts";
import { hashHostToken, mintHostToken } from "../../core/host-token.ts";
import { axeViolations, photograph } from "../helpers/browser-scenario.ts";
import { chromiumAvailable, launchChromium, phonePage } from "../helpers/chromium.ts";
import { baseTime } from "../helpers/factories.ts";
import { onEachRuntime } from "../helpers/lifecycle-harness.ts";
import { served } from "../helpers/served-lifecycle.ts";

/**
 * "Still coming?" in a real chromium on a 390 px phone, on both runtimes (docs/reconfirm.md): the event is full
 * with one guest waiting; the ask goes out; a confirmed guest opens "I can't come" (GET shows one button),
 * presses it (POST), and the next in line gets the offer email and claims the seat; another guest answers
 * "Yes, I'm coming" and the host page shows them as reconfirmed. The runtime runs in-process on a fake clock
 * (the ask is days away) and is served on loopback for the browser. Every page passes axe in light and dark
 * mode; with RSVP_SCREENSHOTS=<dir>, each is photographed at 390 and 1280 px.
 */
const HOUR = 3_600_000;
const startsAt = new Date(baseTime.getTime() + 72 * HOUR).toISOString();
const askAt = baseTime.getTime() + 24 * HOUR;

/** A page checked by axe (and photographed), after `ready` shows what the step is about. */
async function looked(page: Page, name: string): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
  await photograph(page, name);
}

describe.skipIf(!chromiumAvailable())("still coming? in the browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function phone(): Promise<Page> {
    return (await phonePage(browser)).page;
  }

  onEachRuntime((start) => {
    it("a guest who can't come frees the seat for the next in line, who claims it; a yes shows on the host page", async () => {
      const hostToken = mintHostToken();
      const life = await start({
        name: "Summer party",
        startsAt,
        capacity: 2,
        settings: EventSettings.parse({ reconfirm: { daysBefore: 2 } }),
        hostTokenHash: hashHostToken(hostToken),
      });
      await life.registerAll(["ana@example.org", "ben@example.org", "next@example.org"]);
      expect(await life.statusOf("next@example.org")).toBe("waitlisted");
      const site = await served(life);
      try {
        // The ask goes out to both confirmed guests.
        await life.advance(askAt + 60_000 - life.clock.now().getTime(), 6 * HOUR);
        const askOf = async (to: string) => {
          const asked = (await life.mail(to)).filter((m) => m.subject === "Still coming to Summer party?");
          expect(asked).toHaveLength(1);
          return asked[0]!;
        };
        const anaAsk = await askOf("ana@example.org");
        const benAsk = await askOf("ben@example.org");

        // Ana can't come: the link shows a page with one button; only pressing it acts.
        const ana = await phone();
        await ana.goto(`${site.url}${anaAsk.links["not-coming"]}`);
        await ana.getByRole("heading", { name: "Can't make it, ana?" }).waitFor();
        await looked(ana, "reconfirm-not-coming");
        expect(await life.statusOf("ana@example.org")).toBe("confirmed");
        await ana.getByRole("button", { name: "Cancel my RSVP" }).click();
        await ana.waitForURL(/\/done$/);
        // The result page looks again by itself until the keeper has applied the press.
        await life.settle();
        await ana
          .getByText(/cancelled/i)
          .first()
          .waitFor();
        await looked(ana, "reconfirm-not-coming-done");
        expect(await life.statusOf("ana@example.org")).toBe("cancelled");

        // The next in line is offered the seat by email, and claims it on their phone.
        expect(await life.statusOf("next@example.org")).toBe("offered");
        const offers = (await life.mail("next@example.org")).filter((m) => m.links.claim);
        expect(offers).toHaveLength(1);
        const next = await phone();
        await next.goto(`${site.url}${offers[0]!.links.claim}`);
        const claim = next.getByRole("button", { name: /^Claim my seat/ });
        await claim.waitFor();
        await looked(next, "reconfirm-claim");
        await claim.click();
        await next.waitForURL(/\/done$/);
        // The result page looks again by itself until the keeper has applied the press.
        await life.settle();
        await next
          .getByText(/confirmed/i)
          .first()
          .waitFor();
        await looked(next, "reconfirm-claimed");
        expect(await life.statusOf("next@example.org")).toBe("confirmed");

        // Ben is still coming.
        const ben = await phone();
        await ben.goto(`${site.url}${benAsk.links["still-coming"]}`);
        await ben.getByRole("heading", { name: "Still coming, ben?" }).waitFor();
        await looked(ben, "reconfirm-still-coming");
        await ben.getByRole("button", { name: "Yes, I'm coming" }).click();
        await ben.waitForURL(/\/done$/);
        // The result page looks again by itself until the keeper has applied the press.
        await life.settle();
        await ben.getByText("Thank you: see you there!").first().waitFor();
        await looked(ben, "reconfirm-still-coming-done");

        // The host sees one of the two confirmed guests reconfirmed, and who.
        const host = await phone();
        await host.goto(`${site.url}/h/${hostToken}`);
        await host.getByRole("row", { name: "Reconfirmed 1 of 2 asked" }).waitFor();
        await looked(host, "reconfirm-host");
        await host.goto(`${site.url}/h/${hostToken}/guests`);
        const benRow = host.getByRole("row").filter({ hasText: "ben@example.org" });
        await benRow.getByText(/^Reconfirmed \d+ \w+ 2026, \d\d:\d\d$/).waitFor();
        const nextRow = host.getByRole("row").filter({ hasText: "next@example.org" });
        await nextRow.getByText("Not reconfirmed yet").waitFor();
        await looked(host, "reconfirm-guest-list");
      } finally {
        await site.close();
      }
    });
  });
});
