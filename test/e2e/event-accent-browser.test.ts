import { describe, expect, it } from "vitest";
import { palette } from "../../contracts/accent.ts";
import { axeViolations, browserScenario, photograph, sidewaysOverflow } from "../helpers/browser-scenario.ts";
import { chromiumAvailable } from "../helpers/chromium.ts";

/**
 * The event's colour in a real chromium: the owner picks "Orange" in the admin form on a phone, and the event
 * page's button, links and top bar take it, light and dark, with axe-core finding nothing in either scheme.
 * With RSVP_SCREENSHOTS=<dir> the form's swatches and the event page are photographed.
 */
describe.skipIf(!chromiumAvailable())("the event's colour in a browser", () => {
  const site = browserScenario("event-accent-browser");

  it("picked in the form, it colours the event page's button and top bar in both schemes", async () => {
    const runtime = site.runtime();
    const page = await site.screen(390, { bypassCSP: true });
    await page.goto(`${runtime.url}/admin/sign-in?token=${runtime.adminToken}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("link", { name: "New event" }).first().click();
    await page.getByLabel("Name", { exact: true }).fill("Garden party");
    await page.getByRole("radio", { name: "Orange" }).check();
    await photograph(page, "accent-form");
    expect(await axeViolations(page), "the form").toEqual([]);
    await page.getByRole("button", { name: "Create event" }).click();
    await page.getByRole("heading", { name: "Created Garden party" }).waitFor();

    const eventUrl = await page.locator('a[href*="/e/"]').first().getAttribute("href");
    const guest = await site.screen(390);
    await guest.goto(eventUrl!);
    const button = guest.getByRole("button", { name: "Register" });
    await button.waitFor();
    const colours = async () => ({
      button: await guest.evaluate<string>(
        "getComputedStyle(document.querySelector('.card form button[type=submit]')).backgroundColor",
      ),
      bar: await guest.evaluate<string>("getComputedStyle(document.body).borderTopColor"),
    });
    const rgb = (hex: string) =>
      `rgb(${(hex.match(/[0-9a-f]{2}/gi) ?? []).map((h) => Number.parseInt(h, 16)).join(", ")})`;
    expect(await colours()).toEqual({
      button: rgb(palette.orange.light.accent),
      bar: rgb(palette.orange.light.accent),
    });
    await guest.emulateMedia({ colorScheme: "dark" });
    expect(await colours()).toEqual({
      button: rgb(palette.orange.dark.accent),
      bar: rgb(palette.orange.dark.accent),
    });
    await guest.emulateMedia({ colorScheme: "light" });

    expect(await sidewaysOverflow(guest)).toBe(0);
    expect(await axeViolations(guest), "the event page").toEqual([]);
    await photograph(guest, "accent-event-page");
    await guest.context().close();
    await page.context().close();
  });
});
