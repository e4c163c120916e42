import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ICAL from "ical.js";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cachedKeyring } from "../../adapters/local/keyring-cache.ts";
import type { EventDetails } from "../../contracts/event.ts";
import type { EventSettings } from "../../contracts/settings.ts";
import { createEventRecord } from "../../core/event-factory.ts";
import { hashHostToken, mintHostToken } from "../../core/host-token.ts";
import { type EmbeddedRuntime, openStores, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { closeRegistration, register } from "../helpers/factories.ts";
import { type TestWebApp as App, postForm, webAppOver } from "../helpers/web-app.ts";

/**
 * The guest's pages (issue 12 §3): what the register page tells about an event, the status page that becomes
 * the guest's manage page, the calendar download, inline form errors, the event's language, and who may
 * frame the register form. In-process over the embedded runtime's real stores and keeper.
 */
const silent = pino({ level: "silent" });
let dir: string;
let runtime: EmbeddedRuntime | null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "rsvp-guest-pages-"));
  runtime = null;
});

afterEach(async () => {
  await runtime?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<{ rt: EmbeddedRuntime; app: App }> {
  runtime = await startEmbedded({ dataDir: dir, http: false, logger: silent });
  return { rt: runtime, app: webAppOver(runtime, { links: { keyring: cachedKeyring(dir) } }) };
}

async function createEvent(
  rt: EmbeddedRuntime,
  options: { details?: Partial<EventDetails>; settings?: Partial<EventSettings>; capacity?: number } = {},
) {
  const event = createEventRecord(
    {
      eventId: `party-${Math.random().toString(36).slice(2, 8)}`,
      name: "Winter <Party>",
      startsAtLocal: "2030-12-14T19:00",
      endsAtLocal: "2030-12-14T23:30",
      timeZone: "Europe/Berlin",
      capacity: options.capacity ?? 10,
      hostTokenHash: hashHostToken(mintHostToken()),
      settings: options.settings,
      details: options.details,
    },
    new Date(),
  );
  expect(await rt.store.createEvent(event)).toBe(true);
  return event;
}

const page = async (app: App, path: string) => {
  const res = await app.request(path, { headers: { accept: "text/html" } });
  expect(res.status).toBe(200);
  return { res, html: await res.text() };
};

/** Registers through the form as a browser does, and follows the redirect once the keeper has decided. */
async function registerByForm(rt: EmbeddedRuntime, app: App, eventId: string, name: string, email: string) {
  const res = await postForm(app, `/e/${eventId}/rsvp`, { name, email });
  expect(res.status).toBe(303);
  const statusPath = res.headers.get("location")!;
  await rt.idle();
  return statusPath;
}

describe("the register page", () => {
  it("says when (start to end, in the event's zone), where with a map link, who hosts, and the description as text with links", async () => {
    const { rt, app } = await start();
    const event = await createEvent(rt, {
      details: {
        description:
          'Bring <b>snacks</b> & "good" vibes.\nSecond line.\n\nTickets: https://example.org/t?a=1&b=2.',
        location: { place: "Café Lima", address: "Torstraße 1, Berlin", onlineUrlConfirmedOnly: false },
        hostName: "Ana <Host>",
      },
    });
    const { html } = await page(app, `/e/${event.eventId}`);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("<h1>Winter &lt;Party&gt;</h1>");
    expect(html).toContain("Saturday, 14 December 2030 at 19:00 – 23:30 CET (Europe/Berlin)");
    expect(html).toContain("Café Lima, Torstraße 1, Berlin");
    expect(html).toContain(
      'href="https://www.openstreetmap.org/search?query=Caf%C3%A9%20Lima%2C%20Torstra%C3%9Fe%201%2C%20Berlin"',
    );
    expect(html).toContain("Hosted by Ana &lt;Host&gt;");
    // Plain text only: the host's markup is shown as typed, paragraphs and line breaks kept, addresses linked.
    expect(html).toContain(
      "<p>Bring &lt;b&gt;snacks&lt;/b&gt; &amp; &quot;good&quot; vibes.<br>Second line.</p>",
    );
    expect(html).toContain(
      '<p>Tickets: <a href="https://example.org/t?a=1&amp;b=2" rel="nofollow noopener">https://example.org/t?a=1&amp;b=2</a>.</p>',
    );
    expect(html).toContain("10 of 10 seats left.");
  });

  it("carries Open Graph tags, so a shared link previews with the name and date", async () => {
    const { rt, app } = await start();
    const event = await createEvent(rt);
    const { html } = await page(app, `/e/${event.eventId}`);
    expect(html).toContain('<meta property="og:title" content="Winter &lt;Party&gt;">');
    expect(html).toContain(
      '<meta property="og:description" content="Saturday, 14 December 2030 at 19:00 – 23:30 CET (Europe/Berlin). RSVP on rsvp.">',
    );
    expect(html).toContain('<meta property="og:type" content="website">');
    expect(html).toContain(`<meta property="og:url" content="http://rsvp.test/e/${event.eventId}">`);
  });

  it("shows the online link to everyone, or, when the host says so, only to confirmed guests on their manage page", async () => {
    const { rt, app } = await start();
    const open = await createEvent(rt, {
      details: { location: { onlineUrl: "https://meet.example.org/a", onlineUrlConfirmedOnly: false } },
    });
    expect((await page(app, `/e/${open.eventId}`)).html).toContain('href="https://meet.example.org/a"');

    const kept = await createEvent(rt, {
      capacity: 1,
      details: { location: { onlineUrl: "https://meet.example.org/b", onlineUrlConfirmedOnly: true } },
    });
    const register = (await page(app, `/e/${kept.eventId}`)).html;
    expect(register).not.toContain("meet.example.org/b");
    expect(register).toContain("Online: you get the link once your seat is confirmed");
    const ana = await registerByForm(rt, app, kept.eventId, "Ana", "ana@example.org");
    const ben = await registerByForm(rt, app, kept.eventId, "Ben", "ben@example.org");
    expect((await page(app, ana)).html).toContain('href="https://meet.example.org/b"');
    expect((await page(app, ben)).html).not.toContain("meet.example.org/b");
  });

  it("speaks the event's language: German strings, lang attribute and dates", async () => {
    const { rt, app } = await start();
    const event = await createEvent(rt, { details: { language: "de", hostName: "Ana" } });
    const { html } = await page(app, `/e/${event.eventId}`);
    expect(html).toContain('<html lang="de">');
    expect(html).toContain("Samstag, 14. Dezember 2030 um 19:00 – 23:30 MEZ (Europe/Berlin)");
    expect(html).toContain("10 von 10 Plätzen frei.");
    expect(html).toContain("Gastgeber: Ana");
    expect(html).toContain(">Anmelden</button>");

    const res = await postForm(app, `/e/${event.eventId}/rsvp`, { name: "Ana", email: "nope" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Bitte gib eine gültige E-Mail-Adresse an, etwa ana@example.org");
  });

  it("a form with mistakes comes back with a summary linking to each field, the messages beside them and the typed values", async () => {
    const { rt, app } = await start();
    const event = await createEvent(rt);
    const res = await postForm(app, `/e/${event.eventId}/rsvp`, { name: "", email: "ana(at)example.org" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<div class="error-summary" role="alert"');
    expect(html).toContain('<li><a href="#name">Enter your name</a></li>');
    expect(html).toContain(
      '<li><a href="#email">Enter your email address in the right format, like ana@example.org</a></li>',
    );
    expect(html).toContain('<span class="field-error" id="name-error">Enter your name</span>');
    expect(html).toMatch(/<input id="name" [^>]*aria-invalid="true" aria-describedby="name-error">/);
    expect(html).toContain('value="ana(at)example.org"');
    expect(rt.queue.depth()).toBe(0);
  });
});

describe("the status page is the guest's manage page", () => {
  it("a confirmed guest sees the badge, a cancel link, add-to-calendar links and the way back; the .ics is a valid calendar", async () => {
    const { rt, app } = await start();
    const event = await createEvent(rt, {
      details: { location: { place: "Café Lima", onlineUrlConfirmedOnly: false } },
    });
    const statusPath = await registerByForm(rt, app, event.eventId, "Ana Lima", "ana@example.org");
    const { html, res } = await page(app, statusPath);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(html.indexOf('<p class="badge ok" role="status">Confirmed</p>')).toBeLessThan(
      html.indexOf("You're in, Ana Lima!"),
    );
    const cancel = /href="(\/l\/cancel\/[^"]+)">Cancel my seat<\/a>/.exec(html)?.[1];
    expect(cancel).toBeDefined();
    // The action link opens the one-button page (GET shows, POST acts).
    const cancelPage = (await page(app, cancel!)).html;
    expect(cancelPage).toContain("Cancel my RSVP</button>");
    expect(html).toContain(`href="${statusPath}/calendar.ics" download`);
    expect(html).toContain(
      "https://calendar.google.com/calendar/render?action=TEMPLATE&amp;text=Winter+%3CParty%3E",
    );
    expect(html).toContain(
      "https://outlook.live.com/calendar/0/action/compose?rru=addevent&amp;subject=Winter+%3CParty%3E",
    );
    expect(html).toContain(`<a class="button secondary" href="/e/${event.eventId}">Back to the event</a>`);

    const ics = await app.request(`${statusPath}/calendar.ics`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(ics.headers.get("content-disposition")).toBe(`attachment; filename="${event.eventId}.ics"`);
    const vevent = new ICAL.Component(ICAL.parse(await ics.text())).getFirstSubcomponent("vevent")!;
    expect(vevent.getFirstPropertyValue("summary")).toBe("Winter <Party>");
    expect((vevent.getFirstPropertyValue("dtstart") as ICAL.Time).toJSDate().toISOString()).toBe(
      event.startsAt,
    );
  });

  it("a waitlisted guest sees their place in line and a link to leave the waitlist; no calendar yet", async () => {
    const { rt, app } = await start();
    const event = await createEvent(rt, { capacity: 1 });
    await registerByForm(rt, app, event.eventId, "Ana", "ana@example.org");
    const ben = await registerByForm(rt, app, event.eventId, "Ben", "ben@example.org");
    const { html } = await page(app, ben);
    expect(html).toContain('<p class="badge wait" role="status">On the waitlist (#1)</p>');
    expect(html).toMatch(/href="\/l\/cancel\/[^"]+">Leave the waitlist<\/a>/);
    expect(html).not.toContain("calendar.ics");
    expect((await app.request(`${ben}/calendar.ics`)).status).toBe(404);
  });

  it("once cancelled, the page says not attending, offers no actions and links back to the event", async () => {
    const { rt, app } = await start();
    const event = await createEvent(rt);
    const statusPath = await registerByForm(rt, app, event.eventId, "Ana", "ana@example.org");
    const cancel = /href="(\/l\/cancel\/[^"]+)"/.exec((await page(app, statusPath)).html)![1]!;
    const pressed = await postForm(app, cancel, {});
    expect(pressed.status).toBe(303);
    await rt.idle();
    const done = (await page(app, new URL(pressed.headers.get("location")!).pathname)).html;
    expect(done).toContain("<h1>Your RSVP is cancelled</h1>");
    expect(done).toContain(`<a class="button secondary" href="/e/${event.eventId}">Back to the event</a>`);
    const { html } = await page(app, statusPath);
    expect(html).toContain('<p class="badge off" role="status">Not attending</p>');
    expect(html).not.toContain("/l/");
    expect(html).toContain(`<a class="button secondary" href="/e/${event.eventId}">Back to the event</a>`);
  });

  it("while processing, updates itself by script within a second (and by meta refresh without script)", async () => {
    const { rt } = await start();
    const event = await createEvent(rt);
    await rt.stop();
    runtime = null;
    // Nothing runs the keeper now: the registration waits.
    const offline = openStores(dir);
    try {
      const res = await postForm(webAppOver(offline), `/e/${event.eventId}/rsvp`, {
        name: "Ana",
        email: "a@example.org",
      });
      const html = (await page(webAppOver(offline), res.headers.get("location")!)).html;
      expect(html).toContain('<noscript><meta http-equiv="refresh" content="2"></noscript>');
      expect(html).toContain(
        '<div id="live" hidden data-state="processing" data-delayed="false" data-every="1000">',
      );
      expect(html).toMatch(/<script>[\s\S]*location\.reload\(\)[\s\S]*<\/script>/);
    } finally {
      offline.db.close();
    }
  });
});

describe("embedding the register form", () => {
  it("lets the host's own sites frame the register page and its flow, and nothing else", async () => {
    const { rt, app } = await start();
    const event = await createEvent(rt, {
      settings: { embedOrigins: ["https://ana.example", "https://club.example"] },
    });
    const closed = await createEvent(rt);
    const framing = (res: Response) =>
      /frame-ancestors ([^;]+)/.exec(res.headers.get("content-security-policy") ?? "")?.[1];

    const register = await app.request(`/e/${event.eventId}`);
    expect(framing(register)).toBe("https://ana.example https://club.example");
    expect(register.headers.get("x-frame-options")).toBeNull();
    const invalid = await postForm(app, `/e/${event.eventId}/rsvp`, { name: "", email: "" });
    expect(invalid.status).toBe(422);
    expect(framing(invalid)).toBe("https://ana.example https://club.example");
    const posted = await postForm(app, `/e/${event.eventId}/rsvp`, { name: "Ana", email: "ana@example.org" });
    expect(framing(posted)).toBe("https://ana.example https://club.example");
    await rt.idle();
    expect(framing(await app.request(posted.headers.get("location")!))).toBe(
      "https://ana.example https://club.example",
    );

    // Another event, the link pages and everything else stay unframeable.
    expect(framing(await app.request(`/e/${closed.eventId}`))).toBe("'none'");
    expect(framing(await app.request("/"))).toBe("'none'");
    const cancel = /href="(\/l\/cancel\/[^"]+)"/.exec(
      await (await app.request(posted.headers.get("location")!)).text(),
    )![1]!;
    expect(framing(await app.request(cancel))).toBe("'none'");
  });
});

