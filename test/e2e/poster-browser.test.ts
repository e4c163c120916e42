import { createRequire } from "node:module";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { createEventRecord } from "../../core/event-factory.ts";
import { hashHostToken, mintHostToken } from "../../core/host-token.ts";
import { axeViolations, browserScenario, photograph, sidewaysOverflow } from "../helpers/browser-scenario.ts";
import { chromiumAvailable } from "../helpers/chromium.ts";

/**
 * The host's poster in a real chromium: reached from the host page's "The event" card, it shows the event and
 * a QR code that scans (jsQR reads the drawn code) to the event's register link; the print view is the poster
 * alone. axe-core checks it light and dark; with RSVP_SCREENSHOTS=<dir> it is photographed.
 */
/** jsQR is CommonJS whose types describe an ES default export: required as the function it is. */
const jsQR = createRequire(import.meta.url)("jsqr") as typeof import("jsqr").default;

describe.skipIf(!chromiumAvailable())("the host's poster in a browser", () => {
  const site = browserScenario("poster-browser");

  async function hostedEvent(language: "en" | "de"): Promise<{ hostUrl: string; registerUrl: string }> {
    const runtime = site.runtime();
    const token = mintHostToken();
    const start = DateTime.now().setZone("Europe/Berlin").plus({ days: 30 }).set({ hour: 19, minute: 0 });
    const event = createEventRecord(
      {
        eventId: `poster-${language}-${Date.now()}`,
        name: language === "de" ? "Sommerfest im Hof" : "Garden party",
        startsAtLocal: start.toFormat("yyyy-MM-dd'T'HH:mm"),
        timeZone: "Europe/Berlin",
        capacity: 40,
        hostTokenHash: hashHostToken(token),
        details: {
          language,
          description: "",
          location: {
            place: "Café Lima",
            address: "Torstraße 1, 10119 Berlin",
            onlineUrlConfirmedOnly: false,
          },
          accent: "teal",
        },
      },
      new Date(),
    );
    await runtime.store.createEvent(event);
    return { hostUrl: `${runtime.url}/h/${token}`, registerUrl: `${runtime.url}/e/${event.eventId}` };
  }

  /** What the drawn QR code says: the SVG drawn on a canvas in the page, its pixels read by jsQR here. */
  async function scanned(page: import("playwright-core").Page): Promise<string | null> {
    const { width, height, data } = await page.evaluate<{
      width: number;
      height: number;
      data: number[];
    }>(`(async () => {
      const svg = document.querySelector(".poster svg");
      const image = new Image();
      image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(new XMLSerializer().serializeToString(svg));
      await image.decode();
      const canvas = document.createElement("canvas");
      canvas.width = 400; canvas.height = 400;
      const context = canvas.getContext("2d");
      context.drawImage(image, 0, 0, 400, 400);
      return { width: 400, height: 400, data: Array.from(context.getImageData(0, 0, 400, 400).data) };
    })()`);
    return jsQR(Uint8ClampedArray.from(data), width, height)?.data ?? null;
  }

  it("opens from the host page, names the event, and its code scans to the register link", async () => {
    const { hostUrl, registerUrl } = await hostedEvent("en");
    const page = await site.phone({ bypassCSP: true });
    await page.goto(hostUrl);
    await page.getByRole("link", { name: "Poster with QR code" }).click();
    await page.getByRole("heading", { name: "Garden party", level: 1 }).waitFor();
    await page.getByText("Café Lima, Torstraße 1, 10119 Berlin").waitFor();
    await page.getByRole("img", { name: "QR code of the RSVP page for Garden party" }).waitFor();
    expect(await scanned(page)).toBe(registerUrl);
    await page.getByText(registerUrl, { exact: true }).waitFor();
    expect(await sidewaysOverflow(page)).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    // Printed, the note and the way back are left out: only the poster.
    await page.emulateMedia({ media: "print" });
    expect(await page.getByText("Back to the host page").isVisible()).toBe(false);
    expect(await page.getByText("Scan to RSVP").isVisible()).toBe(true);
    await page.emulateMedia({ media: "screen" });
    await photograph(page, "poster");
    await page.context().close();
  });

  it("speaks the event's language", async () => {
    const { hostUrl } = await hostedEvent("de");
    const page = await site.phone({ locale: "de-DE" });
    await page.goto(`${hostUrl}/poster`);
    await page.getByText("Scannen und anmelden").waitFor();
    expect(await page.getAttribute("html", "lang")).toBe("de");
    await photograph(page, "poster-de");
    await page.context().close();
  });
});
