import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { axeViolations, browserScenario, photograph, sidewaysOverflow } from "../helpers/browser-scenario.ts";
import { chromiumAvailable } from "../helpers/chromium.ts";
import { register } from "../helpers/factories.ts";

/**
 * The admin form's party fields and date read-back, the "Saving…" step and the host page's party counts, in
 * a German browser on a phone (390 px): nothing scrolls sideways and axe-core finds no violation. With
 * RSVP_SCREENSHOTS set, each page is photographed at 390 and 1280 px there.
 */
describe.skipIf(!chromiumAvailable())("the admin form and host page in a German phone browser", () => {
  const site = browserScenario("admin-polish-browser");

  it("sets a party limit, saves an edit, and shows seats and parties on the host page; no page scrolls sideways or fails axe", async () => {
    const runtime = site.runtime();
    const page = await site.screen(390, {
      bypassCSP: true,
      locale: "de-DE",
      extraHTTPHeaders: { "accept-language": "de-DE,de;q=0.9" },
    });
    const checked = async (what: string, name: string) => {
      expect(await sidewaysOverflow(page), `${what} scrolls sideways`).toBe(0);
      expect(await axeViolations(page), what).toEqual([]);
      await photograph(page, name);
    };

    await page.goto(`${runtime.url}/admin/sign-in?token=${runtime.adminToken}`);
    await page.getByRole("button", { name: "Anmelden" }).click();
    await page.getByRole("link", { name: "Neue Veranstaltung" }).first().click();
    await page.getByText("Datum und Uhrzeit (24 Stunden)").first().waitFor();
    await page.getByLabel("Name", { exact: true }).fill("Dachterrasse");
    await page.getByLabel("Sprache der Seiten und E-Mails").selectOption("de");
    await page.getByLabel("Plätze pro Anmeldung (der Gast eingeschlossen)").fill("0");
    await page.getByRole("button", { name: "Veranstaltung anlegen" }).click();
    await page.getByText("Gib eine ganze Zahl von Plätzen von 1 bis 20 ein.").first().waitFor();
    await checked("the refused form in German", "admin-form-de");

    await page.getByLabel("Plätze pro Anmeldung (der Gast eingeschlossen)").fill("4");
    await page.getByRole("button", { name: "Veranstaltung anlegen" }).click();
    const hostUrl = await page.locator(".secret a").getAttribute("href");
    expect(hostUrl).toMatch(new RegExp(`^${runtime.url}/h/`));
    const eventId = /\/e\/([a-z0-9]+)/.exec((await page.locator("dd a").first().getAttribute("href"))!)![1]!;

    await page.goto(`${runtime.url}/admin/events/${eventId}`);
    await page.getByLabel("Name", { exact: true }).fill("Dachterrassenfest");
    await page.getByRole("button", { name: "Änderungen speichern" }).click();
    // "Wird gespeichert …" until the keeper has applied it, then the form with the new name.
    await expect.poll(() => page.getByLabel("Name", { exact: true }).inputValue()).toBe("Dachterrassenfest");
    await checked("the saved form", "admin-saved-de");

    await runtime.queue.send([
      register(eventId, "ana@example.org", "Ana", { party: 3 }),
      register(eventId, "bo@example.org", "Bo"),
    ]);
    await runtime.idle();
    await page.goto(hostUrl!);
    await page.getByText("4 Plätze · 2 Anmeldungen").waitFor();
    await checked("the host page with parties", "host-parties-de");
    await page.getByRole("link", { name: "Gästeliste", exact: true }).click();
    await page.locator("table.guests").waitFor();
    // Overflow only, as in admin-browser.test.ts: the action column's empty header is the host-actions
    // work's to name (axe: empty-table-header).
    expect(await sidewaysOverflow(page), "the guest list scrolls sideways").toBe(0);
    await photograph(page, "host-guests-de");

    await page.goto(`${runtime.url}/admin`);
    await page.locator("ul.events").waitFor();
    await checked("the event list", "admin-list-de");
    await page.context().close();
  });

  it.skipIf(!process.env.RSVP_SCREENSHOTS)(
    "photographs the English admin list at 1280 px and the form at 390 px for the docs",
    async () => {
      const runtime = site.runtime();
      const screenshotDir = process.env.RSVP_SCREENSHOTS!;
      const context = await site.browser().newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(`${runtime.url}/admin/sign-in?token=${runtime.adminToken}`);
      await page.getByRole("button", { name: "Sign in" }).click();
      for (const [name, place, seats] of [
        ["Winter party", "Café Lima", "40"],
        ["Book club: The Waves", "Public library, room 2", "12"],
      ] as const) {
        await page.goto(`${runtime.url}/admin/events/new`);
        await page.getByLabel("Name", { exact: true }).fill(name);
        await page.getByLabel("Place", { exact: true }).fill(place);
        await page.getByLabel("Seats", { exact: true }).fill(seats);
        await page.getByRole("button", { name: "Create event" }).click();
        await page.locator(".secret a").waitFor();
      }
      await page.goto(`${runtime.url}/admin`);
      await page.screenshot({ path: join(screenshotDir, "admin-list-1280.png") });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${runtime.url}/admin/events/new`);
      await page.screenshot({ path: join(screenshotDir, "admin-form-390.png") });
      await context.close();
    },
  );
});
