import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import type { EventRecord } from "../../contracts/event.ts";
import { createEventRecord } from "../../core/event-factory.ts";
import { hashHostToken, mintHostToken } from "../../core/host-token.ts";
import {
  axeViolations,
  browserScenario,
  overflowsSideways,
  photograph,
} from "../helpers/browser-scenario.ts";
import { chromiumAvailable } from "../helpers/chromium.ts";

/**
 * The guest's pages as a person on a phone uses them (issue 12 §3): a real chromium at 390 px against the
 * embedded runtime on loopback. The guest registers and sees the outcome without another click, manages their
 * RSVP (calendar, cancel) from the status page, and axe-core finds no accessibility violation on any of these
 * pages, in light or dark mode. With RSVP_SCREENSHOTS=<dir>, every page is also photographed at 390 and
 * 1280 px, light and dark, for a person to look at.
 */
describe.skipIf(!chromiumAvailable())("the guest's pages on a phone", () => {
  const site = browserScenario("guest-pages");

  /** A person with a phone of their own, who can download (the calendar file). */
  const phone = () => site.phone({ acceptDownloads: true });

  /** An event a month out with every detail, one seat, and no quiet hours (a freed seat is offered at once). */
  async function winterParty(): Promise<EventRecord> {
    const now = new Date();
    const start = DateTime.now().setZone("Europe/Berlin").plus({ days: 30 }).set({ hour: 19, minute: 0 });
    const event = createEventRecord(
      {
        eventId: `winter-${Date.now()}`,
        name: "Winter Party",
        startsAtLocal: start.toFormat("yyyy-MM-dd'T'HH:mm"),
        endsAtLocal: start.plus({ hours: 4 }).toFormat("yyyy-MM-dd'T'HH:mm"),
        timeZone: "Europe/Berlin",
        capacity: 1,
        hostTokenHash: hashHostToken(mintHostToken()),
        settings: { quietHours: { start: "00:00", end: "00:00" } },
        details: {
          description:
            "Mulled wine, a fire in the yard and a short quiz at nine.\n\nBring something warm. The playlist: https://example.org/playlist.",
          location: {
            place: "Café Lima",
            address: "Torstraße 1, 10119 Berlin",
            onlineUrl: "https://meet.example.org/winter",
            onlineUrlConfirmedOnly: true,
          },
          hostName: "Ana Lima",
        },
      },
      now,
    );
    await site.runtime().store.createEvent(event);
    return event;
  }

  it("a guest registers, sees the outcome without another click, adds it to the calendar and cancels; every page passes axe", async () => {
    const runtime = site.runtime();
    const event = await winterParty();
    const at = (path: string) => `${runtime.url}${path}`;

    // The event page says what, when, where and who, and the online link is kept for confirmed guests.
    const ana = await phone();
    await ana.goto(at(`/e/${event.eventId}`));
    await ana.getByRole("heading", { name: "Winter Party", level: 1 }).waitFor();
    await ana.getByText("1 of 1 seat left.").waitFor();
    await ana.getByText("Hosted by Ana Lima").waitFor();
    await ana.getByText(/19:00 – 23:00 CET \(Europe\/Berlin\)/).waitFor();
    expect(await ana.getByRole("link", { name: /Café Lima on a map/ }).getAttribute("href")).toBe(
      "https://www.openstreetmap.org/search?query=Caf%C3%A9%20Lima%2C%20Torstra%C3%9Fe%201%2C%2010119%20Berlin",
    );
    expect(await ana.getByRole("link", { name: "https://example.org/playlist" }).count()).toBe(1);
    expect(await ana.getByRole("link", { name: "Join online" }).count()).toBe(0);
    expect(await ana.locator('meta[property="og:title"]').getAttribute("content")).toBe("Winter Party");
    expect(await overflowsSideways(ana)).toBe(false);
    expect(await axeViolations(ana)).toEqual([]);
    await photograph(ana, "register");

    // A slip is shown on the form itself, with what she typed kept.
    await ana.getByLabel("Your name").fill("Ana Lima");
    await ana.getByLabel("Email", { exact: true }).fill("ana(at)example.org");
    await ana.getByRole("button", { name: "Register" }).click();
    await ana.getByRole("heading", { name: "Please check what you entered" }).waitFor();
    await ana
      .getByRole("link", { name: "Enter your email address in the right format, like ana@example.org" })
      .waitFor();
    expect(await ana.getByLabel("Your name").inputValue()).toBe("Ana Lima");
    expect(await axeViolations(ana)).toEqual([]);
    await photograph(ana, "register-error");

    // Corrected, the post leads straight to the outcome: the page updates itself, no "see whether you're in".
    await ana.getByLabel("Email", { exact: true }).fill("ana@example.org");
    await ana.getByRole("button", { name: "Register" }).click();
    await ana.getByRole("heading", { name: "You're in, Ana Lima!" }).waitFor();
    await ana.getByRole("status").filter({ hasText: "Confirmed" }).waitFor();
    const manageUrl = ana.url();
    expect(manageUrl).toMatch(/\/e\/winter-\d+\/s\/[0-9a-f-]+$/);
    // The online link is hers now; the calendar entry downloads, and the web calendars are one tap away.
    await ana.getByRole("link", { name: "https://meet.example.org/winter" }).waitFor();
    const [download] = await Promise.all([
      ana.waitForEvent("download"),
      ana.getByRole("link", { name: /Download \.ics/ }).click(),
    ]);
    const ics = readFileSync((await download.path())!, "utf8");
    expect(ics).toContain("BEGIN:VCALENDAR");
    expect(ics).toContain("SUMMARY:Winter Party");
    expect(await ana.getByRole("link", { name: "Google Calendar" }).getAttribute("href")).toMatch(
      /^https:\/\/calendar\.google\.com\/calendar\/render\?action=TEMPLATE&text=Winter\+Party&dates=\d{8}T180000Z%2F\d{8}T220000Z/,
    );
    expect(await ana.getByRole("link", { name: "Outlook.com" }).getAttribute("href")).toMatch(
      /^https:\/\/outlook\.live\.com\/calendar\/0\/action\/compose\?rru=addevent&subject=Winter\+Party/,
    );
    expect(await overflowsSideways(ana)).toBe(false);
    expect(await axeViolations(ana)).toEqual([]);
    await photograph(ana, "manage-confirmed");

    // Ben finds it full and joins the waitlist; his page shows his place in line.
    const ben = await phone();
    await ben.goto(at(`/e/${event.eventId}`));
    await ben.getByText("All 1 seats are taken").waitFor();
    await ben.getByLabel("Your name").fill("Ben Okafor");
    await ben.getByLabel("Email", { exact: true }).fill("ben@example.org");
    await ben.getByRole("button", { name: "Join the waitlist" }).click();
    await ben.getByRole("status").filter({ hasText: "On the waitlist (#1)" }).waitFor();
    await ben.getByRole("link", { name: "Leave the waitlist" }).waitFor();
    expect(await axeViolations(ben)).toEqual([]);
    await photograph(ben, "manage-waitlisted");

    // Ana cancels from her manage page: the link page shows one button, and only pressing it acts.
    await ana.getByRole("link", { name: "Cancel my seat" }).click();
    const cancel = ana.getByRole("button", { name: "Cancel my RSVP" });
    await cancel.waitFor();
    const cancelUrl = ana.url();
    // The line under the heading is her status, not "Ana …: …" (the heading already names her).
    await ana.getByText("Your seat is confirmed.", { exact: true }).waitFor();
    expect(await axeViolations(ana)).toEqual([]);
    await photograph(ana, "link-cancel");
    await cancel.click();
    await ana.getByRole("heading", { name: "Your RSVP is cancelled" }).waitFor();
    // What happens next: the email that confirms it, and the way back.
    await ana.getByRole("heading", { name: "What happens next" }).waitFor();
    await ana.getByText("An email confirming this is on its way to you.").waitFor();
    await ana.getByRole("link", { name: "Back to the event" }).waitFor();
    expect(await axeViolations(ana)).toEqual([]);
    await photograph(ana, "link-cancel-done");
    // Her cancel link again: already cancelled, said once, and the way back is a button-sized link.
    await ana.goto(cancelUrl);
    await ana.getByRole("heading", { name: "Already cancelled" }).waitFor();
    await ana.getByText("Your RSVP is cancelled.").waitFor();
    await ana
      .getByText("To come after all, register again with the same address while registration is open.")
      .waitFor();
    const back = await ana.getByRole("link", { name: "Back to the event" }).boundingBox();
    expect(back?.height).toBeGreaterThanOrEqual(44);
    expect(await axeViolations(ana)).toEqual([]);
    await photograph(ana, "link-already-cancelled");
    await ana.goto(manageUrl);
    await ana.getByRole("status").filter({ hasText: "Not attending" }).waitFor();
    await ana.getByRole("link", { name: "Back to the event" }).waitFor();
    expect(await ana.getByRole("link", { name: /Download \.ics/ }).count()).toBe(0);
    expect(await axeViolations(ana)).toEqual([]);
    await photograph(ana, "manage-cancelled");

    // Ben's page, left open, changes by itself: the seat is offered to him, with the deadline and a claim link.
    await ben
      .getByRole("status")
      .filter({ hasText: /^Seat offered — claim by / })
      .waitFor();
    expect(await axeViolations(ben)).toEqual([]);
    await photograph(ben, "manage-offered");
    await ben.getByRole("link", { name: "Claim my seat" }).click();
    await ben.getByRole("button", { name: /^Claim my seat \(held until / }).waitFor();
    expect(await axeViolations(ben)).toEqual([]);
    await photograph(ben, "link-claim");
    await ben.getByRole("button", { name: /^Claim my seat/ }).click();
    await ben.getByRole("heading", { name: "Seat claimed" }).waitFor();
    expect(await axeViolations(ben)).toEqual([]);
  });

  it("the register form works inside an iframe on a site the host allowed, and is refused on any other", async () => {
    const runtime = site.runtime();
    // Two other sites on loopback (the browser would not let a public site frame a loopback one at all):
    // the host's, which the event allows, and one it does not. Each serves the docs' snippet.
    let eventId = "";
    const snippet =
      () => `<!doctype html><html lang="en"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Ana's site</title><h1>Ana's book club</h1>
<iframe src="${runtime.url}/e/${eventId}" title="RSVP for Book club" style="width: 100%; height: 44rem; border: 0;"></iframe>`;
    const sites = [createServer(), createServer()];
    const origins: string[] = [];
    for (const site of sites) {
      site.on("request", (_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(snippet()));
      await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
      origins.push(`http://127.0.0.1:${(site.address() as AddressInfo).port}`);
    }
    const [allowed, elsewhere] = origins as [string, string];
    try {
      const now = new Date();
      const event = createEventRecord(
        {
          eventId: `embedded-${Date.now()}`,
          name: "Book club",
          startsAtLocal: DateTime.now()
            .setZone("Europe/Berlin")
            .plus({ days: 9 })
            .toFormat("yyyy-MM-dd'T'19:30"),
          timeZone: "Europe/Berlin",
          capacity: 12,
          hostTokenHash: hashHostToken(mintHostToken()),
          settings: { embedOrigins: [allowed] },
        },
        now,
      );
      eventId = event.eventId;
      await runtime.store.createEvent(event);
      const page = await phone();

      await page.goto(`${allowed}/`);
      const form = page.frameLocator("iframe");
      await form.getByLabel("Your name").fill("Cleo");
      await form.getByLabel("Email", { exact: true }).fill("cleo@example.org");
      await form.getByRole("button", { name: "Register" }).click();
      await form.getByRole("heading", { name: "You're in, Cleo!" }).waitFor();
      expect(page.url()).toBe(`${allowed}/`);
      if (process.env.RSVP_SCREENSHOTS)
        await page.screenshot({
          path: join(process.env.RSVP_SCREENSHOTS, "embedded-390-light.png"),
          fullPage: true,
        });

      // A site the host did not name gets the browser's refusal instead of the form.
      await page.goto(`${elsewhere}/`);
      await expect
        .poll(() => page.frames().some((f) => f.url().startsWith("chrome-error://")), { timeout: 10_000 })
        .toBe(true);
      expect(await page.frameLocator("iframe").getByLabel("Your name").count()).toBe(0);
    } finally {
      for (const site of sites) site.close();
    }
  });
});
