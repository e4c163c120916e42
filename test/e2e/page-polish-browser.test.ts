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
 * after a waitlisted guest leaves the line, in English and German. axe-core finds nothing, light or dark. With
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
});
