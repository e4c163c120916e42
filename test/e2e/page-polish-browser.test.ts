import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Language } from "../../contracts/language.ts";
import {
  axeViolations,
  browserScenario,
  overflowsSideways,
  photograph,
} from "../helpers/browser-scenario.ts";
import { chromiumAvailable } from "../helpers/chromium.ts";
import { hostedEvent, register } from "../helpers/factories.ts";

/**
 * Small polish on guest and host pages, in a real chromium against the embedded runtime on loopback: the page
 * after a waitlisted guest leaves the line, in English and German; the host page's "Copy link" button beside
 * the registration link (copied to the clipboard, "Copied" said in a live region; without script the link is
 * there alone); the guest list's search box, full width over its button on a phone and on one line with it from
 * 640 px. axe-core finds nothing, light or dark. With
 * RSVP_SCREENSHOTS=<dir>, each page is photographed at 390 and 1280 px, light and dark.
 */
describe.skipIf(!chromiumAvailable())("page polish, in a browser", () => {
  const site = browserScenario("page-polish");

  /** A one-seat event in `language`, its seat taken by Ana; its host page's path. */
  async function fullEvent(language: Language) {
    const runtime = site.runtime();
    const hosted = hostedEvent({ capacity: 1, name: language === "de" ? "Winterfest" : "Winter Party" });
    const event = { ...hosted.event, details: { ...hosted.event.details, language } };
    expect(await runtime.store.createEvent(event)).toBe(true);
    await runtime.queue.send([register(event.eventId, "ana@example.org", "Ana Lima")]);
    await runtime.idle();
    return { event, host: hosted.host };
  }

  const left = {
    en: { heading: "You left the waitlist", next: "What happens next", again: /Your old place in line/ },
    de: {
      heading: "Du hast die Warteliste verlassen",
      next: "Wie es weitergeht",
      again: /Deinen alten Platz in der Reihe/,
    },
  };

  for (const language of ["en", "de"] as const)
    it(`a waitlisted guest who leaves the line reads that they left the waitlist (${language})`, async () => {
      const runtime = site.runtime();
      const { event } = await fullEvent(language);
      const commandId = randomUUID();
      await runtime.queue.send([register(event.eventId, "ben@example.org", "Ben Okafor", { commandId })]);
      await runtime.idle();

      const ben = await site.phone();
      await ben.goto(`${runtime.url}/e/${event.eventId}/s/${commandId}`);
      await ben.locator('a[href*="/l/cancel/"]').click();
      await ben.locator('form button[type="submit"]').click();
      const words = left[language];
      await ben.getByRole("heading", { name: words.heading, level: 1 }).waitFor();
      await ben.getByRole("heading", { name: words.next, level: 2 }).waitFor();
      await ben.getByText(words.again).waitFor();
      expect(await ben.getByText(/cancelled|storniert/).count()).toBe(0);
      expect(await overflowsSideways(ben)).toBe(false);
      expect(await axeViolations(ben)).toEqual([]);
      await photograph(ben, `left-waitlist-${language}`);
      await ben.context().close();
    }, 60_000);

  const copy = {
    en: { button: "Copy link", copied: "Copied" },
    de: { button: "Link kopieren", copied: "Kopiert" },
  };

  for (const language of ["en", "de"] as const)
    it(`the host copies the registration link with one press and hears "Copied" (${language})`, async () => {
      const runtime = site.runtime();
      const { event, host } = await fullEvent(language);
      const words = copy[language];
      for (const width of [390, 1280]) {
        const page = await site.screen(width, { permissions: ["clipboard-read", "clipboard-write"] });
        await page.goto(`${runtime.url}${host}`);
        const button = page.getByRole("button", { name: words.button });
        await button.waitFor();
        const status = page.locator("#register-link-copied");
        expect(await status.getAttribute("aria-live")).toBe("polite");
        expect(await status.textContent()).toBe("");
        await button.click();
        await page.getByRole("status").filter({ hasText: words.copied }).waitFor();
        const copied = await page.evaluate<string>("navigator.clipboard.readText()");
        expect(copied).toBe(`${runtime.url}/e/${event.eventId}`);
        expect(await overflowsSideways(page)).toBe(false);
        expect(await axeViolations(page)).toEqual([]);
        if (width === 390) await photograph(page, `host-copy-link-${language}`);
        await page.context().close();
      }
    }, 60_000);

  it("without script the registration link is there to select, and no button that does nothing", async () => {
    const runtime = site.runtime();
    const { event, host } = await fullEvent("en");
    const page = await site.screen(390, { javaScriptEnabled: false });
    await page.goto(`${runtime.url}${host}`);
    await page.getByRole("link", { name: `${runtime.url}/e/${event.eventId}` }).waitFor();
    // The page reloads itself every 5 s without script (the headcount stays live): no axe run here, the
    // scripted page above had it.
    expect(await page.getByRole("button", { name: "Copy link" }).count()).toBe(0);
    await page.context().close();
  }, 60_000);

  /** Where the search field and its button sit, on the guest list at `width`. */
  async function searchBoxAt(host: string, width: number) {
    const page = await site.screen(width);
    await page.goto(`${site.runtime().url}${host}/guests`);
    const search = page.getByRole("search");
    const field = (await search.getByLabel("Find a guest by name or email").boundingBox())!;
    const button = (await search.getByRole("button", { name: "Search" }).boundingBox())!;
    const form = (await search.boundingBox())!;
    return { page, field, button, form };
  }

  it("the guest-list search is full width over its button on a phone, and on one line with it from 640 px", async () => {
    const { host } = await fullEvent("en");

    const phone = await searchBoxAt(host, 390);
    expect(phone.field.width).toBeGreaterThan(phone.form.width - 2);
    expect(phone.button.y).toBeGreaterThanOrEqual(phone.field.y + phone.field.height);
    expect(phone.button.width).toBeGreaterThan(phone.form.width - 2);
    expect(await overflowsSideways(phone.page)).toBe(false);
    expect(await axeViolations(phone.page)).toEqual([]);
    await photograph(phone.page, "host-guest-list-search-box");
    await phone.page.context().close();

    for (const width of [640, 1280]) {
      const wide = await searchBoxAt(host, width);
      // One line: the button beside the field, level with it, the field a sensible width (not the table's).
      expect(Math.abs(wide.button.y - wide.field.y), `at ${width} px`).toBeLessThan(2);
      expect(wide.button.x, `at ${width} px`).toBeGreaterThan(wide.field.x + wide.field.width);
      expect(wide.field.width, `at ${width} px`).toBeGreaterThanOrEqual(240);
      expect(wide.field.width, `at ${width} px`).toBeLessThanOrEqual(448);
      expect(wide.button.height, `at ${width} px`).toBeCloseTo(wide.field.height, 0);
      expect(await axeViolations(wide.page)).toEqual([]);
      await wide.page.context().close();
    }
  }, 60_000);
});
