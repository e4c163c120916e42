import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedRuntime, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { newEvent, register } from "../helpers/factories.ts";

/**
 * The front page and the outbox pages speak the reader's language (the browser's Accept-Language), from the
 * catalogs (`pages.landing`, `misc.outbox`): English by default, German when the browser asks for it.
 */
let dir: string;
let rt: EmbeddedRuntime;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "rsvp-outbox-language-"));
  rt = await startEmbedded({ dataDir: dir, http: false, logger: pino({ level: "silent" }) });
  const event = newEvent({
    name: "Sommerfest",
    startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  });
  await rt.store.createEvent(event);
  await rt.queue.send([register(event.eventId, "ana@example.org", "Ana")]);
  await rt.idle();
});
afterAll(async () => {
  await rt.stop();
  rmSync(dir, { recursive: true, force: true });
});

const page = async (path: string, language?: string) => {
  const res = await rt.fetch(
    new Request(`http://localhost${path}`, {
      headers: { accept: "text/html", ...(language ? { "accept-language": language } : {}) },
    }),
  );
  expect(res.status, path).toBe(200);
  return { text: await res.text(), vary: res.headers.get("vary") };
};

describe("the front page and the outbox in the reader's language", () => {
  it("the front page is English by default and German for a German browser", async () => {
    const en = await page("/");
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain("An event RSVP manager: guest list, waitlist, reminders.");
    const de = await page("/", "de-DE,de;q=0.9,en;q=0.5");
    expect(de.text).toContain('<html lang="de">');
    expect(de.text).toContain("Ein Anmeldeverwalter für Veranstaltungen");
    expect(de.vary).toContain("Accept-Language");
  });

  it("the outbox list and an email's page are German for a German browser, English otherwise", async () => {
    const outbox = `/outbox/${rt.adminToken}`;
    const en = await page(outbox);
    expect(en.text).toContain("<h1>Outbox</h1>");
    expect(en.text).toContain("Emails rsvp queued, newest first.");
    expect(en.text).toContain("<th>Queued (UTC)</th>");

    const de = (await page(outbox, "de")).text;
    expect(de).toContain('<html lang="de">');
    expect(de).toContain("<h1>Postausgang</h1>");
    expect(de).toContain("E-Mails, die rsvp eingereiht hat, die neuesten zuerst.");
    expect(de).toContain("<th>Eingereiht (UTC)</th><th>Status</th><th>An</th><th>Betreff</th><th>Links</th>");
    expect(de).toContain("<td>im Ausgang</td>");
    expect(de).toContain("Halte die Adresse dieser Seite geheim");
    expect(de).not.toContain("Keep this page");

    const emailPath = /href="(\/outbox\/[^/"]+\/[^"]+)"/.exec(de)![1]!;
    const email = (await page(emailPath, "de")).text;
    expect(email).toContain('<th scope="row">An</th>');
    expect(email).toContain("<h2>So sieht der Gast sie</h2>");
    expect(email).toContain("<summary>HTML-Quelltext</summary>");
    expect(email).not.toContain("As the guest sees it");
  });
});
