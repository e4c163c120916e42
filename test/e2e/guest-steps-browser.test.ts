import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventSettings } from "../../contracts/settings.ts";
import { looked } from "../helpers/browser-scenario.ts";
import { chromiumAvailable, launchChromium, phonePage } from "../helpers/chromium.ts";
import { newEvent } from "../helpers/factories.ts";
import { type Lifecycle, lifecycleRuntimes } from "../helpers/lifecycle-harness.ts";
import { served } from "../helpers/served-lifecycle.ts";

/**
 * A guest's own pages in a real chromium on a 390 px phone, where the words changed: Ana registers by the form
 * and her status page says "1 seat, just for you" and offers "Correct your name", as her email's manage page
 * does; Ben, waiting, leaves the waitlist, and his manage page and data page then say he left the waitlist, not
 * that his RSVP is cancelled. Every page passes axe light and dark without sideways scrolling; with
 * RSVP_SCREENSHOTS=<dir> each is photographed at 390 and 1280 px (`status-after-register`,
 * `manage-left-waitlist`, `data-left-waitlist`).
 */
describe.skipIf(!chromiumAvailable())("a guest's steps and words in the browser", () => {
  let browser: Browser;
  let life: Lifecycle | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await life?.stop();
    await browser?.close();
  });

  it("Ana's status page offers her name's correction; Ben's pages say he left the waitlist", async () => {
    const embedded = lifecycleRuntimes.find((r) => r.name === "embedded")!;
    life = await embedded.start({
      name: "Winter Party",
      capacity: 1,
      settings: EventSettings.parse({ maxParty: 3 }),
      details: { ...newEvent().details, hostName: "Ana Lima" },
    });
    const site = await served(life);
    try {
      const ana = (await phonePage(browser)).page;
      await ana.goto(`${site.url}/e/${life.eventId}`);
      await ana.getByLabel("Your name").fill("Ana Lmia");
      await ana.getByLabel("Email", { exact: true }).fill("ana@example.org");
      await ana.getByRole("button", { name: "Register" }).click();
      await ana.getByRole("heading", { name: "You're in, Ana Lmia!" }).waitFor();
      await ana.getByText("You have 1 seat, just for you.").waitFor();
      const correct = ana.getByRole("link", { name: "Correct your name" });
      await correct.waitFor();
      await looked(ana, "status-after-register");
      await correct.click();
      await ana.getByLabel("Your name").fill("Ana Lima");
      await ana.getByRole("button", { name: /save|correct/i }).click();
      await life.settle();
      expect((await life.guest("ana@example.org")).name).toBe("Ana Lima");

      const ben = (await phonePage(browser)).page;
      await ben.goto(`${site.url}/e/${life.eventId}`);
      await ben.getByLabel("Your name").fill("Ben");
      await ben.getByLabel("Email", { exact: true }).fill("ben@example.org");
      await ben.getByRole("button", { name: "Join the waitlist" }).click();
      await ben.getByRole("heading", { name: "You're on the waitlist, Ben" }).waitFor();
      await ben.getByText("You are asking for 1 seat, just for you.").waitFor();
      await ben.getByRole("link", { name: "Leave the waitlist" }).click();
      await ben.getByRole("button", { name: "Leave the waitlist" }).click();
      await ben.getByRole("heading", { name: "You left the waitlist" }).waitFor();
      await life.settle();

      const manage = `${site.url}${(await life.mail("ben@example.org")).find((m) => m.links.manage)!.links.manage}`;
      await ben.goto(manage);
      await ben.getByRole("heading", { name: "You left the waitlist", level: 1 }).waitFor();
      expect(await ben.getByText(/RSVP is cancelled/).count()).toBe(0);
      await looked(ben, "manage-left-waitlist");
      await ben.getByRole("link", { name: /data/i }).first().click();
      await ben.getByText("You left the waitlist.").waitFor();
      expect(await ben.getByText(/RSVP is cancelled/).count()).toBe(0);
      await looked(ben, "data-left-waitlist");
    } finally {
      await site.close();
    }
  });
});
