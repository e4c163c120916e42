import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { systemClock } from "../../core/ports.ts";
import { storeAdminService } from "../../producers/web/admin-service.ts";
import { type EmbeddedRuntime, openStores, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { adminEventForm, adminOwners } from "../helpers/admin-session.ts";
import { register } from "../helpers/factories.ts";
import { webAppOver } from "../helpers/web-app.ts";

/**
 * Issue 12 and 14 leftovers in the admin area and on the host page, on the embedded runtime: the party
 * fields of the event form, the "Saving…" step after an edit, the admin area in the browser's language with
 * the date read back in words, and party counts on the host page.
 */
const base = "http://rsvp.test";
const silent = pino({ level: "silent" });
let rt: EmbeddedRuntime | null = null;
let dir = "";

/** The runtime and data dir of the test that starts its own (no sign-in): stopped and removed after it. */
afterEach(async () => {
  await rt?.stop();
  rt = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = "";
});

/** The owner signed in to a runtime of their own, in `language`. */
const owner = adminOwners("admin-polish");

const eventForm = adminEventForm;

const eventIdIn = (page: string) => /href="http:\/\/rsvp\.test\/e\/([a-z0-9]+)"/.exec(page)![1]!;
const hostPathIn = (page: string) => /href="http:\/\/rsvp\.test(\/h\/[A-Za-z0-9_-]+)"/.exec(page)![1]!;

describe("the admin event form's party fields", () => {
  it("creates an event with a party limit and smaller parties first, and an edit changes them through the keeper", async () => {
    const { rt, get, post } = await owner();
    const form = await (await get("/admin/events/new")).text();
    expect(form).toMatch(/name="maxParty"[^>]*value="1"/);
    expect(form).toContain('name="smallerPartiesFirst"');

    const created = await post("/admin/events", eventForm({ maxParty: "4", smallerPartiesFirst: "on" }));
    expect(created.status).toBe(201);
    const eventId = eventIdIn(await created.text());
    const stored = await rt.store.getEvent(eventId);
    expect(stored?.settings).toMatchObject({ maxParty: 4, smallerPartiesFirst: true });

    const wrong = await post(`/admin/events/${eventId}`, eventForm({ maxParty: "21" }));
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("Enter a whole number of seats from 1 to 20.");

    const saved = await post(`/admin/events/${eventId}`, eventForm({ maxParty: "2" }));
    expect(saved.status).toBe(303);
    await rt.idle();
    expect((await rt.store.getEvent(eventId))?.settings).toMatchObject({
      maxParty: 2,
      smallerPartiesFirst: false,
    });
    expect(await (await get(`/admin/events/${eventId}`)).text()).toMatch(/name="maxParty"[^>]*value="2"/);
  });
});

describe("after an edit (post/redirect/get)", () => {
  it("shows Saving… until the keeper applied the edit, then the form with the new values; nothing changed: the form at once", async () => {
    // The web over the data dir's stores with no keeper of its own, as when the keeper is busy: the page the
    // redirect leads to must not show the old values. A runtime on the same data dir applies the edit later.
    dir = mkdtempSync(join(tmpdir(), "rsvp-admin-polish-"));
    const stores = openStores(dir);
    const token = randomBytes(16).toString("base64url");
    const app = webAppOver(stores, {
      admin: {
        service: storeAdminService({ store: stores.store, queue: stores.queue, clock: systemClock }),
        verifyAdminToken: (t) => t === token,
      },
    });
    const cookie = `rsvp_admin=${token}`;
    const get = (path: string) => app.request(`${base}${path}`, { headers: { accept: "text/html", cookie } });
    const post = (path: string, fields: Record<string, string>) =>
      app.request(`${base}${path}`, {
        method: "POST",
        headers: {
          accept: "text/html",
          cookie,
          origin: base,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams(fields).toString(),
      });
    try {
      const eventId = eventIdIn(await (await post("/admin/events", eventForm())).text());
      const saved = await post(`/admin/events/${eventId}`, eventForm({ name: "Winter ball" }));
      expect(saved.status).toBe(303);
      const next = saved.headers.get("location")!;
      expect(next).toMatch(/done=saved&after=\d+&since=\d+/);
      const waiting = await (await get(next)).text();
      expect(waiting).toContain("<h1>Saving…</h1>");
      expect(waiting).toContain('<meta http-equiv="refresh" content="1">');
      expect(waiting).not.toContain('value="Winter party"');

      rt = await startEmbedded({ dataDir: dir, http: false, baseUrl: base, logger: silent });
      await rt.idle();
      const done = await (await get(next)).text();
      expect(done).toContain("Saved.");
      expect(done).toMatch(/name="name"[^>]*value="Winter ball"/);

      // Sent again unchanged: nothing is queued, so there is nothing to wait for.
      const same = await post(`/admin/events/${eventId}`, eventForm({ name: "Winter ball" }));
      expect(same.headers.get("location")).toBe(`/admin/events/${eventId}?done=saved`);
    } finally {
      stores.db.close();
    }
  });
});

describe("the admin area in the owner's language", () => {
  it("a German browser gets German labels, German field errors and the date read back in German words", async () => {
    const { get, post } = await owner("de-DE,de;q=0.9");
    const form = await (await get("/admin/events/new")).text();
    expect(form).toContain('<html lang="de">');
    expect(form).toContain('<form class="event" lang="de"');
    expect(form).toContain("Datum und Uhrzeit (24 Stunden) in der Zeitzone der Veranstaltung.");
    expect(form).toMatch(/Jetzt: [A-Z][a-z]+tag, \d{1,2}\. [A-ZÄÖÜ][a-zäöü]+ \d{4}/);

    const refused = await post("/admin/events", eventForm({ name: "", capacity: "many", maxParty: "0" }));
    expect(refused.status).toBe(400);
    const page = await refused.text();
    expect(page).toContain("Gib eine ganze Zahl von Plätzen von 1 bis 20 ein.");
    expect(page).not.toContain("Enter a name");
    expect(page).not.toContain("Enter a whole number");
  });
});

describe("party counts on the host page", () => {
  it("names seats and parties where guests come as parties, in the event's language, and the phone labels too", async () => {
    const { rt, post, get } = await owner();
    const created = await (await post("/admin/events", eventForm({ maxParty: "4", language: "de" }))).text();
    const eventId = eventIdIn(created);
    const host = hostPathIn(created);
    await rt.queue.send([
      register(eventId, "ana@example.org", "Ana", { party: 3 }),
      register(eventId, "bo@example.org", "Bo"),
    ]);
    await rt.idle();
    const page = await (await get(host)).text();
    expect(page).toContain('<td data-field="confirmed">4 Plätze · 2 Anmeldungen</td>');
    expect(page).toContain('<td data-field="capacity">40 Plätze</td>');
    expect(page).toContain('data-parties-other="{{count}} Anmeldungen"');
    expect(page).toContain('data-open-word="offen"');

    const guestsRes = await get(`${host}/guests`);
    const guests = await guestsRes.text();
    // Every inline style of the page is one the Content-Security-Policy allows by its hash.
    const csp = guestsRes.headers.get("content-security-policy") ?? "";
    for (const [, style] of guests.matchAll(/<style>([\s\S]*?)<\/style>/g))
      expect(csp).toContain(`'sha256-${createHash("sha256").update(style!).digest("base64")}'`);
    expect(guests).toContain('table.guests td:nth-of-type(2)::before { content: "E-Mail: "');
    expect(guests).toContain('table.guests td:nth-of-type(6)::before { content: "Geändert: "');
  });

  it("stays plain numbers when every guest is one seat", async () => {
    const { rt, post, get } = await owner();
    const created = await (await post("/admin/events", eventForm())).text();
    await rt.queue.send([register(eventIdIn(created), "ana@example.org", "Ana")]);
    await rt.idle();
    const page = await (await get(hostPathIn(created))).text();
    expect(page).toContain('<td data-field="confirmed">1</td>');
    expect(page).not.toContain("data-seats-one");
  });
});
