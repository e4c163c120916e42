import { DateTime } from "luxon";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { Language } from "../../contracts/language.ts";
import { createEventRecord } from "../../core/event-factory.ts";
import { hashHostToken, mintHostToken } from "../../core/host-token.ts";
import {
  axeViolations,
  browserScenario,
  overflowsSideways,
  photograph,
} from "../helpers/browser-scenario.ts";
import { chromiumAvailable } from "../helpers/chromium.ts";
import { register } from "../helpers/factories.ts";

/**
 * The host page on a phone (390 px), in English and German: its tools are a designed set of actions, grouped
 * under headings, each a tap target of at least 44 px with a one-line hint, and axe-core finds nothing, light or
 * dark. With RSVP_SCREENSHOTS set, the page is photographed at 390 and 1280 px, light and dark.
 */
describe.skipIf(!chromiumAvailable())("the host page's actions on a phone", () => {
  const site = browserScenario("host-actions");

  /** An event a month out with a place and a host, three seats, two guests; its host page's address. */
  async function hostedEvent(language: Language, maxParty = 1): Promise<string> {
    const runtime = site.runtime();
    const token = mintHostToken();
    const start = DateTime.now().setZone("Europe/Berlin").plus({ days: 30 }).set({ hour: 19, minute: 0 });
    const event = createEventRecord(
      {
        eventId: `host-${language}-${Date.now()}`,
        name: language === "de" ? "Winterfest" : "Winter Party",
        startsAtLocal: start.toFormat("yyyy-MM-dd'T'HH:mm"),
        timeZone: "Europe/Berlin",
        capacity: maxParty > 1 ? 40 : 3,
        hostTokenHash: hashHostToken(token),
        settings: { maxParty },
        details: {
          language,
          description: "",
          location: {
            place: "Café Lima",
            address: "Torstraße 1, 10119 Berlin",
            onlineUrlConfirmedOnly: false,
          },
          hostName: "Ana Lima",
        },
      },
      new Date(),
    );
    await runtime.store.createEvent(event);
    await runtime.queue.send([
      register(event.eventId, "ben@example.org", "Ben Okafor"),
      register(event.eventId, "cleo@example.org", "Cleo Park", { party: maxParty > 1 ? 3 : 1 }),
    ]);
    await runtime.idle();
    return `${runtime.url}/h/${token}`;
  }

  /** The tool cards: each a link named by its label, a hint beside it, and the whole card the tap target. */
  async function expectToolCards(page: Page, tools: readonly [string, string][]) {
    for (const [label, hint] of tools) {
      const link = page.getByRole("link", { name: label, exact: true });
      const card = page.locator("ul.tools li").filter({ has: link });
      expect(await card.getByText(hint, { exact: true }).count(), `the hint under ${label}`).toBe(1);
      await card.scrollIntoViewIfNeeded();
      const box = await card.boundingBox();
      expect(box?.height, `${label}'s card height`).toBeGreaterThanOrEqual(44);
      // A tap anywhere on the card (here: its bottom left corner, on the hint) lands on the link.
      const [x, y] = [box!.x + 8, box!.y + box!.height - 8];
      const hit = await page.evaluate<string | null>(
        `document.elementFromPoint(${x}, ${y})?.closest("a")?.textContent ?? null`,
      );
      expect(hit, `a tap on ${label}'s card`).toBe(label);
    }
    // A designed set, not a bulleted list.
    const bullets = await page.evaluate<string[]>(
      `[...document.querySelectorAll("ul.tools")].map((list) => getComputedStyle(list).listStyleType)`,
    );
    expect(bullets.length).toBeGreaterThan(0);
    expect(new Set(bullets)).toEqual(new Set(["none"]));
  }

  it("groups the host's tools under headings, as cards with a hint each, 44 px or more (English)", async () => {
    const page = await site.phone();
    await page.goto(await hostedEvent("en"));
    await page.getByRole("heading", { name: "Winter Party", level: 1 }).waitFor();
    // Under the name, when and where, as the guests read it.
    await page.getByText("Café Lima, Torstraße 1, 10119 Berlin").waitFor();
    for (const group of ["Your guests", "Messages", "At the door", "The event", "Seats and registration"])
      await page.getByRole("heading", { name: group, level: 2 }).waitFor();
    await expectToolCards(page, [
      ["Guest list", "Everyone who registered. Re-send a guest their link."],
      ["Download as CSV", "The whole list as a file for a spreadsheet."],
      ["Import a guest list", "Add people from a CSV file, such as a spreadsheet export."],
      ["Ask about your guest list", "“How many are on the waitlist?” “Who cancelled this week?”"],
      ["Message the confirmed guests", "One email to every guest with a seat."],
      ["Thank-you note", "After the event: sent as drafted, or approved by you."],
      ["Door check-in", "A link for your door helpers: check guests in by code or by name."],
      ["Edit details and settings", "Name, date, place, seats, reminders and more."],
      ["Audit trail", "Every change: who, when, from → to."],
    ]);
    // The headcount tiles say their changes to a screen reader (DESIGN.md: an aria-live region).
    expect(await page.locator("#headcount").getAttribute("aria-live")).toBe("polite");
    // The registration toggle is a secondary button; the capacity change stays the form's main one.
    expect(await page.getByRole("button", { name: "Close registration" }).getAttribute("class")).toBe(
      "secondary",
    );
    expect(await overflowsSideways(page)).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    await photograph(page, "host-en");
    // Tapping the card's hint opens the guest list.
    const guestList = page.locator("ul.tools li").filter({ hasText: "Everyone who registered." });
    const box = await guestList.boundingBox();
    await guestList.click({ position: { x: 12, y: box!.height - 10 } });
    await page.waitForURL(/\/guests$/);
  });

  it("says the same in German, per du", async () => {
    const page = await site.phone({ locale: "de-DE" });
    await page.goto(await hostedEvent("de"));
    await page.getByRole("heading", { name: "Winterfest", level: 1 }).waitFor();
    for (const group of ["Deine Gäste", "Nachrichten", "An der Tür", "Die Veranstaltung"])
      await page.getByRole("heading", { name: group, level: 2 }).waitFor();
    await expectToolCards(page, [
      ["Gästeliste", "Alle, die sich angemeldet haben. Einem Gast seinen Link erneut senden."],
      [
        "Eine Gästeliste importieren",
        "Gäste aus einer CSV-Datei hinzufügen, etwa aus einer Tabelle exportiert.",
      ],
      ["Einlass an der Tür", "Ein Link für deine Helfer an der Tür: Gäste per Code oder Name einchecken."],
      ["Dankesnachricht", "Nach der Veranstaltung: wie entworfen gesendet oder von dir freigegeben."],
    ]);
    expect(await overflowsSideways(page)).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    await photograph(page, "host-de");
  });

  it("keeps a party event's tiles readable in German: whole words, nothing sticking out", async () => {
    const page = await site.phone({ locale: "de-DE" });
    await page.goto(await hostedEvent("de", 4));
    await page.getByText("4 Plätze · 2 Anmeldungen").waitFor();
    const tiles = await page.evaluate<{ wrap: string; overflow: number }[]>(
      `[...document.querySelectorAll("#headcount td")].map((td) => ({ wrap: getComputedStyle(td).overflowWrap, overflow: td.scrollWidth - td.clientWidth }))`,
    );
    for (const tile of tiles) expect(tile).toEqual({ wrap: "normal", overflow: 0 });
    expect(await axeViolations(page)).toEqual([]);
    await photograph(page, "host-parties-de");
  });
});
