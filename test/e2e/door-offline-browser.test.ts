import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { readKeyring } from "../../adapters/local/key-file.ts";
import { eventEnd } from "../../contracts/event.ts";
import { doorLinkGraceMs, signDoorToken } from "../../core/check-in-code.ts";
import { createEventRecord } from "../../core/event-factory.ts";
import { hashHostToken, mintHostToken } from "../../core/host-token.ts";
import { guestIdFor } from "../../core/seat-keeper.ts";
import { axeViolations } from "../helpers/browser-scenario.ts";
import { browserSite } from "../helpers/browser-site.ts";
import { chromiumAvailable } from "../helpers/chromium.ts";
import { commandOf, register } from "../helpers/factories.ts";

/**
 * The door page reloaded with no connection (issue 15 §2: "it keeps working through a flaky connection"): its
 * service worker answers the reload with the page it kept, the page works from the list on the phone, a
 * check-in by name is queued, and it reaches the server when the connection is back.
 */

describe.skipIf(!chromiumAvailable())("the door page offline, reloaded", () => {
  const site = browserSite("door-offline");

  /** Tomorrow evening's "Winter Party" in Berlin, 10 seats, no quiet hours, stored in the site's runtime. */
  async function winterParty(idPrefix: string) {
    const runtime = site.runtime();
    const start = DateTime.now().setZone("Europe/Berlin").plus({ days: 1 }).set({ hour: 19, minute: 0 });
    const event = createEventRecord(
      {
        eventId: `${idPrefix}-${Date.now()}`,
        name: "Winter Party",
        startsAtLocal: start.toFormat("yyyy-MM-dd'T'HH:mm"),
        timeZone: "Europe/Berlin",
        capacity: 10,
        hostTokenHash: hashHostToken(mintHostToken()),
        settings: { quietHours: { start: "00:00", end: "00:00" } },
      },
      new Date(),
    );
    await runtime.store.createEvent(event);
    return { runtime, event };
  }

  it("a door helper reloads the door page offline, checks a guest in by name, and it syncs when back online", async () => {
    const { runtime, event } = await winterParty("door-sw");
    const ben = register(event.eventId, "ben@example.org", "Ben Okafor", { lane: "web" });
    await runtime.queue.send([ben]);
    await runtime.idle();
    const benId = guestIdFor(event.eventId, ben.commandId);
    const token = signDoorToken(
      {
        eventId: event.eventId,
        expiresAt: new Date(eventEnd(event).getTime() + doorLinkGraceMs).toISOString(),
      },
      readKeyring(site.dataDir())!,
    );
    const doorUrl = `${runtime.url}/door/${token}`;

    // The worker is served for this link alone, allowed to control the page's own path, never cached stale.
    const worker = await runtime.fetch(new Request(`${doorUrl}/sw.js`));
    expect(worker.status).toBe(200);
    expect(worker.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(worker.headers.get("service-worker-allowed")).toBe(`/door/${token}`);
    expect(worker.headers.get("cache-control")).toBe("no-cache");
    expect(
      (await runtime.fetch(new Request(`${runtime.url}/door/x.y.z.${"a".repeat(22)}/sw.js`))).status,
    ).toBe(404);

    const context = await site.browser().newContext({
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const first = await page.goto(doorUrl);
    expect(first?.headers()["content-security-policy"]).toContain("worker-src 'self'");
    await page.getByText(/^Guest list from/).waitFor();
    // The worker is active and controls the page: it kept the page when it installed.
    expect(await page.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)")).toBe(
      `${runtime.url}/door/${token}`,
    );

    // No connection: the reload is answered by the worker with the page it kept, and the list is the phone's.
    await context.setOffline(true);
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await page.getByText(/Offline: check-ins are kept on this phone/).waitFor();
    await page.getByText("0 of 1 arrived").waitFor();
    await page.getByLabel("Search by name").fill("ben");
    await page.getByRole("button", { name: "Ben Okafor · party of 1" }).click();
    await page.getByRole("button", { name: "Check in", exact: true }).click();
    await page.getByText("✓ Ben Okafor, party of 1").waitFor();
    await page.getByText(/1 check-in waiting to be sent/).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await runtime.idle();
    expect((await runtime.store.getGuest(event.eventId, benId))?.checkedIn).toBeUndefined();

    // Back online: the queued check-in goes out by itself and reaches the keeper.
    // (The next try is on the page's 10-second round, or at once where the browser says it is online again.)
    await context.setOffline(false);
    await page.getByText("All check-ins sent.").waitFor({ timeout: 30_000 });
    await runtime.idle();
    expect((await runtime.store.getGuest(event.eventId, benId))?.checkedIn?.seats).toBe(1);
    await context.close();
  });

  it("a check-in queued on a phone whose door link the host revoked is not sent, and the page says so", async () => {
    const { runtime, event } = await winterParty("door-rv");
    const ben = register(event.eventId, "ben@example.org", "Ben Okafor", { lane: "web" });
    const linkId = "sams-phone-1";
    await runtime.queue.send([
      ben,
      commandOf(event.eventId, { type: "mint-door-link", linkId, label: "Sam" }, { lane: "host" }),
    ]);
    await runtime.idle();
    const token = signDoorToken(
      {
        eventId: event.eventId,
        expiresAt: new Date(eventEnd(event).getTime() + doorLinkGraceMs).toISOString(),
        linkId,
      },
      readKeyring(site.dataDir())!,
    );
    const context = await site.browser().newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${runtime.url}/door/${token}`);
    await page.getByText(/^Guest list from/).waitFor();

    await context.setOffline(true);
    await page.getByLabel("Search by name").fill("ben");
    await page.getByRole("button", { name: "Ben Okafor · party of 1" }).click();
    await page.getByRole("button", { name: "Check in", exact: true }).click();
    await page.getByText(/1 check-in waiting to be sent/).waitFor();
    await runtime.queue.send([
      commandOf(event.eventId, { type: "revoke-door-link", linkId }, { lane: "host" }),
    ]);
    await runtime.idle();
    await context.setOffline(false);
    await page.evaluate("window.rsvpDoor.sync()");
    await page
      .locator(".door-result.bad")
      .getByText(/This door link was revoked/)
      .waitFor();
    await runtime.idle();
    expect(
      (await runtime.store.getGuest(event.eventId, guestIdFor(event.eventId, ben.commandId)))?.checkedIn,
    ).toBeUndefined();
    await context.close();
  });
});
