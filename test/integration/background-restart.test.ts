import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createEventCli, register, settleStatuses } from "./cli-harness.ts";
import { useServers } from "./server-fixture.ts";

/**
 * Issue 13 §3: a fault in the background thread never stops the pipeline for good. The thread is made to crash
 * (the fault drill file, runtime/embedded/background-worker.ts) under a running `rsvp start`: /healthz says so
 * with 503 and the reason, registrations are still taken meanwhile, the supervisor starts the thread again
 * after its pause, and what was taken is applied.
 */
const servers = useServers("rsvp-bg-restart-");

async function healthOf(url: string): Promise<{ status: number; body: { ok: boolean; reason?: string } }> {
  const res = await fetch(`${url}/healthz`);
  return { status: res.status, body: (await res.json()) as { ok: boolean; reason?: string } };
}

/** Polls /healthz until `until` holds (at most `ms`); returns the last answer. */
async function waitForHealth(url: string, until: (status: number) => boolean, ms = 20_000) {
  const end = Date.now() + ms;
  let last = await healthOf(url);
  while (!until(last.status) && Date.now() < end) {
    await delay(100);
    last = await healthOf(url);
  }
  return last;
}

describe("a crashed background thread", () => {
  it("is reported by /healthz (503 with the reason) and started again; registrations taken while it was down are applied", async () => {
    const dataDir = servers.tempDataDir();
    const event = await createEventCli(dataDir, { capacity: 5 });
    const server = await servers.start(dataDir);
    expect((await healthOf(server.url)).status).toBe(200);

    writeFileSync(join(dataDir, "crash-background.drill"), "");
    const down = await waitForHealth(server.url, (s) => s === 503);
    expect(down).toMatchObject({ status: 503, body: { ok: false } });
    expect(down.body.reason).toContain("fault drill");

    // The web side still takes registrations: they wait in the queue.
    const reply = await register(server.url, event.eventId, { name: "Ana", email: "ana@example.org" });
    expect(reply.status).toBe(202);

    const up = await waitForHealth(server.url, (s) => s === 200);
    expect(up.status).toBe(200);
    const states = await settleStatuses(server.url, [reply.statusUrl!]);
    expect([...states.values()]).toEqual(["confirmed"]);
    expect(server.output()).toContain("restarting it");
  });
});
