import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteMailOutbox } from "../../adapters/local/sqlite-mail-outbox.ts";
import { headcountOf } from "../../contracts/event.ts";
import type { RsvpStatus } from "../../contracts/http.ts";
import type { GuestStore } from "../../core/ports.ts";
import { type EmbeddedRuntime, openStores, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { cancel, closeRegistration, hostedEvent } from "../helpers/factories.ts";
import { type TestWebApp as App, webAppOver } from "../helpers/web-app.ts";

const silent = pino({ level: "silent" });

let dir: string;
let runtime: EmbeddedRuntime | null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "rsvp-web-pages-"));
  runtime = null;
});

afterEach(async () => {
  await runtime?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The embedded runtime in-process, without its HTTP listener: the tests call its web app directly. */
async function start(): Promise<EmbeddedRuntime> {
  runtime = await startEmbedded({ dataDir: dir, http: false, logger: silent });
  return runtime;
}

async function createEvent(store: GuestStore, options: Parameters<typeof hostedEvent>[0] = {}) {
  const { event, hostToken } = hostedEvent(options);
  expect(await store.createEvent(event)).toBe(true);
  return { eventId: event.eventId, hostToken };
}

const registerJson = (app: App, eventId: string, name: string, email: string) =>
  app.request(`/e/${eventId}/rsvp`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, email }),
  });

async function accepted(res: Response): Promise<{ commandId: string; statusUrl: string }> {
  expect(res.status).toBe(202);
  return (await res.json()) as { commandId: string; statusUrl: string };
}

async function statusOf(app: App, statusUrl: string): Promise<RsvpStatus> {
  const res = await app.request(new URL(statusUrl).pathname, { headers: { accept: "application/json" } });
  expect(res.status).toBe(200);
  return (await res.json()) as RsvpStatus;
}

const statusPage = async (app: App, statusPath: string) =>
  (await app.request(statusPath, { headers: { accept: "text/html" } })).text();

