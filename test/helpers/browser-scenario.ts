import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { BrowserContextOptions, Page } from "playwright-core";
import { expect } from "vitest";
import { type BrowserSite, browserSite } from "./browser-site.ts";

/**
 * What every browser test does around its own steps: a site (the embedded runtime on loopback and chromium, see
 * browser-site.ts), people's pages at phone or desktop size, axe-core's verdict, the sideways-scroll check, and
 * screenshots at 390 and 1280 px, light and dark, when RSVP_SCREENSHOTS=<dir> asks for them.
 */
export interface BrowserScenario extends BrowserSite {
  /** A person with a phone of their own: 390 × 844, touch, own cookies; failing fast, not at the test timeout. */
  phone(options?: BrowserContextOptions): Promise<Page>;
  /** A page of its own context at `width` (844 px high at 390, else 900), failing fast like a phone. */
  screen(width: number, options?: BrowserContextOptions): Promise<Page>;
}

/** Registers the site's beforeAll/afterAll in the calling describe block (as browserSite does) and adds pages. */
export function browserScenario(name: string): BrowserScenario {
  const site = browserSite(name);
  const screen = async (width: number, options: BrowserContextOptions = {}) => {
    const context = await site
      .browser()
      .newContext({ viewport: { width, height: width === 390 ? 844 : 900 }, ...options });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return page;
  };
  return {
    ...site,
    screen,
    phone: (options = {}) => screen(390, { hasTouch: true, isMobile: true, ...options }),
  };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: string[] }[];
}

/** How axeViolations looks: `skip` names rules another part of the page owns. */
export interface AxeOptions {
  skip?: readonly string[];
}

/**
 * axe-core's violations on the page as it is now, in light and dark mode (the page is left light). axe is
 * evaluated, not injected as a script tag, so the page's own CSP needs no bypass.
 */
export async function axeViolations(page: Page, options: AxeOptions = {}): Promise<string[]> {
  const rules = JSON.stringify(Object.fromEntries((options.skip ?? []).map((r) => [r, { enabled: false }])));
  const schemes = ["light", "dark"] as const;
  const found: string[] = [];
  for (const colorScheme of schemes) {
    await page.emulateMedia({ colorScheme });
    if (!(await page.evaluate('"axe" in window'))) await page.evaluate(axeSource);
    const violations = (await page.evaluate(
      `axe.run(document, { resultTypes: ['violations'], rules: ${rules} }).then((r) => r.violations)`,
    )) as AxeViolation[];
    for (const v of violations)
      found.push(
        `${colorScheme}: ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
      );
  }
  await page.emulateMedia({ colorScheme: "light" });
  return found;
}

/**
 * Photographs the page at phone and desktop width, light and dark, into RSVP_SCREENSHOTS (when set) as
 * `<name>-<width>-<scheme>.png`; the page's size and colour scheme are put back after.
 */
export async function photograph(page: Page, name: string): Promise<void> {
  const dir = process.env.RSVP_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const size = page.viewportSize();
  for (const width of [390, 1280])
    for (const colorScheme of ["light", "dark"] as const) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: join(dir, `${name}-${width}-${colorScheme}.png`), fullPage: true });
    }
  if (size) await page.setViewportSize(size);
  await page.emulateMedia({ colorScheme: "light" });
}

/** Whether anything sticks out sideways at 320 or 390 px (a page must never scroll horizontally from 320 px up). */
export async function overflowsSideways(page: Page): Promise<boolean> {
  const size = page.viewportSize();
  let overflows = false;
  for (const width of [320, 390]) {
    await page.setViewportSize({ width, height: 844 });
    overflows ||= (await sidewaysOverflow(page)) > 0;
  }
  if (size) await page.setViewportSize(size);
  return overflows;
}

/** How far the page is wider than the screen at its present size (0: no sideways scrolling). */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate<number>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
}

/**
 * What each page of a guest's tour is held to: axe-core finds nothing, light and dark; nothing scrolls sideways
 * at 320 or 390 px. Then it is photographed as `name` (when RSVP_SCREENSHOTS asks).
 */
export async function looked(page: Page, name: string): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
  expect(await overflowsSideways(page)).toBe(false);
  await photograph(page, name);
}
