import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cachedKeyring } from "../../adapters/local/keyring-cache.ts";
import type { EventDetails } from "../../contracts/event.ts";
import { createEventRecord } from "../../core/event-factory.ts";
import { hashHostToken, mintHostToken } from "../../core/host-token.ts";
import { translator } from "../../i18n/index.ts";
import { type EmbeddedRuntime, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { closeRegistration } from "../helpers/factories.ts";
import { type TestWebApp as App, formIdIn, postForm, webAppOver } from "../helpers/web-app.ts";

/**
 * Issue 12 §5 leftovers: the detail sentence of every error page (the route's refusal, each invalid field of a
 * host form) is said in the event's language, English when there is no event; JSON answers keep English.
 */
const silent = pino({ level: "silent" });
let dir: string;
let runtime: EmbeddedRuntime | null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "rsvp-error-language-"));
  runtime = null;
});

afterEach(async () => {
  await runtime?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function start(language: EventDetails["language"]) {
  runtime = await startEmbedded({ dataDir: dir, http: false, logger: silent });
  const app: App = webAppOver(runtime, { links: { keyring: cachedKeyring(dir) } });
  const hostToken = mintHostToken();
  const event = createEventRecord(
    {
      eventId: `party-${Math.random().toString(36).slice(2, 8)}`,
      name: "Winterfest",
      startsAtLocal: "2030-12-14T19:00",
      timeZone: "Europe/Berlin",
      capacity: 10,
      hostTokenHash: hashHostToken(hostToken),
      details: { language },
    },
    new Date(),
  );
  expect(await runtime.store.createEvent(event)).toBe(true);
  return { rt: runtime, app, event, host: `/h/${hostToken}` };
}

const html = { accept: "text/html" };

describe("error pages in the event's language", () => {
  it("a German event's refusals read German on the page, and stay English in JSON", async () => {
    const { rt, app, event } = await start("de");
    await rt.queue.send([closeRegistration(event.eventId)]);
    await rt.idle();

    const closed = await postForm(app, `/e/${event.eventId}/rsvp`, { name: "Bo", email: "bo@example.org" });
    expect(closed.status).toBe(409);
    const page = await closed.text();
    expect(page).toContain("Die Anmeldung für diese Veranstaltung ist geschlossen");
    expect(page).not.toContain("the host takes no more guests");

    const json = await app.request(`/e/${event.eventId}/rsvp`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Bo", email: "bo@example.org" }),
    });
    expect(await json.json()).toEqual({
      error: "registration for this event is closed; the host takes no more guests",
    });

    const noEntry = await app.request(`/e/${event.eventId}/s/nobody-here/calendar.ics`, { headers: html });
    expect(noEntry.status).toBe(404);
    const noEntryPage = await noEntry.text();
    expect(noEntryPage).toContain("Hier gibt es keinen Kalendereintrag");
    expect(noEntryPage).not.toContain("there is no calendar entry here");
  });

  it("a German host page's form errors name each field in German; the same post as an English event reads English", async () => {
    for (const [language, subjectSays, capacitySays] of [
      [
        "de",
        "Der Betreff muss eine einzelne Zeile ohne Steuerzeichen sein",
        "Die Kapazität muss eine ganze Zahl",
      ],
      ["en", "subject must be a single line without control characters", "capacity must be a whole number"],
    ] as const) {
      const { rt, app, host } = await start(language);
      const messagePage = await (await app.request(`${host}/message`, { headers: html })).text();
      const res = await postForm(app, `${host}/message`, {
        formId: formIdIn(messagePage),
        subject: "Doors\u0000open",
        body: "x".repeat(10_001),
      });
      expect(res.status).toBe(400);
      const page = await res.text();
      expect(page).toContain(`<html lang="${language}">`);
      expect(page).toContain(subjectSays);
      expect(page).toContain(
        language === "de"
          ? "Die Nachricht darf höchstens 10.000 Zeichen lang sein"
          : "message must be at most 10,000 characters",
      );
      if (language === "de") expect(page).not.toMatch(/must be|is not valid/);

      const hostPage = await (await app.request(host, { headers: html })).text();
      const capacity = await postForm(app, `${host}/capacity`, {
        formId: formIdIn(hostPage),
        capacity: "lots",
      });
      expect(capacity.status).toBe(400);
      expect(await capacity.text()).toContain(capacitySays);
      await rt.stop();
      runtime = null;
      rmSync(dir, { recursive: true, force: true });
      dir = mkdtempSync(join(tmpdir(), "rsvp-error-language-"));
    }
  });

  it("without an event, a page follows Accept-Language and falls back to English", async () => {
    const { app } = await start("en");
    const german = await app.request("/l/cancel/not-a-token", {
      headers: { ...html, "accept-language": "de-DE,de;q=0.9" },
    });
    expect(german.status).toBe(400);
    const germanPage = await german.text();
    expect(germanPage).toContain("Dieser Link ist unvollständig oder beschädigt");
    expect(germanPage).not.toContain("This link is incomplete");

    const english = await app.request("/e/no-such-event", { headers: html });
    expect(english.status).toBe(404);
    expect(await english.text()).toContain("there is no event at this address");
  });
});

describe("the refusal catalog", () => {
  it("has every sentence a route names, in English and German", () => {
    const source = readdirSync("producers/web")
      .filter((f) => f.endsWith(".ts"))
      .map((f) => readFileSync(join("producers/web", f), "utf8"))
      .join("\n");
    const keys = [...source.matchAll(/said\("([^"]+)"/g)].map((m) => m[1]!);
    expect(keys.length).toBeGreaterThan(40);
    for (const language of ["en", "de"] as const) {
      const t = translator(language);
      for (const key of keys)
        expect(t(`webErrors.${key}`, { count: 1 }), `${language} ${key}`).not.toBe(`webErrors.${key}`);
    }
  });
});
