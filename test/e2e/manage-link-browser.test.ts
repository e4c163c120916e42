import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventSettings } from "../../contracts/settings.ts";
import { looked } from "../helpers/browser-scenario.ts";
import { chromiumAvailable, launchChromium, phonePage } from "../helpers/chromium.ts";
import { newEvent, register } from "../helpers/factories.ts";
import { type Lifecycle, lifecycleRuntimes } from "../helpers/lifecycle-harness.ts";
import { served } from "../helpers/served-lifecycle.ts";

/**
 * The emails' "Manage your RSVP" link in a real chromium on a 390 px phone (embedded runtime, served on
 * loopback): a confirmed guest and a waitlisted one open it from their email and see their manage page (where
 * they stand, their party, their buttons); the cancel button leads to the cancel page, which still asks before
 * it acts. Every page passes axe in light and dark mode and never scrolls sideways; with RSVP_SCREENSHOTS=<dir>,
 * each is photographed at 390 and 1280 px (`manage-link-confirmed`, `manage-link-waitlisted`).
 */
describe.skipIf(!chromiumAvailable())("the emails' manage link in the browser", () => {
  let browser: Browser;
  let life: Lifecycle | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await life?.stop();
    await browser?.close();
  });

  async function phone(): Promise<Page> {
    return (await phonePage(browser)).page;
  }

  it("a confirmed and a waitlisted guest open their manage page from the email; cancel still asks first", async () => {
    const embedded = lifecycleRuntimes.find((r) => r.name === "embedded")!;
    life = await embedded.start({
      name: "Winter Party",
      capacity: 2,
      settings: EventSettings.parse({ maxParty: 3 }),
      details: {
        ...newEvent().details,
        location: {
          place: "Café Lima",
          address: "Torstraße 1, 10119 Berlin",
          onlineUrlConfirmedOnly: false,
        },
        hostName: "Ana Lima",
      },
    });
    await life.send(register(life.eventId, "ana@example.org", "Ana", { party: 2 }));
    await life.send(register(life.eventId, "ben@example.org", "Ben"));
    expect(await life.statusOf("ben@example.org")).toBe("waitlisted");
    const site = await served(life);
    try {
      const manageOf = async (to: string) =>
        `${site.url}${(await life!.mail(to)).find((m) => m.links.manage)!.links.manage}`;

      const ana = await phone();
      await ana.goto(await manageOf("ana@example.org"));
      await ana.getByRole("heading", { name: "You're in, Ana!", level: 1 }).waitFor();
      await ana.getByRole("status").getByText("Confirmed").waitFor();
      await ana.getByText("You have 2 seats, you included.").waitFor();
      for (const name of ["Cancel my seat", "Change the number of seats", "Correct your name"])
        await ana.getByRole("link", { name }).waitFor();
      await looked(ana, "manage-link-confirmed");

      // The cancel button opens the cancel page, which asks; nothing has changed yet.
      await ana.getByRole("link", { name: "Cancel my seat" }).click();
      await ana.getByRole("heading", { name: "Cancel your RSVP, Ana?" }).waitFor();
      expect(await life.statusOf("ana@example.org")).toBe("confirmed");

      const ben = await phone();
      await ben.goto(await manageOf("ben@example.org"));
      await ben.getByRole("heading", { name: "You're on the waitlist, Ben", level: 1 }).waitFor();
      await ben.getByText("On the waitlist (#1)").waitFor();
      await ben.getByRole("link", { name: "Leave the waitlist" }).waitFor();
      await looked(ben, "manage-link-waitlisted");
      expect(await life.statusOf("ben@example.org")).toBe("waitlisted");
    } finally {
      await site.close();
    }
  });
});