describe("error pages and refusals in the reader's language", () => {
  it("a German event's error pages and the status page's refusal are in German; JSON errors stay English", async () => {
    const { rt, app } = await start();
    const event = await createEvent(rt, { details: { language: "de" } });

    // Closed before the registration is decided: the keeper refuses it, and the status page says why.
    const registration = register(event.eventId, "ana@example.org", "Ana");
    await rt.queue.send([closeRegistration(event.eventId), registration]);
    await rt.idle();
    const status = await app.request(`/e/${event.eventId}/s/${registration.commandId}`, {
      headers: { accept: "text/html" },
    });
    const statusHtml = await status.text();
    expect(statusHtml).toContain("Grund: die Anmeldung für diese Veranstaltung ist geschlossen.");
    const statusJson = (await (
      await app.request(`/e/${event.eventId}/s/${registration.commandId}`, {
        headers: { accept: "application/json" },
      })
    ).json()) as unknown;
    expect(statusJson).toMatchObject({ state: "refused", reason: "registration for this event is closed" });

    // Registration is closed now: the form post is refused on a German page, the JSON post in English.
    const page409 = await postForm(app, `/e/${event.eventId}/rsvp`, { name: "Bo", email: "bo@example.org" });
    expect(page409.status).toBe(409);
    const html409 = await page409.text();
    expect(html409).toContain('<html lang="de">');
    expect(html409).toContain("<h1>Die Anmeldung ist geschlossen</h1>");
    expect(html409).toContain("Frag die Gastgeberin oder den Gastgeber");
    const json409 = await app.request(`/e/${event.eventId}/rsvp`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Bo", email: "bo@example.org" }),
    });
    expect(json409.status).toBe(409);
    expect(await json409.json()).toEqual({
      error: "registration for this event is closed; the host takes no more guests",
    });
  });

  it("an address nobody knows answers in the Accept-Language header's best of English and German", async () => {
    const { app } = await start();
    const german = await app.request("/nowhere", {
      headers: { accept: "text/html", "accept-language": "fr, de-CH;q=0.8, en;q=0.5" },
    });
    expect(german.status).toBe(404);
    const germanHtml = await german.text();
    expect(germanHtml).toContain("<h1>Nicht gefunden</h1>");
    expect(germanHtml).toContain("unter dieser Adresse gibt es nichts");

    const english = await app.request("/nowhere", { headers: { accept: "text/html" } });
    const englishHtml = await english.text();
    expect(englishHtml).toContain('<html lang="en">');
    expect(englishHtml).toContain("<h1>Not found</h1>");
    expect(englishHtml).toContain("there is nothing at this address");
  });
});
