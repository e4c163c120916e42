import pino from "pino";
import { describe, expect, it } from "vitest";
import { hostedEvent } from "../helpers/factories.ts";
import { scratchDataDir } from "../helpers/scratch-data-dir.ts";
import { formIdIn, webAppOver } from "../helpers/web-app.ts";

/** Issue 13 §2: nobody acts for a guest or a host but themselves, and one script cannot take every seat. */

const data = scratchDataDir("web-trust");

async function hostSetUp() {
  const offline = data.open();
  const { event, host } = hostedEvent({ capacity: 10 });
  expect(await offline.store.createEvent(event)).toBe(true);
  const app = webAppOver(offline);
  const formId = formIdIn(await (await app.request(host, { headers: { accept: "text/html" } })).text());
  return { app, host, formId, stores: offline };
}

const capacityPost = (formId: string, headers: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html", ...headers },
  body: new URLSearchParams({ formId, capacity: "20" }).toString(),
});

describe("host forms (cross-site request forgery)", () => {
  it("a host form posted by another site's page is refused (403) and nothing is queued", async () => {
    const { app, host, formId, stores } = await hostSetUp();
    const forged: Record<string, string>[] = [
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      { origin: "https://evil.example" },
      { "sec-fetch-site": "cross-site" },
      { origin: "null" },
    ];
    for (const headers of forged) {
      const res = await app.request(`${host}/capacity`, capacityPost(formId, headers));
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(await res.text()).toContain("sent from another site");
    }
    expect(stores.queue.depth()).toBe(0);
  });

  it("the same form from the host page itself (same origin) acts", async () => {
    const { app, host, formId, stores } = await hostSetUp();
    const res = await app.request(
      `${host}/capacity`,
      capacityPost(formId, { origin: "http://rsvp.test", "sec-fetch-site": "same-origin" }),
    );
    expect(res.status).toBe(303);
    expect(stores.queue.depth()).toBe(1);
  });

  it("a form id the host page did not issue (made up, or another host link's) is refused, and nothing is queued", async () => {
    const { app, host, stores } = await hostSetUp();
    const other = hostedEvent();
    await stores.store.createEvent(other.event);
    const othersFormId = formIdIn(await (await app.request(other.host)).text());
    for (const formId of ["made-up-1", othersFormId, `${othersFormId.slice(0, -1)}x`]) {
      const res = await app.request(`${host}/capacity`, capacityPost(formId, {}));
      expect(res.status, formId).toBe(403);
      expect(await res.text()).toContain("not issued by this host page");
    }
    expect(stores.queue.depth()).toBe(0);
  });
});

describe("per-address rate limits (RSVP_RATE_LIMIT)", () => {
  const register = (port: number, eventId: string, n: number) =>
    fetch(`http://127.0.0.1:${port}/e/${eventId}/rsvp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ name: `Attacker ${n}`, email: `attacker+${n}@example.org` }),
    });

  it("one script from one address gets its limit of registrations a minute, then 429 with Retry-After", async () => {
    const runtime = await data.start({
      port: 0,
      logger: pino({ level: "silent" }),
      rateLimitPerMinute: 5,
    });
    const { event } = hostedEvent({ capacity: 100 });
    await runtime.store.createEvent(event);
    const port = Number(new URL(runtime.url).port);

    const statuses: number[] = [];
    let refused: Response | null = null;
    for (let n = 1; n <= 8; n++) {
      const res = await register(port, event.eventId, n);
      statuses.push(res.status);
      if (res.status === 429) refused = res;
      else await res.body?.cancel();
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429, 429]);
    expect(Number(refused?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused?.json()).toEqual({ error: expect.stringContaining("too many requests") });
    await runtime.idle();
    expect((await runtime.store.listGuests(event.eventId)).length).toBe(5);
    // Other endpoints (the event page, the status links) are not limited.
    expect((await fetch(`http://127.0.0.1:${port}/e/${event.eventId}`)).status).toBe(200);
  });

  it("counts each client address on its own, and 0 turns the limit off", async () => {
    const { event } = hostedEvent({ capacity: 100 });
    const offline = data.open();
    await offline.store.createEvent(event);
    const post = (app: ReturnType<typeof webAppOver>, from: string, n: number) =>
      app.request(`/e/${event.eventId}/rsvp`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-client": from },
        body: JSON.stringify({ name: "Guest", email: `guest${n}@example.org` }),
      });
    const limited = webAppOver(offline, {
      rateLimit: { perMinute: 2, clientAddress: (c) => c.req.header("x-client") },
    });
    expect((await post(limited, "a", 1)).status).toBe(202);
    expect((await post(limited, "a", 2)).status).toBe(202);
    expect((await post(limited, "a", 3)).status).toBe(429);
    expect((await post(limited, "b", 4)).status).toBe(202);

    const off = webAppOver(offline, {
      rateLimit: { perMinute: 0, clientAddress: (c) => c.req.header("x-client") },
    });
    for (let n = 10; n < 30; n++) expect((await post(off, "a", n)).status).toBe(202);
  });
});
