import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintHostToken } from "../../core/host-token.ts";
import { axeViolations, photograph } from "../helpers/browser-scenario.ts";
import { chromiumAvailable, launchChromium } from "../helpers/chromium.ts";
import { commandOf } from "../helpers/factories.ts";
import { onEachRuntime } from "../helpers/lifecycle-harness.ts";
import { pastTheAsk, startTallyEvent } from "../helpers/reconfirm-tally-event.ts";
import { served } from "../helpers/served-lifecycle.ts";

/**
 * The host page's "Reconfirmed" tile live in a real chromium, on both runtimes: the page stays open while the
 * ask goes out and guests answer, and the tile appears and moves with the page's headcount poll (no reload).
 * With RSVP_SCREENSHOTS=<dir>, the page is photographed at 390 and 1280 px.
 */

describe.skipIf(!chromiumAvailable())("the reconfirmed tile, live", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  onEachRuntime((start) => {
    it("appears with the ask and counts each yes of the asked while the host page stays open", async () => {
      const hostToken = mintHostToken();
      const life = await startTallyEvent(start, hostToken, {
        reconfirm: true,
        guests: ["ana@example.org", "ben@example.org"],
      });
      const site = await served(life);
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      try {
        const host = await context.newPage();
        host.setDefaultTimeout(15_000);
        await host.goto(`${site.url}/h/${hostToken}`);
        await host.getByRole("row", { name: /^Confirmed 2$/ }).waitFor();
        expect(await host.getByRole("row", { name: /^Reconfirmed/ }).count()).toBe(0);
        // Marks this page: a reload would lose it.
        await host.evaluate(() => {
          (globalThis as unknown as { stayed: boolean }).stayed = true;
        });

        await pastTheAsk(life);
        await host.getByRole("row", { name: "Reconfirmed 0 of 2 asked" }).waitFor();
        const ben = await life.guest("ben@example.org");
        await life.send(
          commandOf(life.eventId, { type: "reconfirm", guestId: ben.guestId }, { lane: "link" }),
        );
        // Cy comes after the ask: confirmed, not asked, not in the tile.
        await life.registerAll(["cy@example.org"]);
        await host.getByRole("row", { name: /^Confirmed 3$/ }).waitFor();
        await host.getByRole("row", { name: "Reconfirmed 1 of 2 asked" }).waitFor();
        // The tile sits where the page puts it on load: just above the registration row.
        const rows = await host.locator("#headcount tr th").allTextContents();
        expect(rows.indexOf("Reconfirmed")).toBe(rows.indexOf("Registration") - 1);
        expect(await host.evaluate(() => (globalThis as unknown as { stayed?: boolean }).stayed)).toBe(true);
        expect(await axeViolations(host)).toEqual([]);
        await photograph(host, "reconfirm-live-host");
      } finally {
        await context.close();
        await site.close();
      }
    });
  });
});
