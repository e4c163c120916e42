/**
 * A registration's status page tells the truth when the keeper does not answer. Embedded: a registration that
 * has waited a minute is reported as delayed, and one the keeper failed on until it set it aside as a dead
 * letter is reported as set aside (the SQLite queue knows), until `rsvp dlq replay` brings it back and the
 * page shows the seat. AWS: SQS cannot be asked whether a message was dead-lettered, so the page says the
 * registration is taking longer than usual once it has waited a minute (the time is in its status link).
 * A host action works the same way on the host page: embedded, an action the keeper kept failing on is
 * reported as set aside, with how to retry it, instead of a notice that waits forever.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Accepted, RsvpStatus } from "../../contracts/http.ts";
import { hashHostToken, mintHostToken } from "../../core/host-token.ts";
import type { Clock } from "../../core/ports.ts";
import { issueFormId } from "../../producers/web/host-forms.ts";
import { type EmbeddedRuntime, openStores, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { baseTime, fakeClock, newEvent } from "../helpers/factories.ts";
import { type Lifecycle, lifecycleRuntimes } from "../helpers/lifecycle-harness.ts";
import { webAppOver } from "../helpers/web-app.ts";

const silent = pino({ level: "silent" });
const MINUTE = 60_000;

type Fetch = (request: Request) => Promise<Response>;

async function registerAs(fetch: Fetch, eventId: string, name: string, email: string): Promise<string> {
  const res = await fetch(
    new Request(`http://rsvp.test/e/${eventId}/rsvp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ name, email }),
    }),
  );
  expect(res.status).toBe(202);
  return new URL(((await res.json()) as Accepted).statusUrl, "http://rsvp.test").pathname;
}

async function statusJson(fetch: Fetch, path: string): Promise<RsvpStatus> {
  const res = await fetch(
    new Request(`http://rsvp.test${path}`, { headers: { accept: "application/json" } }),
  );
  expect(res.status).toBe(200);
  return (await res.json()) as RsvpStatus;
}

async function statusHtml(fetch: Fetch, path: string): Promise<string> {
  const res = await fetch(new Request(`http://rsvp.test${path}`, { headers: { accept: "text/html" } }));
  expect(res.status).toBe(200);
  return res.text();
}

const refreshOf = (page: string) => /<meta http-equiv="refresh" content="(\d+)">/.exec(page)?.[1] ?? null;

/** A fresh data dir for each test, and the embedded runtime a test starts on it; both gone after the test. */
function embeddedPerTest(prefix: string) {
  let dir = "";
  let runtime: EmbeddedRuntime | null = null;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    await runtime?.stop();
    runtime = null;
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    /** The runtime in-process on the data dir (no HTTP listener), on `clock`. */
    async start(clock: Clock): Promise<EmbeddedRuntime> {
      runtime = await startEmbedded({ dataDir: dir, http: false, clock, logger: silent });
      return runtime;
    },
  };
}

describe("a registration's status page on the embedded runtime", () => {
  const embedded = embeddedPerTest("rsvp-status-page-");

  it("says it is delayed after a minute, set aside once it became a dead letter, and the seat once replayed", async () => {
    const clock = fakeClock();
    const event = newEvent();

    // While the keeper does not run (rsvp busy elsewhere, or stopped), the web app alone takes the registration.
    const offline = openStores(embedded.dir);
    await offline.store.createEvent(event);
    const web = webAppOver(offline, { deadLetters: offline.queue, clock });
    const fetch: Fetch = (request) => Promise.resolve(web.fetch(request));
    const path = await registerAs(fetch, event.eventId, "Ana", "ana@example.org");

    expect(await statusJson(fetch, path)).toEqual({
      state: "processing",
      submittedAt: baseTime.toISOString(),
      delayed: false,
    });
    clock.advance(MINUTE - 1);
    const soon = await statusHtml(fetch, path);
    expect(soon).toContain("Still processing");
    expect(refreshOf(soon)).toBe("2");

    clock.advance(1);
    expect(await statusJson(fetch, path)).toEqual({
      state: "processing",
      submittedAt: baseTime.toISOString(),
      delayed: true,
    });
    const late = await statusHtml(fetch, path);
    expect(late).toContain("This is taking longer than usual");
    expect(late).toContain("You registered 1 minute ago");
    expect(late).toContain("let the host know");
    expect(refreshOf(late)).toBe("30");

    // The keeper starts, but every attempt to seat Ana fails (a fault in the database, simulated by a
    // trigger), so after 5 attempts the command is set aside as a dead letter.
    offline.db.exec(`CREATE TRIGGER poison BEFORE INSERT ON guests WHEN NEW.email_key = 'ana@example.org'
      BEGIN SELECT RAISE(ABORT, 'simulated disk fault'); END`);
    offline.db.close();
    clock.advance(MINUTE);
    const runtime = await embedded.start(clock);
    await runtime.idle();
    expect(runtime.queue.listDeadLetters()).toHaveLength(1);

    expect(await statusJson(runtime.fetch, path)).toEqual({
      state: "set-aside",
      failedAt: clock.now().toISOString(),
    });
    clock.advance(5 * MINUTE);
    const stuck = await statusHtml(runtime.fetch, path);
    expect(stuck).toContain("Your registration is stuck");
    expect(stuck).toContain("it was set aside 5 minutes ago");
    expect(stuck).not.toContain("Still processing");
    expect(refreshOf(stuck)).toBeNull();

    // The operator fixes the fault and replays the dead letters: the same link now shows the seat.
    runtime.db.exec("DROP TRIGGER poison");
    expect(runtime.queue.replayDeadLetters()).toBe(1);
    await runtime.idle();
    expect(await statusJson(runtime.fetch, path)).toEqual({
      state: "confirmed",
      name: "Ana",
      position: null,
      duplicate: false,
    });
  });

  it("a status link without a time in it (an older link) is processing, never delayed", async () => {
    const clock = fakeClock();
    const runtime = await embedded.start(clock);
    const event = newEvent();
    await runtime.store.createEvent(event);
    clock.advance(60 * MINUTE);
    expect(
      await statusJson(runtime.fetch, `/e/${event.eventId}/s/0b6c2a4e-3f1d-4c8e-9a7b-5d2e1f0a9c3b`),
    ).toEqual({ state: "processing", submittedAt: null, delayed: false });
  });
});

