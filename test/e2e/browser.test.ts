import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { readAdminToken } from "../../adapters/local/admin-token.ts";
import { emailKey } from "../../contracts/common.ts";
import { EventSettings } from "../../contracts/settings.ts";
import { hashHostToken, mintHostToken } from "../../core/host-token.ts";
import { axeViolations } from "../helpers/browser-scenario.ts";
import { browserSite } from "../helpers/browser-site.ts";
import { chromiumAvailable } from "../helpers/chromium.ts";
import { newEvent } from "../helpers/factories.ts";

/**
 * The guest's journey as people click through it: a real chromium against `rsvp`'s embedded runtime
 * listening on loopback, on the system clock. Waiting is playwright's own (a locator waits for its element,
 * across the pages' self-refreshes), never a sleep.
 */
const DAY = 86_400_000;

describe.skipIf(!chromiumAvailable())("in a browser", () => {
  const site = browserSite("browser");

  /** A person with a browser of their own (own cookies and cache), failing fast instead of at the test timeout. */
  async function person(): Promise<Page> {
    const page = await site.browser().newPage();
    page.setDefaultTimeout(15_000);
    return page;
  }

  /** A cell of the host page's headcount, once it shows `value` (the page polls for it by itself). */
  const headcountShows = (host: Page, field: string, value: number) =>
    host
      .locator(`td[data-field="${field}"]`)
      .filter({ hasText: new RegExp(`^${value}$`) })
      .waitFor();

  it("registers, opens the email in the outbox, follows the cancel link, presses the button and sees the headcount change", async () => {
    const runtime = site.runtime();
    const hostToken = mintHostToken();
    const now = new Date();
    const event = newEvent({
      name: "Rooftop party",
      capacity: 1,
      hostTokenHash: hashHostToken(hostToken),
      startsAt: new Date(now.getTime() + 30 * DAY).toISOString(),
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      // No quiet hours: the freed seat is offered at once, whatever the hour the test runs at.
      settings: EventSettings.parse({ quietHours: { start: "00:00", end: "00:00" } }),
    });
    await runtime.store.createEvent(event);
    const at = (path: string) => `${runtime.url}${path}`;
    const statusOf = async (email: string) =>
      (await runtime.store.listGuests(event.eventId)).find((g) => g.emailKey === emailKey(email))?.status;

    // Ana takes the one seat.
    const ana = await person();
    await ana.goto(at(`/e/${event.eventId}`));
    await ana.getByText("1 of 1 seat left.").waitFor();
    await ana.getByLabel("Your name").fill("Ana Lima");
    await ana.getByLabel("Email").fill("ana@example.org");
    await ana.getByRole("button", { name: "Register" }).click();
    // The post leads straight to the status page, which updates itself: no "see whether you're in" click.
    await ana.getByRole("heading", { name: "You're in, Ana Lima!" }).waitFor();

    // Ben, in his own browser, finds it full and joins the waitlist.
    const ben = await person();
    await ben.goto(at(`/e/${event.eventId}`));
    await ben.getByLabel("Your name").fill("Ben Okafor");
    await ben.getByLabel("Email").fill("ben@example.org");
    await ben.getByRole("button", { name: "Join the waitlist" }).click();
    await ben.getByRole("heading", { name: "You're on the waitlist, Ben Okafor" }).waitFor();

    // The host keeps the headcount open in a tab of their own.
    const host = await person();
    await host.goto(at(`/h/${hostToken}`));
    await headcountShows(host, "confirmed", 1);
    await headcountShows(host, "waitlisted", 1);

    // Ana finds her confirmation in the outbox (no mail server here) and opens it.
    await runtime.idle(); // the messenger has queued every email by now
    const adminToken = readAdminToken(site.dataDir());
    expect(adminToken, "the admin token in the data dir").toBeTruthy();
    const outbox = at(`/outbox/${adminToken}`);
    await ana.goto(outbox);
    await ana
      .getByRole("row")
      .filter({ hasText: "ana@example.org" })
      .getByRole("link", { name: "You're in: Rooftop party" })
      .click();
    await ana.getByRole("heading", { name: "You're in: Rooftop party" }).waitFor();

    // The email's manage link opens the manage page; its cancel button opens the cancel page, which only shows
    // a button: a mail scanner opening either changes nothing.
    await ana.getByRole("link", { name: "manage", exact: true }).click();
    await ana.getByRole("heading", { name: "You're in, Ana Lima!" }).waitFor();
    await ana.getByRole("link", { name: "Cancel my seat" }).click();
    const cancelButton = ana.getByRole("button", { name: "Cancel my RSVP" });
    await cancelButton.waitFor();
    await runtime.idle();
    expect(await statusOf("ana@example.org")).toBe("confirmed");
    await headcountShows(host, "confirmed", 1);

    await cancelButton.click();
    await ana.getByRole("heading", { name: "Your RSVP is cancelled" }).waitFor();
    await ana.getByText("Your seat goes to the next person in line.").waitFor();

    // The host sees it without reloading, and the freed seat is held for Ben.
    await headcountShows(host, "confirmed", 0);
    await headcountShows(host, "offered", 1);
    await headcountShows(host, "waitlisted", 0);
    expect(await statusOf("ana@example.org")).toBe("cancelled");

    // Ben's status page and his email say so too.
    await ben.reload();
    await ben.getByRole("heading", { name: "A seat is waiting for you, Ben Okafor" }).waitFor();
    await runtime.idle();
    await ben.goto(outbox);
    await ben
      .getByRole("row")
      .filter({ hasText: "ben@example.org" })
      // Issue 12 §4: the offer's subject puts the news first ("Seat offered: … — claim by …").
      .getByRole("link", { name: /^Seat offered: Rooftop party/ })
      .waitFor();
  });
  /** An event with a host link, and a way to register a guest on it as the web form would. */
  async function hostedParty(name: string) {
    const runtime = site.runtime();
    const hostToken = mintHostToken();
    const now = new Date();
    const event = newEvent({
      name,
      capacity: 5,
      hostTokenHash: hashHostToken(hostToken),
      startsAt: new Date(now.getTime() + 30 * DAY).toISOString(),
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
    await runtime.store.createEvent(event);
    const register = async (email: string) => {
      const res = await fetch(`${runtime.url}/e/${event.eventId}/rsvp`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ name: "A Guest", email }),
      });
      expect(res.status).toBe(202);
      await runtime.idle();
    };
    return { hostUrl: `${runtime.url}/h/${hostToken}`, register };
  }

  /** The page's requests for the headcount: its event stream and its polls. */
  function headcountRequests(page: Page) {
    const seen = { live: 0, polls: 0 };
    page.on("request", (request) => {
      const path = new URL(request.url()).pathname;
      if (path.endsWith("/headcount/live")) seen.live += 1;
      else if (path.endsWith("/headcount")) seen.polls += 1;
    });
    return seen;
  }

  it("the host page's tiles move through the server's event stream, without polling", async () => {
    const { hostUrl, register } = await hostedParty("Stream party");
    const host = await person();
    const requests = headcountRequests(host);
    await host.goto(hostUrl);
    await headcountShows(host, "confirmed", 0);
    await register("ana@example.org");
    await headcountShows(host, "confirmed", 1);
    await headcountShows(host, "open", 4);
    await register("ben@example.org");
    await headcountShows(host, "confirmed", 2);
    expect(requests).toEqual({ live: 1, polls: 0 });
    expect(await axeViolations(host)).toEqual([]);
    await host.close();
  });

  it("where the event stream is refused, the host page polls instead", async () => {
    const { hostUrl, register } = await hostedParty("Poll party");
    const host = await person();
    const requests = headcountRequests(host);
    // A proxy (or the server's cap) in the way of the stream.
    await host.route("**/headcount/live", (route) =>
      route.fulfill({ status: 503, contentType: "application/json", body: '{"error":"busy"}' }),
    );
    await host.goto(hostUrl);
    await register("ana@example.org");
    await headcountShows(host, "confirmed", 1);
    expect(requests.live).toBe(1);
    expect(requests.polls).toBeGreaterThan(0);
    await host.close();
  });
});
