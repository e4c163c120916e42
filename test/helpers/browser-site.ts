import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { type EmbeddedRuntime, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { launchChromium } from "./chromium.ts";
import { startedOr } from "./started.ts";

/** What a browser test drives: `rsvp`'s embedded runtime on loopback, its data dir, and a headless chromium. */
export interface BrowserSite {
  runtime(): EmbeddedRuntime;
  dataDir(): string;
  browser(): Browser;
}

/**
 * Registers, in the calling describe block, a beforeAll that starts the embedded runtime (silent, on a fresh
 * temporary data dir named `rsvp-<name>-…`, port 0) and chromium, and an afterAll that closes them and removes
 * the dir, each step even when the one before it failed. The accessors are valid inside the block's tests.
 */
export function browserSite(name: string): BrowserSite {
  let dir: string | undefined;
  let rt: EmbeddedRuntime | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `rsvp-${name}-`));
    rt = await startEmbedded({ dataDir: dir, host: "127.0.0.1", port: 0, logger: pino({ level: "silent" }) });
    browser = await launchChromium();
  });

  afterAll(async () => {
    try {
      await browser?.close();
    } finally {
      try {
        await rt?.stop();
      } finally {
        if (dir) rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  const started = startedOr("browser site");
  return {
    runtime: () => started(rt, "runtime"),
    dataDir: () => started(dir, "data dir"),
    browser: () => started(browser, "browser"),
  };
}