describe("a host action's notice on the embedded runtime", () => {
  const embedded = embeddedPerTest("rsvp-host-notice-");

  it("says the action was set aside and that rsvp dlq replay retries it, and the outcome once replayed", async () => {
    const runtime = await embedded.start(fakeClock());
    const token = mintHostToken();
    const event = newEvent({ capacity: 10, hostTokenHash: hashHostToken(token) });
    await runtime.store.createEvent(event);
    // Every attempt to apply the new capacity fails (a fault in the database, simulated by a trigger).
    runtime.db.exec(`CREATE TRIGGER poison BEFORE UPDATE ON events WHEN NEW.capacity = 7
      BEGIN SELECT RAISE(ABORT, 'simulated disk fault'); END`);

    const posted = await runtime.fetch(
      new Request(`http://rsvp.test/h/${token}/capacity`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        // A form id as the host page issues it (a made-up one is refused).
        body: new URLSearchParams({ formId: issueFormId(token, crypto.randomUUID()), capacity: "7" }),
      }),
    );
    expect(posted.status).toBe(303);
    const location = new URL(posted.headers.get("location") ?? "", "http://rsvp.test");
    expect(location.pathname).toBe(`/h/${token}`);
    const back = `${location.pathname}${location.search}`;
    await runtime.idle();
    expect(runtime.queue.listDeadLetters()).toHaveLength(1);

    const stuck = await statusHtml(runtime.fetch, back);
    expect(stuck).toContain("set aside with the dead letters");
    expect(stuck).toContain("rsvp dlq replay retries it");
    expect(stuck).not.toContain("Received: it takes effect in a moment");
    // No 2-second reload waiting for an outcome that will not come: only the headcount's own, without script.
    expect(refreshOf(stuck)).toBe("5");
    expect((await runtime.store.getEvent(event.eventId))?.capacity).toBe(10);

    // The operator fixes the fault and replays the dead letters: the same page now says what was done.
    runtime.db.exec("DROP TRIGGER poison");
    expect(runtime.queue.replayDeadLetters()).toBe(1);
    await runtime.idle();
    const done = await statusHtml(runtime.fetch, back);
    expect(done).toContain("Capacity changed from 10 to 7.");
    expect(done).not.toContain("set aside");
  });
});

const aws = lifecycleRuntimes.find((r) => r.name === "aws")!;

describe.skipIf(!aws.available)("a registration's status page on the AWS runtime", () => {
  let life: Lifecycle | null = null;
  afterEach(async () => {
    await life?.stop();
    life = null;
  });

  it("says the registration is taking longer than usual once it has waited a minute, and the seat once it is in", async () => {
    life = await aws.start();
    const fetch: Fetch = (request) => life!.fetch(request);
    // Sent to the queue; the keeper function has not been invoked yet.
    const path = await registerAs(fetch, life.eventId, "Ana", "ana@example.org");
    expect(await statusJson(fetch, path)).toEqual({
      state: "processing",
      submittedAt: life.clock.now().toISOString(),
      delayed: false,
    });

    life.clock.advance(3 * MINUTE);
    expect(await statusJson(fetch, path)).toMatchObject({ state: "processing", delayed: true });
    const late = await statusHtml(fetch, path);
    expect(late).toContain("This is taking longer than usual");
    expect(late).toContain("You registered 3 minutes ago");
    expect(refreshOf(late)).toBe("30");

    await life.settle();
    expect(await statusJson(fetch, path)).toEqual({
      state: "confirmed",
      name: "Ana",
      position: null,
      duplicate: false,
    });
  });
});
