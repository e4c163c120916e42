import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cachedKeyring } from "../../adapters/local/keyring-cache.ts";
import { createEventRecord } from "../../core/event-factory.ts";
import { hashHostToken, mintHostToken } from "../../core/host-token.ts";
import { type EmbeddedRuntime, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { formIdIn, postForm, type TestWebApp, webAppOver } from "../helpers/web-app.ts";

/**
 * A revoked door link answers whoever still holds it in their own language (Accept-Language; the event's when
 * the browser names none rsvp speaks): a check-in form posted without script gets the revoked page, the door
 * page's sync (JSON) a machine-readable code with the words. See docs/door.md.
 */
const silent = pino({ level: "silent" });
let dir: string;
let runtime: EmbeddedRuntime;
let app: TestWebApp;
const hostToken = mintHostToken();
const eventId = "door-revoked-language";
const doorPage = `/h/${hostToken}/door`;
/** The revoked door link's path. */
let revoked: string;

const page = async (path: string) => {
  const res = await app.request(path, { headers: { accept: "text/html" } });
  return { status: res.status, html: await res.text() };
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "rsvp-door-revoked-"));
  runtime = await startEmbedded({ dataDir: dir, http: false, logger: silent });
  app = webAppOver(runtime, { links: { keyring: cachedKeyring(dir) }, audit: runtime.audit } as never);
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
  await runtime.store.createEvent(event);
  const made = await postForm(app, doorPage, {
    formId: formIdIn((await page(doorPage)).html),
    label: "Main",
  });
  revoked = new URL(/href="(http:\/\/rsvp\.test\/door\/[^"]+)"/.exec(await made.text())![1]!).pathname;
  await runtime.idle();
  const linkId = (await runtime.store.getEvent(eventId))!.doorLinks![0]!.id;
  const listed = (await page(doorPage)).html;
  expect((await postForm(app, `${doorPage}/revoke`, { formId: formIdIn(listed), linkId })).status).toBe(303);
  await runtime.idle();
});
afterAll(async () => {
  await runtime.stop();
  rmSync(dir, { recursive: true, force: true });
});

const checkInForm = (language?: string) =>
  app.request(`${revoked}/check-in`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      accept: "text/html",
      ...(language ? { "accept-language": language } : {}),
    },
    body: new URLSearchParams({ code: "ABCD-EFGH" }).toString(),
  });

const checkInJson = (language?: string) =>
  app.request(`${revoked}/check-in`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json",
      ...(language ? { "accept-language": language } : {}),
    },
    body: JSON.stringify({ code: "ABCD-EFGH" }),
  });

describe("a revoked door link", () => {
  it("answers a check-in form posted without script with the revoked page in the helper's language", async () => {
    const german = await checkInForm("de-DE,de;q=0.9,en;q=0.5");
    expect(german.status).toBe(410);
    const html = await german.text();
    expect(html).toContain('<html lang="de"');
    expect(html).toContain("Dieser Einlass-Link wurde gesperrt");
    expect(html).not.toMatch(/revoked by the host|Ask the host/);

    // A browser that names no language rsvp speaks reads the event's.
    const other = await checkInForm("fr-FR");
    expect(other.status).toBe(410);
    expect(await other.text()).toContain("This door link was revoked");
  });

  it("answers the door page's sync (JSON) with a code to act on and the words in the helper's language", async () => {
    const german = await checkInJson("de");
    expect(german.status).toBe(410);
    const body = (await german.json()) as { code?: string; error: string };
    expect(body.code).toBe("door-link-revoked");
    expect(body.error).toContain("Garden party");
    expect(body.error).toMatch(/Gastgeber/);

    const english = (await (await checkInJson()).json()) as { code?: string; error: string };
    expect(english).toEqual({
      code: "door-link-revoked",
      error: "The host of Garden party turned this door link off. Ask the host for a new door link.",
    });
    // The list the page reads answers the same way.
    const list = await app.request(`${revoked}/list`, {
      headers: { accept: "application/json", "accept-language": "de" },
    });
    expect(list.status).toBe(410);
    expect(((await list.json()) as { code?: string }).code).toBe("door-link-revoked");
  });
});