describe("the register page", () => {
  it("escapes a hostile event name and shows the start in the event's own time zone, naming it", async () => {
    const rt = await start();
    const { eventId } = await createEvent(rt.store, {
      name: `<script>alert("pwned")</script> & friends`,
      timeZone: "America/New_York",
      startsAtLocal: "2030-03-14T19:30",
    });
    const res = await webAppOver(rt).request(`/e/${eventId}`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).not.toContain("<script>alert");
    expect(page).toContain("&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; friends");
    expect(page).toMatch(/14 March 2030 at 19:30 [^<]*\(America\/New_York\)/);
    expect(page).toContain("10 of 10 seats left.");
    expect(page).toContain(`<form method="post" action="/e/${eventId}/rsvp"`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
  });

  it("offers the waitlist once every seat is taken", async () => {
    const rt = await start();
    const app = webAppOver(rt);
    const { eventId } = await createEvent(rt.store, { capacity: 1 });
    await accepted(await registerJson(app, eventId, "Ana", "ana@example.org"));
    await rt.idle();
    const page = await (await app.request(`/e/${eventId}`)).text();
    expect(page).toContain("All 1 seats are taken");
    expect(page).toContain("Join the waitlist");
  });
});

describe("a registration's status link", () => {
  it("a form post redirects to its status page, which shows processing, then confirmed once the keeper ran", async () => {
    // First with the keeper down, so "still processing" is what there is to see…
    const offline = openStores(dir);
    const { eventId } = await createEvent(offline.store);
    const before = webAppOver(offline);
    const res = await before.request(`/e/${eventId}/rsvp`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ name: "Ana Guest", email: "ana@example.org" }).toString(),
    });
    // Post/redirect/get (issue 12 §3): the browser is sent on to the status page, so a reload never re-posts.
    expect(res.status).toBe(303);
    const statusPath = res.headers.get("location")?.match(/^(\/e\/[^"]+\/s\/[^"]+)$/)?.[1];
    expect(statusPath).toBeDefined();
    const processing = await statusPage(before, statusPath!);
    expect(processing).toContain("Still processing");
    expect(processing).toContain('<meta http-equiv="refresh" content="2">');
    expect(await statusOf(before, `http://x${statusPath}`)).toEqual({
      state: "processing",
      submittedAt: expect.any(String),
      delayed: false,
    });
    offline.db.close();

    // …then the runtime starts over the same data, and the keeper decides the queued registration.
    const rt = await start();
    await rt.idle();
    const after = webAppOver(rt);
    const confirmed = await statusPage(after, statusPath!);
    expect(confirmed).toContain("You're in, Ana Guest!");
    expect(confirmed).not.toContain("http-equiv");
    expect(await statusOf(after, `http://x${statusPath}`)).toEqual({
      state: "confirmed",
      name: "Ana Guest",
      position: null,
      duplicate: false,
    });
  });

  it("a waitlisted guest sees their current place in line, which moves up when someone ahead leaves", async () => {
    const rt = await start();
    const app = webAppOver(rt);
    const { eventId } = await createEvent(rt.store, { capacity: 1 });
    const ana = await accepted(await registerJson(app, eventId, "Ana", "ana@example.org"));
    const ben = await accepted(await registerJson(app, eventId, "Ben", "ben@example.org"));
    const cleo = await accepted(await registerJson(app, eventId, "Cleo", "cleo@example.org"));
    await rt.idle();

    expect(await statusOf(app, ana.statusUrl)).toMatchObject({ state: "confirmed", position: null });
    expect(await statusOf(app, ben.statusUrl)).toMatchObject({ state: "waitlisted", position: 1 });
    expect(await statusOf(app, cleo.statusUrl)).toMatchObject({ state: "waitlisted", position: 2 });
    expect(await statusPage(app, new URL(cleo.statusUrl).pathname)).toContain(
      "You are number <strong>2</strong> in line",
    );

    const benGuest = (await rt.store.listGuests(eventId)).find((g) => g.email === "ben@example.org")!;
    const cancelId = randomUUID();
    await rt.queue.send([cancel(eventId, benGuest.guestId, { lane: "link", commandId: cancelId })]);
    await rt.idle();
    // The cancel's own id is no registration: it is not a status link.
    expect((await app.request(`/e/${eventId}/s/${cancelId}`)).status).toBe(404);
    expect(await statusOf(app, ben.statusUrl)).toMatchObject({ state: "cancelled", position: null });
    expect(await statusOf(app, cleo.statusUrl)).toMatchObject({ state: "waitlisted", position: 1 });
  });

  it("registering an address already on the list, in another case, reveals nothing and changes nothing; its owner is emailed", async () => {
    const rt = await start();
    const app = webAppOver(rt);
    const { eventId } = await createEvent(rt.store);
    await accepted(await registerJson(app, eventId, "Ana Guest", "ana@example.org"));
    await rt.idle();
    const again = await accepted(await registerJson(app, eventId, "Someone Else", "ANA@Example.ORG"));
    await rt.idle();

    // Issue 13: the sender learns neither the stored name nor the status; the owner gets their links again.
    expect(await statusOf(app, again.statusUrl)).toEqual({ state: "check-email" });
    const page = await statusPage(app, new URL(again.statusUrl).pathname);
    expect(page).toContain("Check your email");
    expect(page).not.toContain("Ana Guest");
    expect(page).not.toContain("You're in");
    expect(await rt.store.listGuests(eventId)).toEqual([
      expect.objectContaining({ name: "Ana Guest", email: "ana@example.org", status: "confirmed" }),
    ]);
    const mail = await new SqliteMailOutbox(rt.db).list({ eventId });
    expect(mail.map((m) => [m.to, m.subject])).toEqual([
      ["ana@example.org", expect.stringMatching(/^You're in/)],
      ["ana@example.org", expect.stringMatching(/^You're in/)],
    ]);
    expect(mail.some((m) => m.text.includes("Someone Else"))).toBe(false);
  });

  it("a registration that races the host closing is refused by the keeper, and its status link says why", async () => {
    const offline = openStores(dir);
    const { eventId } = await createEvent(offline.store);
    // The host's close is queued first but not applied yet, so the web still sees the event open.
    await offline.queue.send([closeRegistration(eventId)]);
    const app = webAppOver(offline);
    const { statusUrl } = await accepted(await registerJson(app, eventId, "Ana", "ana@example.org"));
    offline.db.close();

    const rt = await start();
    await rt.idle();
    const after = webAppOver(rt);
    expect(await statusOf(after, statusUrl)).toEqual({
      state: "refused",
      reason: "registration for this event is closed",
    });
    expect(await statusPage(after, new URL(statusUrl).pathname)).toContain(
      "Because registration for this event is closed.",
    );
  });
});

describe("closed registration", () => {
  it("is refused with 409 before anything is queued, and the page shows no form", async () => {
    const rt = await start();
    const app = webAppOver(rt);
    const { eventId } = await createEvent(rt.store);
    await rt.queue.send([closeRegistration(eventId)]);
    await rt.idle();

    const res = await registerJson(app, eventId, "Ana", "ana@example.org");
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: string }).error).toMatch(/registration for this event is closed/);

    const form = await app.request(`/e/${eventId}/rsvp`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "name=Ana&email=ana%40example.org",
    });
    expect(form.status).toBe(409);
    expect(await form.text()).toContain("<h1>Registration is closed</h1>");
    expect(rt.queue.depth()).toBe(0);

    const page = await (await app.request(`/e/${eventId}`)).text();
    expect(page).toContain("Registration is closed.");
    expect(page).not.toContain("<form");
  });
});

