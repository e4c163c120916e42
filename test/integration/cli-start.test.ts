import { statSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { openStores } from "../../runtime/embedded/embedded-runtime.ts";
import { register } from "../helpers/factories.ts";
import { setAside } from "../helpers/offline-data-dir.ts";
import { createEventCli, runCli } from "./cli-harness.ts";
import { useServers } from "./server-fixture.ts";

const { tempDataDir, start } = useServers("rsvp-start-");

const linkAfter = (output: string, label: string) =>
  new RegExp(`^\\s+${label}\\s+(http\\S+)`, "m").exec(output)?.[1];

describe("rsvp start", () => {
  it("on an empty data dir creates the demo event and prints links that work, again on every start", async () => {
    const dataDir = tempDataDir();
    const first = await start(dataDir);
    const register = linkAfter(first.output(), "register");
    const host = linkAfter(first.output(), "host");
    expect(register).toMatch(/\/e\/[A-Za-z0-9_-]+$/);
    expect(host).toMatch(/\/h\/[A-Za-z0-9_-]+$/);
    expect(first.output()).toContain("rsvp demo");

    expect((await fetch(register!)).status).toBe(200);
    const headcount = await fetch(`${host}/headcount`);
    expect(await headcount.json()).toMatchObject({ name: "rsvp demo", capacity: 40, confirmed: 0 });
    // The links file holds a secret: only its owner may read it.
    expect(statSync(join(dataDir, "demo-links.txt")).mode & 0o777).toBe(0o600);
    expect(await first.stop()).toEqual({ code: 0, signal: null });

    const second = await start(dataDir);
    const hostPath = (link: string) => new URL(link).pathname;
    expect(hostPath(linkAfter(second.output(), "host")!)).toBe(hostPath(host!));
    expect(hostPath(linkAfter(second.output(), "register")!)).toBe(hostPath(register!));
    expect(second.output()).not.toContain("created now");
    expect(await second.stop()).toEqual({ code: 0, signal: null });
  });

  it("creates no demo event when the data dir already has an event", async () => {
    const dataDir = tempDataDir();
    const { eventId } = await createEventCli(dataDir, { name: "Mine" });
    const server = await start(dataDir);
    expect(server.output()).toContain(`/e/${eventId}`);
    expect(server.output()).not.toContain("rsvp demo");
    expect(server.output()).toContain("printed once by `rsvp event create`");
  });

  it("says the port is in use and exits 1, without a stack trace", async () => {
    const server = await start(tempDataDir());
    const port = new URL(server.url).port;
    const second = await runCli(["start", "--port", port, "--data", tempDataDir()]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`port ${port} is already in use`);
    expect(second.stderr).not.toMatch(/\n\s+at /);
  });

  it("a bad --port or RSVP_PORT is a usage error (exit 2)", async () => {
    const flag = await runCli(["start", "--port", "70000", "--data", tempDataDir()]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("--port");
    const env = await runCli(["start", "--data", tempDataDir()], { env: { RSVP_PORT: "web" } });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain("RSVP_PORT");
  });

  it("picks up dead letters replayed by `rsvp dlq replay` from another process", async () => {
    const dataDir = tempDataDir();
    const { eventId, hostPath } = await createEventCli(dataDir, { capacity: 5 });
    const server = await start(dataDir);

    // Set a valid registration aside as a dead letter, atomically, so the running keeper never sees it queued.
    const stores = openStores(dataDir);
    try {
      setAside(stores, [
        register(eventId, "late@example.org", "Late Guest", {
          commandId: "replayed-later",
          lane: "import",
          issuedAt: new Date(),
        }),
      ]);
    } finally {
      stores.db.close();
    }

    const replay = await runCli(["dlq", "replay", "--data", dataDir]);
    expect(replay.stdout).toContain("replayed 1 dead letter");
    let confirmed = 0;
    for (let attempt = 0; attempt < 50 && confirmed === 0; attempt += 1) {
      await delay(100);
      const res = await fetch(`${server.url}${hostPath}/headcount`);
      confirmed = ((await res.json()) as { confirmed: number }).confirmed;
    }
    expect(confirmed).toBe(1);
  });
});
