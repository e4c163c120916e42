import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { HeadcountLiveOptions } from "../../producers/web/headcount-live.ts";
import { type EmbeddedRuntime, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { hostedEvent } from "../helpers/factories.ts";

const dirs: string[] = [];
const runtimes: EmbeddedRuntime[] = [];
const streams: SseReader[] = [];

afterEach(async () => {
  for (const s of streams.splice(0)) await s.cancel();
  for (const r of runtimes.splice(0)) await r.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** One block of an event stream: an event (its name, id and data) or a comment. */
type Block = { comment: string } | { event: string; id: string; data: string };

/** Reads an event stream block by block, waiting for each as it comes. */
interface SseReader {
  next(): Promise<Block | null>;
  cancel(): Promise<void>;
}

function sseReader(body: ReadableStream<Uint8Array>): SseReader {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  const parse = (text: string): Block => {
    const lines = text.split("\n");
    if (lines.every((l) => l.startsWith(":"))) return { comment: lines.join("\n").slice(1).trim() };
    const field = (name: string) =>
      lines
        .filter((l) => l.startsWith(`${name}: `))
        .map((l) => l.slice(name.length + 2))
        .join("\n");
    return { event: field("event"), id: field("id"), data: field("data") };
  };
  const reading: SseReader = {
    async next() {
      for (;;) {
        const end = buffered.indexOf("\n\n");
        if (end >= 0) {
          const block = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          return parse(block);
        }
        const { done, value } = await reader.read();
        if (done) return null;
        buffered += decoder.decode(value, { stream: true });
      }
    },
    cancel: () => reader.cancel().catch(() => {}),
  };
  streams.push(reading);
  return reading;
}

/** The embedded web over a real socket, with the live headcount read and heartbeated quickly. */
async function serverWithEvent(live: HeadcountLiveOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), "rsvp-live-"));
  dirs.push(dir);
  const runtime = await startEmbedded({
    dataDir: dir,
    port: 0,
    logger: pino({ level: "silent" }),
    headcountLive: { readEveryMs: 10, heartbeatMs: 40, ...live },
  });
  runtimes.push(runtime);
  const party = hostedEvent({ eventId: "live-party", name: "Live party", capacity: 10 });
  const other = hostedEvent({ eventId: "other-party", name: "Other party", capacity: 10 });
  await runtime.store.createEvent(party.event);
  await runtime.store.createEvent(other.event);
  const liveUrl = (token: string) => `${runtime.url}/h/${token}/headcount/live`;
  const register = async (email: string) => {
    const res = await fetch(`${runtime.url}/e/live-party/rsvp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ name: "A Guest", email }),
    });
    expect(res.status).toBe(202);
    await runtime.idle();
  };
  const open = async (token = party.hostToken, headers: Record<string, string> = {}) => {
    const res = await fetch(liveUrl(token), { headers: { accept: "text/event-stream", ...headers } });
    return res;
  };
  return { runtime, party, other, register, open };
}

/** The next blocks up to and including `heartbeats` heartbeat comments: what was sent meanwhile. */
async function untilHeartbeats(stream: SseReader, heartbeats: number): Promise<Block[]> {
  const seen: Block[] = [];
  let beats = 0;
  while (beats < heartbeats) {
    const block = await stream.next();
    if (!block) throw new Error("the stream ended");
    seen.push(block);
    if ("comment" in block) beats += 1;
  }
  return seen;
}

const eventsIn = (blocks: Block[]) => blocks.filter((b) => "event" in b);

/** The next event, past any heartbeat comments. */
async function nextEvent(stream: SseReader): Promise<{ event: string; id: string; data: string }> {
  for (;;) {
    const block = await stream.next();
    if (!block) throw new Error("the stream ended");
    if ("event" in block) return block;
  }
}

describe("the host page's live headcount as server-sent events", () => {
  it("sends the headcount at once, one event per change, and only heartbeats while unchanged", async () => {
    const { open, register } = await serverWithEvent();
    const res = await open();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const stream = sseReader(res.body!);

    const first = await stream.next();
    expect(first).toMatchObject({ event: "headcount", id: expect.stringMatching(/^W\/"live-party-\d+"$/) });
    expect(JSON.parse((first as { data: string }).data)).toMatchObject({ confirmed: 0, capacity: 10 });

    // Unchanged: many reads later, nothing but heartbeat comments.
    expect(eventsIn(await untilHeartbeats(stream, 2))).toEqual([]);

    await register("ana@example.org");
    const change = await nextEvent(stream);
    expect(JSON.parse(change.data)).toMatchObject({ confirmed: 1 });
    expect(change.id).not.toBe((first as { id: string }).id);
    // Exactly one: nothing more for the registration, however many reads follow.
    expect(eventsIn(await untilHeartbeats(stream, 3))).toEqual([]);

    // The poll route names the same version: the page can poll on from where the stream left it.
    const polled = await fetch(res.url.replace(/\/live$/, ""));
    expect(polled.headers.get("etag")).toBe(change.id);
  });

  it("a reconnect whose Last-Event-ID names the current version is sent nothing new", async () => {
    const { open, register } = await serverWithEvent();
    const firstStream = sseReader((await open()).body!);
    const first = (await firstStream.next()) as { id: string };

    const again = await open(undefined, { "last-event-id": first.id });
    expect(again.status).toBe(200);
    const stream = sseReader(again.body!);
    expect(eventsIn(await untilHeartbeats(stream, 2))).toEqual([]);

    // …and hears the next change like any other.
    await register("ana@example.org");
    expect(JSON.parse((await nextEvent(stream)).data)).toMatchObject({ confirmed: 1 });
  });

  it("an unknown host link is refused like on the poll route, before any stream", async () => {
    const { open } = await serverWithEvent();
    const res = await open("not-a-host-link");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ error: "unknown host link" });
  });

  it("streams are capped per host link (429) and in all (503), with Retry-After", async () => {
    const { open, party, other } = await serverWithEvent({ maxPerLink: 2, maxStreams: 3 });
    const a1 = sseReader((await open()).body!);
    sseReader((await open()).body!);
    const refusedLink = await open();
    expect(refusedLink.status).toBe(429);
    expect(refusedLink.headers.get("retry-after")).toBe("30");
    expect(((await refusedLink.json()) as { error: string }).error).toMatch(/live headcounts/);

    // Another link still gets one, until the server holds its three.
    const b1 = await open(other.hostToken);
    expect(b1.status).toBe(200);
    sseReader(b1.body!);
    const refusedServer = await open(other.hostToken);
    expect(refusedServer.status).toBe(503);
    expect(refusedServer.headers.get("retry-after")).toBe("30");
    await refusedServer.body?.cancel();

    // A page that leaves frees its place.
    await a1.next();
    await a1.cancel();
    await vi.waitFor(async () => {
      const res = await open(party.hostToken);
      if (res.status !== 200) await res.body?.cancel();
      expect(res.status).toBe(200);
      sseReader(res.body!);
    }, 10_000);
  });

  it("a stop ends every open stream, and a client that stopped reading does not hold it", async () => {
    const { runtime, open } = await serverWithEvent({ heartbeatMs: 60_000 });
    const stream = sseReader((await open()).body!);
    await stream.next();
    // Opened and never read again.
    sseReader((await open()).body!);
    const ended = (async () => {
      for (;;) if ((await stream.next().catch(() => null)) === null) return true;
    })();
    await runtime.stop();
    expect(await ended).toBe(true);
  });

  it("a stop does not wait for a connection a client opened and never sent a request on", async () => {
    const { runtime } = await serverWithEvent();
    const { port } = new URL(runtime.url);
    const spare = connect(Number(port), "127.0.0.1");
    await once(spare, "connect");
    const closed = once(spare, "close");
    await runtime.stop();
    await closed;
  });

  it("the host page offers the stream to its script only where the runtime serves it", async () => {
    const { runtime, party } = await serverWithEvent();
    const page = await (await fetch(`${runtime.url}/h/${party.hostToken}`)).text();
    expect(page).toContain(`data-live="/h/${party.hostToken}/headcount/live"`);

    const dir = mkdtempSync(join(tmpdir(), "rsvp-live-off-"));
    dirs.push(dir);
    const off = await startEmbedded({
      dataDir: dir,
      port: 0,
      logger: pino({ level: "silent" }),
      headcountLive: false,
    });
    runtimes.push(off);
    await off.store.createEvent(party.event);
    const plain = await (await fetch(`${off.url}/h/${party.hostToken}`)).text();
    expect(plain).toContain("data-source=");
    expect(plain).not.toContain("data-live");
    expect((await fetch(`${off.url}/h/${party.hostToken}/headcount/live`)).status).toBe(404);
  });
});
