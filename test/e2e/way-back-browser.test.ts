import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { looked } from "../helpers/browser-scenario.ts";
import { chromiumAvailable, launchChromium, phonePage } from "../helpers/chromium.ts";
import { newEvent } from "../helpers/factories.ts";
import { type Lifecycle, lifecycleRuntimes } from "../helpers/lifecycle-harness.ts";
import { served } from "../helpers/served-lifecycle.ts";

/**
 * The cancel and leave pages' way back, in a real chromium on a 390 px phone: Ana opens her cancel page, thinks
 * better of it and taps "Keep my RSVP", which brings her manage page back with her seat kept; Ben, waiting, has
 * "Stay on the waitlist". The button is at least 44 px tall and full width on a phone, and every page passes axe
 * light and dark without sideways scrolling; with RSVP_SCREENSHOTS=<dir> each is photographed at 390 and 1280 px
 * (`way-back-cancel`, `way-back-leave`, `way-back-cancel-de`).
 */
describe.skipIf(!chromiumAvailable())("the way back from a cancel page in the browser", () => {
  let browser: Browser;
  let life: Lifecycle | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await life?.stop();
    await browser?.close();
  });

  async function tour(language: "en" | "de", words: { cancel: string; keep: string; heading: string }) {
    const embedded = lifecycleRuntimes.find((r) => r.name === "embedded")!;
    life = await embedded.start({
      name: language === "de" ? "Winterfest" : "Winter Party",
      capacity: 1,
      details: { ...newEvent().details, language, hostName: "Ana Lima" },
    });
    await life.registerAll(["ana@example.org", "ben@example.org"]);
    const site = await served(life);
    try {
      const manageOf = async (to: string) =>
        `${site.url}${(await life!.mail(to)).find((m) => m.links.manage)!.links.manage}`;
      const ana = (await phonePage(browser)).page;
      await ana.goto(await manageOf("ana@example.org"));
      await ana.getByRole("link", { name: words.cancel }).click();
      const keep = ana.getByRole("link", { name: words.keep });
      await keep.waitFor();
      const box = await keep.boundingBox();
      expect(box?.height).toBeGreaterThanOrEqual(44);
      expect(box?.width).toBeGreaterThan(300);
      await looked(ana, language === "de" ? "way-back-cancel-de" : "way-back-cancel");
      await keep.click();
      await ana.getByRole("heading", { name: words.heading, level: 1 }).waitFor();
      expect(await life.statusOf("ana@example.org")).toBe("confirmed");
      return { site, manageOf };
    } catch (error) {
      await site.close();
      throw error;
    }
  }

  it("Ana keeps her RSVP, Ben stays on the waitlist", async () => {
    const { site, manageOf } = await tour("en", {
      cancel: "Cancel my seat",
      keep: "Keep my RSVP",
      heading: "You're in, ana!",
    });
    try {
      const ben = (await phonePage(browser)).page;
      await ben.goto(await manageOf("ben@example.org"));
      await ben.getByRole("link", { name: "Leave the waitlist" }).click();
      await ben.getByRole("button", { name: "Leave the waitlist" }).waitFor();
      await looked(ben, "way-back-leave");
      await ben.getByRole("link", { name: "Stay on the waitlist" }).click();
      await ben.getByRole("heading", { name: "You're on the waitlist, ben", level: 1 }).waitFor();
      expect(await life!.statusOf("ben@example.org")).toBe("waitlisted");
    } finally {
      await site.close();
      await life?.stop();
      life = undefined;
    }
  });

  it("in German", async () => {
    const { site } = await tour("de", {
      cancel: "Meinen Platz stornieren",
      keep: "Anmeldung behalten",
      heading: "Du bist dabei, ana!",
    });
    await site.close();
  });
});
