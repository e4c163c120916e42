import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import type { EventRecord } from "../../contracts/event.ts";
import { headcountCache } from "../../producers/web/headcount-cache.ts";
import { type EmbeddedRuntime, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { hostedEvent } from "../helpers/factories.ts";

const dirs: string[] = [];
const runtimes: EmbeddedRuntime[] = [];

afterEach(async () => {
  for (const r of runtimes.splice(0)) await r.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** `rsvp start`'s web over a real socket, with the headcount kept for `maxAgeMs`. */
async function serverWithEvent(maxAgeMs: number) {
  const dir = mkdtempSync(join(tmpdir(), "rsvp-headcount-"));
  dirs.push(dir);
  const runtime = await startEmbedded({
    dataDir: dir,
    port: 0,
    logger: pino({ level: "silent" }),
    headcountMaxAgeMs: maxAgeMs,
  });
  runtimes.push(runtime);
  const hosted = hostedEvent({ eventId: "poll-party", name: "Poll party", capacity: 10 });
  await runtime.store.createEvent(hosted.event);
  const headcount = `${runtime.url}/h/${hosted.hostToken}/headcount`;
  const register = async (email: string) => {
    const res = await fetch(`${runtime.url}/e/poll-party/rsvp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ name: "A Guest", email }),
    });
    expect(res.status).toBe(202);
    await runtime.idle();
  };
  return { runtime, headcount, register };
}

describe("the host page's live headcount under polling", () => {
  it("an unchanged poll is answered 304; a change shows in the next poll once the kept copy is due", async () => {
    const { headcount, register } = await serverWithEvent(60_000);
    const first = await fetch(headcount);
    const tag = first.headers.get("etag")!;
    expect(await first.json()).toMatchObject({ confirmed: 0 });

    const unchanged = await fetch(headcount, { headers: { "if-none-match": tag } });
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.get("etag")).toBe(tag);
    expect(unchanged.headers.get("cache-control")).toBe("no-cache");

    // Within the kept moment a poller holding the tag is not told of a change yet (it hears within maxAgeMs)…
    await register("ana@example.org");
    expect((await fetch(headcount, { headers: { "if-none-match": tag } })).status).toBe(304);
    // …whoever asks without a tag reads the store, and from then on the pollers are told too.
    const plain = await fetch(headcount);
    expect(await plain.json()).toMatchObject({ confirmed: 1 });
    const told = await fetch(headcount, { headers: { "if-none-match": tag } });
    expect(told.status).toBe(200);
    expect(told.headers.get("etag")).toBe(plain.headers.get("etag"));
    expect(await told.json()).toMatchObject({ confirmed: 1 });
  });

  it("without a kept moment (the default for tests) every poll sees the store", async () => {
    const { headcount, register } = await serverWithEvent(0);
    const tag = (await fetch(headcount)).headers.get("etag")!;
    await register("ana@example.org");
    const polled = await fetch(headcount, { headers: { "if-none-match": tag } });
    expect(polled.status).toBe(200);
    expect(await polled.json()).toMatchObject({ confirmed: 1 });
  });

  it("a forged host link is refused even when it presents a tag that is kept", async () => {
    const { runtime, headcount } = await serverWithEvent(60_000);
    const tag = (await fetch(headcount)).headers.get("etag")!;
    const forged = await fetch(`${runtime.url}/h/not-a-real-token/headcount`, {
      headers: { "if-none-match": tag, accept: "application/json" },
    });
    expect(forged.status).toBe(404);
  });
});

describe("the headcount cache", () => {
  const event = (version: number) => ({ eventId: "e", version }) as EventRecord;

  it("keeps a copy for its moment, reads again after it, and never keeps an unknown link", async () => {
    let now = 0;
    const cache = headcountCache({ maxAgeMs: 1_000, now: () => now });
    let reads = 0;
    let version = 1;
    const read = async () => {
      reads += 1;
      return event(version);
    };
    expect((await cache.eventFor("t", read))?.version).toBe(1);
    version = 2;
    // (Before the last fifth of the moment: answerTag starts no read in the background, see the next test.)
    now = 799;
    expect(cache.answerTag("t")).toBe('W/"e-1"');
    now = 999;
    expect((await cache.eventFor("t", read))?.version).toBe(1);
    now = 1_000;
    expect(cache.answerTag("t")).toBeNull();
    expect((await cache.eventFor("t", read))?.version).toBe(2);
    expect(reads).toBe(2);

    expect(await cache.eventFor("unknown", async () => null)).toBeNull();
    expect(cache.answerTag("unknown")).toBeNull();
  });

  it("reads a copy that is still polled again in the background before its moment ends", async () => {
    let now = 0;
    const cache = headcountCache({ maxAgeMs: 1_000, now: () => now });
    let reads = 0;
    let version = 1;
    let release: () => void = () => {};
    const read = async () => {
      reads += 1;
      if (reads > 1) await new Promise<void>((resolve) => (release = resolve));
      return event(version);
    };
    expect(cache.answerTag("t")).toBeNull();
    await cache.eventFor("t", read);
    now = 700;
    expect(cache.answerTag("t")).toBe('W/"e-1"');
    expect(reads).toBe(1);
    version = 2;
    // Near the moment's end: the polls keep their 304s, and only the first of them starts a read.
    now = 850;
    expect(cache.answerTag("t")).toBe('W/"e-1"');
    expect(cache.answerTag("t")).toBe('W/"e-1"');
    expect(reads).toBe(2);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    // The read is in, with a new moment: the next poll holding the old tag is told (by the route).
    now = 1_500;
    expect(cache.answerTag("t")).toBe('W/"e-2"');
    expect(reads).toBe(2);
    // Never older than the moment: while a read is out, the copy still runs out on time.
    now = 1_849;
    expect(cache.answerTag("t")).toBe('W/"e-2"');
    expect(reads).toBe(3);
    now = 1_850;
    expect(cache.answerTag("t")).toBeNull();
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(cache.answerTag("t")).toBe('W/"e-2"');

    // A link the store no longer knows is forgotten by the background read.
    let known = true;
    const other = headcountCache({ maxAgeMs: 1_000, now: () => now });
    await other.eventFor("gone", async () => (known ? event(3) : null));
    known = false;
    now += 900;
    expect(other.answerTag("gone")).toBe('W/"e-3"');
    await new Promise((resolve) => setImmediate(resolve));
    expect(other.answerTag("gone")).toBeNull();
  });
});
