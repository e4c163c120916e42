import { describe, expect, it } from "vitest";
import { EventSettings } from "../../contracts/settings.ts";
import { axeViolations, browserScenario, photograph, sidewaysOverflow } from "../helpers/browser-scenario.ts";
import { chromiumAvailable } from "../helpers/chromium.ts";
import { hostedEvent, register } from "../helpers/factories.ts";

/**
 * The host's hand on the guest list in a phone's browser (issue 14 §3): a real chromium at 390 px against the
 * embedded runtime on loopback, with the page's own Content-Security-Policy (so the area's style must be
 * allowed by hash). It opens a guest's Change area, removes them with the form, and adds a guest; nothing
 * scrolls sideways and axe-core finds nothing. With RSVP_SCREENSHOTS=<dir>, the
 * open area is photographed at 390 and 1280 px, light and dark.
 */
describe.skipIf(!chromiumAvailable())("the host's hand on the guest list in a browser", () => {
  const site = browserScenario("host-hand-browser");

  it("opens a guest's Change area, removes them and adds a guest at 390 px; nothing scrolls sideways or fails axe", async () => {
    const runtime = site.runtime();
    const { event, host } = hostedEvent({ capacity: 4, settings: EventSettings.parse({ maxParty: 4 }) });
    expect(await runtime.store.createEvent(event)).toBe(true);
    await runtime.queue.send([
      register(event.eventId, "ana.lima@example.org", "Ana Lima", { party: 3, issuedAt: new Date() }),
      register(event.eventId, "bo@example.org", "Bo Lindqvist", { party: 2, issuedAt: new Date() }),
      register(event.eventId, "cy@example.org", "Cy Okafor", { party: 1, issuedAt: new Date() }),
    ]);
    await runtime.idle();

    for (const colorScheme of ["light", "dark"] as const) {
      const page = await site.screen(390, { colorScheme });
      await page.goto(`${runtime.url}${host}/guests`);
      await page.getByRole("group").first().waitFor();
      await page.locator("details.hand > summary").first().click();
      expect(await sidewaysOverflow(page), "the guest list scrolls sideways").toBe(0);
      // The area's own style is applied (allowed by the CSP): its remove button is not the accent fill.
      const removeButton = page.getByRole("button", { name: "Remove from the list" }).first();
      const background = await removeButton.evaluate(
        (b) =>
          (
            globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }
          ).getComputedStyle(b).backgroundColor,
      );
      expect(background).toBe("rgba(0, 0, 0, 0)");
      if (colorScheme === "light") await photograph(page, "host-guest-list");
      await page.context().close();
    }

    const page = await site.screen(390);
    await page.goto(`${runtime.url}${host}/guests`);
    await page.locator("details.hand > summary").first().click();
    await page.getByRole("button", { name: "Remove from the list" }).first().click();
    await page.getByText("is off the list and was emailed.").waitFor();
    await runtime.idle();

    const add = page.locator("section.add-guest");
    await add.getByLabel("Name").fill("Dee Novak");
    await add.getByLabel("Email").fill("dee@example.org");
    await add.getByLabel("Party (seats, guest included)").fill("1");
    await add.getByRole("button", { name: "Add guest" }).click();
    await page.waitForURL(/\?done=/);
    await runtime.idle();
    await page.reload();
    expect(await page.content()).toContain("Dee Novak");
    expect(await sidewaysOverflow(page), "the guest list scrolls sideways").toBe(0);
    await page.context().close();

    // axe on a copy of the page with the CSP bypassed (axe is injected as a script).
    const axePage = await site.screen(390, { bypassCSP: true });
    await axePage.goto(`${runtime.url}${host}/guests`);
    await axePage.locator("details.hand > summary").first().click();
    expect(await axeViolations(axePage)).toEqual([]);
    await axePage.context().close();

    const widePage = await site.screen(1280);
    await widePage.goto(`${runtime.url}${host}/guests`);
    await widePage.locator("details.hand > summary").last().click();
    expect(await sidewaysOverflow(widePage)).toBe(0);
    await widePage.context().close();
  });
});
