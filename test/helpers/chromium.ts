import { existsSync } from "node:fs";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

/**
 * Browser tests drive Debian's chromium (`apt-get install chromium`; `.ci/run` installs it) through
 * playwright-core, which never downloads a browser of its own.
 */
const chromiumPath = "/usr/bin/chromium";

/**
 * Whether browser tests can run here. Without chromium they skip locally, loudly; a CI run fails instead:
 * a green CI must mean they ran.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(chromiumPath)) return true;
  if (process.env.CI === "true")
    throw new Error(`CI: browser tests need Debian's chromium at ${chromiumPath}, and none was found`);
  const rule = `!!! ${"-".repeat(66)} !!!`;
  const say = (text: string) => `!!!  ${text.padEnd(66)}!!!`;
  console.warn(
    [
      "",
      rule,
      say(`No chromium at ${chromiumPath}: the browser tests cannot start.`),
      say("Every browser test in this run is SKIPPED."),
      say("Install it with: apt-get install chromium (.ci/run does this)."),
      rule,
      "",
    ].join("\n"),
  );
  return false;
}

/** Headless chromium, sandbox off (it runs as root in CI containers), with nothing phoning home. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
}

/** A page in a new context sized and behaving like a phone (390 × 844, touch), waiting at most 15 s a step. */
export async function phonePage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    isMobile: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}
