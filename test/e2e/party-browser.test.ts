import { DateTime } from "luxon";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createEventRecord } from "../../core/event-factory.ts";
import { hashHostToken, mintHostToken } from "../../core/host-token.ts";
import { axeViolations, browserScenario, photograph } from "../helpers/browser-scenario.ts";
import { chromiumAvailable } from "../helpers/chromium.ts";

/**
 * A party's own pages in a real chromium on a phone (docs/parties.md): the manage page's "Change the number of
 * seats", the party page and its result, and the offer page's choice of seats (a partial accept). Every page
 * passes axe in light and dark mode. With RSVP_SCREENSHOTS=<dir>, each is photographed at 390 and 1280 px.
 */
describe.skipIf(!chromiumAvailable())("a party's pages on a phone", () => {
  const site = browserScenario("party-pages");

  async function registerAs(page: Page, eventUrl: string, name: string, email: string, seats: string) {
    await page.goto(eventUrl);
    await page.getByLabel("Your name").fill(name);
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Seats, you included").selectOption(seats);
    await page.getByRole("button", { name: /Register|Join the waitlist/ }).click();
    await page
      .getByRole("status")
      .filter({ hasText: /Confirmed|On the waitlist/ })
      .waitFor();
    return page.url();
  }

  it("a guest lowers their party from the manage page, and an offered party takes fewer seats; every page passes axe", async () => {
    const runtime = site.runtime();
    const start = DateTime.now().setZone("Europe/Berlin").plus({ days: 30 }).set({ hour: 19, minute: 0 });
    const event = createEventRecord(
      {
        eventId: `party-${Date.now()}`,
        name: "Winter Party",
        startsAtLocal: start.toFormat("yyyy-MM-dd'T'HH:mm"),
        timeZone: "Europe/Berlin",
        capacity: 4,
        hostTokenHash: hashHostToken(mintHostToken()),
        settings: { quietHours: { start: "00:00", end: "00:00" }, maxParty: 4 },
      },
      new Date(),
    );
    await runtime.store.createEvent(event);
    const eventUrl = `${runtime.url}/e/${event.eventId}`;

    const ana = await site.phone();
    const anaManage = await registerAs(ana, eventUrl, "Ana Lima", "ana@example.org", "4");
    const ben = await site.phone();
    await registerAs(ben, eventUrl, "Ben Okafor", "ben@example.org", "3");

    // Ana's manage page offers the change; its page shows her party, the rule and the choice.
    await ana.goto(anaManage);
    await ana.getByRole("link", { name: "Change the number of seats" }).waitFor();
    expect(await axeViolations(ana)).toEqual([]);
    await photograph(ana, "party-manage");
    await ana.getByRole("link", { name: "Change the number of seats" }).click();
    await ana.getByRole("heading", { name: "How many seats, Ana Lima?" }).waitFor();
    await ana.getByText("You have 4 seats, you included.").waitFor();
    expect(await axeViolations(ana)).toEqual([]);
    await photograph(ana, "party-page");

    // She lowers to 1: the 3 seats she gives up are offered to Ben, whose party of 3 is next in line.
    await ana.getByLabel("Seats, you included").selectOption("1");
    await ana.getByRole("button", { name: "Change my seats" }).click();
    await ana.getByRole("heading", { name: "Your party is now 1 seat" }).waitFor();
    await ana.getByText("You gave up 3 seats; they go to the next guests in line.").waitFor();
    expect(await axeViolations(ana)).toEqual([]);
    await photograph(ana, "party-done");

    // Ben's page shows the offer; the offer page lets his party take fewer seats than it asked for.
    await ben.reload();
    await ben.getByRole("link", { name: "Claim my seat" }).click();
    await ben.getByLabel("Seats to take, you included").waitFor();
    expect(await axeViolations(ben)).toEqual([]);
    await photograph(ben, "party-claim");
    await ben.getByLabel("Seats to take, you included").selectOption("2");
    await ben.getByRole("button", { name: /^Claim our seats/ }).click();
    await ben.getByRole("heading", { name: "Seat claimed" }).waitFor();
    await ben.getByText(/2 seats confirmed/).waitFor();
    expect(await axeViolations(ben)).toEqual([]);
    await photograph(ben, "party-claimed");

    const guests = await runtime.store.listGuests(event.eventId);
    expect(guests.map((g) => [g.email, g.status, g.party]).sort()).toEqual([
      ["ana@example.org", "confirmed", 1],
      ["ben@example.org", "confirmed", 2],
    ]);
  });
});
