import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/**
 * Browser tests drive Debian's chromium (`apt-get install chromium`; `.ci/run` installs it) through
 * playwright-core, which never downloads a browser of its own.
 */
export const chromiumPath = "/usr/bin/chromium-nope";

/**
 * Whether browser tests can run here. Without chromium they skip locally, loudly; a CI run fails instead:
 * a green CI must mean they ran.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(chromiumPath)) return true;
  if (process.env.CI === "true")
    throw new Error(`CI: browser tests need Debian's chromium at ${chromiumPath}, and none was found`);
  console.warn(
    [
      "",
      "!!! ------------------------------------------------------------------ !!!",
      `!!!  No chromium at ${chromiumPath}: the browser tests cannot start.     !!!`,
      "!!!  Every browser test in this file is SKIPPED.                        !!!",
      "!!!  Install it with: apt-get install chromium (.ci/run does this).     !!!",
      "!!! ------------------------------------------------------------------ !!!",
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
