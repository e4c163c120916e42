import { describe, expect, it } from "vitest";
import { axeViolations, browserScenario, photograph, sidewaysOverflow } from "../helpers/browser-scenario.ts";
import { chromiumAvailable } from "../helpers/chromium.ts";
import { hostedEvent, register } from "../helpers/factories.ts";

/**
 * The host's guest list a page at a time, and its search, in a real chromium against the embedded runtime on
 * loopback: 511 guests, 500 a page; the host finds a guest by name, finds nobody and goes back to the whole
 * list, and turns to the next page. Nothing scrolls sideways at 390 px and axe-core finds nothing. With
 * RSVP_SCREENSHOTS=<dir>, each view is photographed at 390 and 1280 px, light and dark.
 */
describe.skipIf(!chromiumAvailable())("the host's guest list in pages, in a browser", () => {
  const site = browserScenario("guest-list-paged-browser");

  it("searches, finds nobody, goes back, and turns the page at 390 px; nothing scrolls sideways or fails axe", async () => {
    const runtime = site.runtime();
    const { event, host } = hostedEvent({ capacity: 400 });
    expect(await runtime.store.createEvent(event)).toBe(true);
    for (let i = 0; i < 510; i += 170) {
      await runtime.queue.send(
        Array.from({ length: 170 }, (_, j) =>
          register(event.eventId, `guest${i + j + 1}@example.org`, `Guest ${i + j + 1}`, {
            issuedAt: new Date(),
          }),
        ),
      );
      await runtime.idle();
    }
    await runtime.queue.send([
      register(event.eventId, "zoe.mueller@example.org", "Zoë Müller", { issuedAt: new Date() }),
    ]);
    await runtime.idle();

    const page = await site.screen(390);
    await page.goto(`${runtime.url}${host}/guests`);
    await page.getByText("Guests 1–500, in the order they registered.").waitFor();
    expect(await sidewaysOverflow(page), "the first page scrolls sideways").toBe(0);

    const search = page.getByRole("search");
    await search.getByLabel("Find a guest by name or email").fill("MÜLLER");
    await search.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/\?q=/);
    await page.getByText("1 guest whose name or email contains “MÜLLER”.").waitFor();
    expect(await page.locator("tbody tr").count()).toBe(1);
    expect(await page.locator("tbody tr td").first().textContent()).toBe("Zoë Müller");
    expect(await sidewaysOverflow(page), "the search's page scrolls sideways").toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await photograph(page, "host-guest-list-search");

    await search.getByLabel("Find a guest by name or email").fill("nobody here");
    await search.getByRole("button", { name: "Search" }).click();
    await page.getByText("No guest matches “nobody here”.").waitFor();
    expect(await page.locator("table").count()).toBe(0);
    expect(await sidewaysOverflow(page), "the empty search scrolls sideways").toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await photograph(page, "host-guest-list-search-empty");

    await page.getByRole("link", { name: "Show the whole list" }).click();
    await page.getByText("Guests 1–500, in the order they registered.").waitFor();
    await page
      .getByRole("navigation", { name: "Pages of the guest list" })
      .getByRole("link", { name: /Next 500/ })
      .click();
    await page.getByText("Guests 501–511, in the order they registered.").waitFor();
    expect(await page.locator("tbody tr").count()).toBe(11);
    expect(await page.getByRole("link", { name: /Previous 500/ }).count()).toBe(2);
    expect(await sidewaysOverflow(page), "the second page scrolls sideways").toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await photograph(page, "host-guest-list-paged");
    await page.context().close();
  }, 120_000);
});
