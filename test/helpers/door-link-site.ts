import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, expect } from "vitest";
import { cachedKeyring } from "../../adapters/local/keyring-cache.ts";
import type { Keyring } from "../../contracts/link.ts";
import { createEventRecord } from "../../core/event-factory.ts";
import { hashHostToken, mintHostToken } from "../../core/host-token.ts";
import { type EmbeddedRuntime, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { formIdIn, postForm, type TestWebApp, webAppOver } from "./web-app.ts";

/** An English event ("Garden party") on the embedded runtime, its web app with links, and its host's door page. */
export interface DoorLinkSite {
  /** Set before the file's first test. */
  runtime: EmbeddedRuntime;
  app: TestWebApp;
  readonly eventId: string;
  /** The host's door page, `/h/HOSTTOKEN/door`. */
  readonly doorPage: string;
  /** A page as a browser asks for it: status and HTML. */
  page(path: string): Promise<{ status: number; html: string }>;
  /** Makes a door link named `label` on the host's door page; its path, `/door/TOKEN`. */
  mint(label: string): Promise<string>;
  /** The data dir's signing keys (to sign a door token the page would not make). */
  keyring(): Keyring;
}

/**
 * Registers, in the calling file, a beforeAll that starts the embedded runtime on a fresh data dir (named
 * `rsvp-<name>-…`) with the event `eventId` on it, and an afterAll that stops it and removes the dir.
 */
export function doorLinkSite(name: string, eventId: string): DoorLinkSite {
  const hostToken = mintHostToken();
  let dir = "";
  const site: DoorLinkSite = {
    runtime: undefined as never,
    app: undefined as never,
    eventId,
    doorPage: `/h/${hostToken}/door`,
    page: async (path) => {
      const res = await site.app.request(path, { headers: { accept: "text/html" } });
      return { status: res.status, html: await res.text() };
    },
    mint: async (label) => {
      const form = formIdIn((await site.page(site.doorPage)).html);
      const res = await postForm(site.app, site.doorPage, { formId: form, label });
      expect(res.status).toBe(200);
      const url = /href="(http:\/\/rsvp\.test\/door\/[^"]+)"/.exec(await res.text())?.[1];
      expect(url).toBeDefined();
      await site.runtime.idle();
      return new URL(url!).pathname;
    },
    keyring: () => cachedKeyring(dir)(),
  };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `rsvp-${name}-`));
    site.runtime = await startEmbedded({ dataDir: dir, http: false, logger: pino({ level: "silent" }) });
    site.app = webAppOver(site.runtime, {
      links: { keyring: cachedKeyring(dir) },
      audit: site.runtime.audit,
    } as never);
    const event = createEventRecord(
      {
        eventId,
        name: "Garden party",
        startsAtLocal: "2030-07-14T15:00",
        timeZone: "Europe/Berlin",
        capacity: 10,
        hostTokenHash: hashHostToken(hostToken),
        details: { language: "en" },
      },
      new Date(),
    );
    await site.runtime.store.createEvent(event);
  });
  afterAll(async () => {
    await site.runtime?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return site;
}
