import { describe, expect, it } from "vitest";
import { axeViolations, browserScenario, sidewaysOverflow } from "../helpers/browser-scenario.ts";
import { chromiumAvailable } from "../helpers/chromium.ts";

/**
 * The owner's admin area on a phone: a real chromium at 390 px against the embedded runtime on loopback. It
 * signs in, creates an event, opens its host page, and on every page checks that nothing scrolls sideways and
 * that axe-core finds no accessibility violation.
 */
describe.skipIf(!chromiumAvailable())("the admin area in a phone's browser", () => {
  const site = browserScenario("admin-browser");

  it("signs in, creates an event at 390 px, opens its host page; no page scrolls sideways or fails axe", async () => {
    const runtime = site.runtime();
    const page = await site.screen(390, { bypassCSP: true });
    const checked = async (what: string) => {
      expect(await sidewaysOverflow(page), `${what} scrolls sideways`).toBe(0);
      expect(await axeViolations(page), what).toEqual([]);
    };

    await page.goto(`${runtime.url}/admin/sign-in?token=${runtime.adminToken}`);
    await checked("the sign-in page");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Your events" }).waitFor();
    expect(page.url()).toBe(`${runtime.url}/admin`);
    await checked("the empty event list");

    await page.getByRole("link", { name: "New event" }).first().click();
    await page.getByRole("heading", { name: "Create an event" }).waitFor();
    await checked("the event form");
    // A refused form comes back with its messages beside the fields, and what was typed kept.
    await page.getByLabel("Place", { exact: true }).fill("Café Lima");
    await page.getByRole("button", { name: "Create event" }).click();
    await page.getByRole("heading", { name: "There is a problem" }).waitFor();
    expect(await page.getByLabel("Place", { exact: true }).inputValue()).toBe("Café Lima");
    await checked("the refused form");

    await page.getByLabel("Name", { exact: true }).fill("Rooftop party");
    await page
      .getByLabel("Description", { exact: true })
      .fill("Bring a jumper.\n\nMore at https://example.org");
    await page.getByLabel("Address", { exact: true }).fill("Hauptstraße 1, Berlin");
    await page.getByLabel("Seats", { exact: true }).fill("12");
    await page.getByRole("button", { name: "Create event" }).click();
    await page.getByRole("heading", { name: "Created Rooftop party" }).waitFor();
    await checked("the created page with the host link");
    const hostUrl = await page.locator(".secret a").getAttribute("href");
    expect(hostUrl).toMatch(new RegExp(`^${runtime.url}/h/`));

    await page.getByRole("link", { name: "All events" }).first().click();
    const card = page.locator("ul.events > li", { hasText: "Rooftop party" });
    await card.getByText("0 of 12 seats taken").waitFor();
    await card.getByText("Open").waitFor();
    await checked("the event list");

    await card.getByRole("link", { name: "Rooftop party" }).click();
    await page.getByRole("heading", { name: "Edit Rooftop party" }).waitFor();
    await checked("the event's admin page");

    await page.goto(hostUrl!);
    await page.getByRole("heading", { name: "Rooftop party" }).waitFor();
    await checked("the host page");
    await page.getByRole("link", { name: "Guest list", exact: true }).click();
    await page.getByRole("heading", { name: "Guests" }).waitFor();
    expect(await sidewaysOverflow(page), "the guest list scrolls sideways").toBe(0);
    await page.context().close();
  });
});
