import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Accent, accents } from "../../contracts/accent.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestStatus } from "../../contracts/guest.ts";
import { confirmedEmail, offeredEmail } from "../../mail/messages.ts";
import { pageStyle } from "../../producers/web/inline-assets.ts";
import { axeViolations, overflowsSideways, photograph } from "../helpers/browser-scenario.ts";
import { chromiumAvailable, launchChromium, phonePage } from "../helpers/chromium.ts";
import { fakeClock, newEvent } from "../helpers/factories.ts";
import { guestOf } from "../helpers/guest-fixtures.ts";
import { testKeyring, testLinkMinter } from "../helpers/link-minter.ts";

/**
 * The emails as a mail client draws them, beside the page their button opens: in chromium at 390 px, in light
 * and dark mode, the email's main button has the same colour as a page's button, and its plain links
 * the same colour as the button. Each email passes axe (light and dark) and never scrolls sideways; with RSVP_SCREENSHOTS set
 * they are photographed at 390 and 1280 px (`email-confirmed-en`, `email-confirmed-de`, `email-confirmed-teal`,
 * `email-offered-en`). An event of another colour (contracts/accent.ts) has its emails in that colour too.
 */
describe.skipIf(!chromiumAvailable())("the emails wear the pages' accent", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const links = testLinkMinter(testKeyring(), fakeClock());
  const event = (language: "en" | "de", accent?: Accent): EventRecord => {
    const base = newEvent({
      eventId: `ev-look-${language}`,
      name: language === "de" ? "Winterfest" : "Winter Party",
    });
    return {
      ...base,
      details: {
        ...base.details,
        language,
        ...(accent ? { accent } : {}),
        hostName: "Ana Lima",
        location: { place: "Café Lima", address: "Torstraße 1, 10119 Berlin", onlineUrlConfirmedOnly: false },
      },
    };
  };
  const offer = {
    offeredAt: "2026-12-20T10:00:00.000Z",
    deliverAt: "2026-12-20T10:00:00.000Z",
    expiresAt: "2026-12-20T16:00:00.000Z",
  };
  const input = (e: EventRecord, status: GuestStatus) => {
    const guest = guestOf(e, status, {
      guestId: "g-ana",
      name: "Ana Lima",
      ...(status === "offered" ? { offer } : {}),
    });
    return { event: e, guest, links, key: `${guest.guestId}/${guest.version}`, replyTo: () => null };
  };

  /** A computed style of the first link named `label` (`cell`: of the table cell around it). */
  const styleOfLink = (page: Page, label: string, property: string, cell = false) =>
    page.evaluate<string>(
      `getComputedStyle([...document.querySelectorAll("a")].find((a) => a.textContent.trim() === ${JSON.stringify(label)})${cell ? '.closest("td")' : ""}).${property}`,
    );

  /** A page's button colour (background, text) in the scheme, as the pages' own style draws it for the accent. */
  async function pageButton(page: Page, colorScheme: "light" | "dark", accent?: Accent): Promise<string[]> {
    await page.emulateMedia({ colorScheme });
    const named = accent ? ` data-accent="${accent}"` : "";
    await page.setContent(
      `<!doctype html><html${named}><style>${pageStyle}</style><main><a class="button" href="#">Go</a></main></html>`,
    );
    return [await styleOfLink(page, "Go", "backgroundColor"), await styleOfLink(page, "Go", "color")];
  }

  /** The email's main button colour (its cell's background, its link's text) in the scheme. */
  async function emailButton(page: Page, html: string, label: string, colorScheme: "light" | "dark") {
    await page.emulateMedia({ colorScheme });
    await page.setContent(html);
    return [await styleOfLink(page, label, "backgroundColor", true), await styleOfLink(page, label, "color")];
  }

  const emailSkip = ["landmark-one-main", "region"];

  it("the confirmation's button is the pages' indigo in light and dark mode, in English and German", async () => {
    const { context, page } = await phonePage(browser);
    for (const scheme of ["light", "dark"] as const) {
      const expected = await pageButton(page, scheme);
      expect(
        await emailButton(
          page,
          confirmedEmail(input(event("en"), "confirmed")).html,
          "Manage your RSVP",
          scheme,
        ),
      ).toEqual(expected);
      expect(
        await emailButton(
          page,
          confirmedEmail(input(event("de"), "confirmed")).html,
          "Deine Anmeldung verwalten",
          scheme,
        ),
      ).toEqual(expected);
    }
    for (const language of ["en", "de"] as const) {
      await page.emulateMedia({ colorScheme: "light" });
      await page.setContent(confirmedEmail(input(event(language), "confirmed")).html);
      expect(await overflowsSideways(page)).toBe(false);
      expect(await axeViolations(page, { skip: emailSkip })).toEqual([]);
      await photograph(page, `email-confirmed-${language}`);
    }
    await context.close();
  });

  it("every colour of the palette: the email's button is the page's, light and dark", async () => {
    const { context, page } = await phonePage(browser);
    for (const accent of accents)
      for (const scheme of ["light", "dark"] as const) {
        const html = confirmedEmail(input(event("en", accent), "confirmed")).html;
        expect(await emailButton(page, html, "Manage your RSVP", scheme), `${accent} ${scheme}`).toEqual(
          await pageButton(page, scheme, accent),
        );
      }
    await page.emulateMedia({ colorScheme: "light" });
    await page.setContent(confirmedEmail(input(event("en", "teal"), "confirmed")).html);
    expect(await axeViolations(page, { skip: emailSkip })).toEqual([]);
    await photograph(page, "email-confirmed-teal");
    await context.close();
  });

  it("an offer's button and its plain links share the accent", async () => {
    const { context, page } = await phonePage(browser);
    const email = offeredEmail(input(event("en"), "offered"));
    for (const scheme of ["light", "dark"] as const) {
      const [accent] = await pageButton(page, scheme);
      const [background] = await emailButton(page, email.html, "Claim my seat", scheme);
      expect(background).toBe(accent);
      expect(await styleOfLink(page, "Decline the seat", "color")).toBe(accent);
    }
    await page.emulateMedia({ colorScheme: "light" });
    expect(await overflowsSideways(page)).toBe(false);
    expect(await axeViolations(page, { skip: emailSkip })).toEqual([]);
    await photograph(page, "email-offered-en");
    await context.close();
  });
});