describe("the host's headcount", () => {
  it("answers 304 while nothing changed, and a new ETag once a registration is processed", async () => {
    const rt = await start();
    const app = webAppOver(rt);
    const { eventId, hostToken } = await createEvent(rt.store);
    const path = `/h/${hostToken}/headcount`;

    const first = await app.request(path);
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("no-cache");
    const etag = first.headers.get("etag")!;
    expect(etag).toBe(`W/"${eventId}-0"`);
    expect(await first.json()).toEqual(headcountOf((await rt.store.getEvent(eventId))!));

    const unchanged = await app.request(path, { headers: { "if-none-match": etag } });
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.get("etag")).toBe(etag);
    expect(await unchanged.text()).toBe("");

    await accepted(await registerJson(app, eventId, "Ana", "ana@example.org"));
    await rt.idle();
    const changed = await app.request(path, { headers: { "if-none-match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect(await changed.json()).toMatchObject({ confirmed: 1, open: 9, version: 1 });
  });

  it("the host page shows the numbers and the register link, and refreshes itself with or without script", async () => {
    const rt = await start();
    const app = webAppOver(rt);
    const { eventId, hostToken } = await createEvent(rt.store, { name: "Quiz <night>", capacity: 3 });
    await accepted(await registerJson(app, eventId, "Ana", "ana@example.org"));
    await rt.idle();

    const res = await app.request(`/h/${hostToken}`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("<h1>Quiz &lt;night&gt;</h1>");
    expect(page).toContain('<td data-field="capacity">3</td>');
    expect(page).toContain('<td data-field="confirmed">1</td>');
    expect(page).toContain('<td data-field="open">2</td>');
    expect(page).toContain('<td data-field="registration">open</td>');
    expect(page).toContain(`href="http://rsvp.test/e/${eventId}"`);
    expect(page).toContain(`data-source="/h/${hostToken}/headcount"`);
    expect(page).toContain('<noscript><meta http-equiv="refresh" content="5"></noscript>');

    // The inline script is allowed by its hash, and by nothing looser.
    const script = page.match(/<script>([\s\S]*?)<\/script>/)?.[1];
    expect(script).toContain("if-none-match");
    const hash = createHash("sha256").update(script!).digest("base64");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    expect(csp).not.toContain("unsafe-inline");
  });
});

describe("the front door", () => {
  it("names the product and answers health checks", async () => {
    const app = webAppOver(await start());
    expect(await (await app.request("/")).text()).toContain("event RSVP manager");
    const health = await app.request("/healthz");
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
  });
});
