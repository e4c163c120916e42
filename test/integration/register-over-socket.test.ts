import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { type EmbeddedRuntime, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { newEvent } from "../helpers/factories.ts";

/**
 * A registration over a real socket (the Node server reads the body straight from the connection when its
 * length is declared): the body limit holds either way, and a body within it is registered.
 */
const silent = pino({ level: "silent" });
let rt: EmbeddedRuntime | null = null;
let dir = "";

afterEach(async () => {
  await rt?.stop();
  rt = null;
  rmSync(dir, { recursive: true, force: true });
});

/** POSTs `body` to `path`, with its length declared or chunked; the status and the answer's text. */
function post(
  url: string,
  path: string,
  body: string,
  framing: "length" | "chunked",
): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname,
        port,
        path,
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json",
          ...(framing === "length" ? { "content-length": Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", reject);
    if (framing === "chunked") {
      // Written in pieces without a length: Node sends it chunked.
      for (let i = 0; i < body.length; i += 4096) req.write(body.slice(i, i + 4096));
      req.end();
    } else req.end(body);
  });
}

describe("registering over a socket", () => {
  it("takes a registration whose length is declared or chunked, and refuses a body over 64 KB either way", async () => {
    dir = mkdtempSync(join(tmpdir(), "rsvp-register-socket-"));
    rt = await startEmbedded({ dataDir: dir, port: 0, logger: silent });
    const event = newEvent({ startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString() });
    await rt.store.createEvent(event);
    const path = `/e/${event.eventId}/rsvp`;

    for (const framing of ["length", "chunked"] as const) {
      const ok = await post(
        rt.url,
        path,
        JSON.stringify({ name: "Ana", email: `ana.${framing}@example.org` }),
        framing,
      );
      expect(ok.status).toBe(202);
      expect(JSON.parse(ok.text)).toMatchObject({ status: "accepted" });

      const large = JSON.stringify({
        name: "Ana",
        email: "ana@example.org",
        padding: "x".repeat(200 * 1024),
      });
      const refused = await post(rt.url, path, large, framing);
      expect(refused.status).toBe(413);
      expect(refused.text).toMatch(/larger than 64 KB/);
    }
    await rt.idle();
    const guests = await rt.store.listGuests(event.eventId);
    expect(guests.map((g) => g.email).sort()).toEqual(["ana.chunked@example.org", "ana.length@example.org"]);
  });
});
