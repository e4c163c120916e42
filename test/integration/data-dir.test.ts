import { spawnSync } from "node:child_process";
import {
  chmodSync,
  closeSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { lockPath } from "../../adapters/local/data-dir.ts";
import { databasePath, openStores, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { hostedEvent } from "../helpers/factories.ts";
import { runCli, startServer } from "./cli-harness.ts";

/** Issue 13 §3 and §4: one server per data dir, a damaged database said as such, and a private data dir. */

let parent: string;
let dir: string;
const silent = pino({ level: "silent" });

beforeEach(() => {
  parent = mkdtempSync(join(tmpdir(), "rsvp-data-dir-"));
  dir = join(parent, "data");
});

afterEach(() => {
  rmSync(parent, { recursive: true, force: true });
});

/** A pid that is certainly not running: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "0"]);
  return child.pid;
}

describe("two rsvp start on one data dir", () => {
  it("the second refuses to start (exit 1), naming the first's pid, and the first runs on", async () => {
    const first = await startServer(dir);
    try {
      const second = await runCli(["start", "--port", "0", "--data", dir]);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`another rsvp (pid ${first.pid} on ${hostname()}`);
      expect(second.stderr).toContain(dir);
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    } finally {
      expect((await first.stop()).code).toBe(0);
    }
    // Stopped cleanly: the lock is gone, and the next start runs.
    expect(readdirSync(dir)).not.toContain("rsvp.lock");
  });

  it("in one process too, and a lock left by a process that is gone (a crash) does not stop a start", async () => {
    const runtime = await startEmbedded({ dataDir: dir, http: false, logger: silent });
    await expect(startEmbedded({ dataDir: dir, http: false, logger: silent })).rejects.toThrow(
      `another rsvp (pid ${process.pid}`,
    );
    await runtime.stop();

    writeFileSync(
      lockPath(dir),
      JSON.stringify({ pid: deadPid(), hostname: hostname(), startedAt: "2026-01-01T00:00:00.000Z" }),
    );
    const again = await startEmbedded({ dataDir: dir, http: false, logger: silent });
    await again.stop();
  });
});

describe("a damaged database", () => {
  it("rsvp start says it is damaged and exits 3, instead of a raw stack later", async () => {
    const stores = openStores(dir);
    for (let i = 0; i < 20; i++) await stores.store.createEvent(hostedEvent().event);
    stores.db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    stores.db.close();
    // Garbage over the second page and beyond (the first holds the header: the file still opens).
    const fd = openSync(databasePath(dir), "r+");
    writeSync(fd, Buffer.alloc(8_192, 0x5a), 0, 8_192, 4_096);
    closeSync(fd);

    const start = await runCli(["start", "--port", "0", "--data", dir]);
    expect(start.code).toBe(3);
    expect(start.stderr).toContain("is damaged");
    expect(start.stderr).toContain("restore it from a backup");
    expect(start.stderr).not.toMatch(/\n\s+at /);
    // Nothing was left holding the data dir.
    expect(readdirSync(dir)).not.toContain("rsvp.lock");
  });
});

describe("a private data dir", () => {
  it("is 0700 with every file 0600, whatever the umask, also for files an older version left readable", async () => {
    const before = process.umask(0o022);
    try {
      const first = await startEmbedded({ dataDir: dir, http: false, logger: silent });
      await first.stop();
      chmodSync(dir, 0o755);
      chmodSync(databasePath(dir), 0o644);

      const runtime = await startEmbedded({ dataDir: dir, http: false, logger: silent });
      try {
        await runtime.store.createEvent(hostedEvent().event);
        expect(statSync(dir).mode & 0o777).toBe(0o700);
        const files = readdirSync(dir);
        expect(files).toEqual(expect.arrayContaining(["rsvp.db", "rsvp.db-wal", "rsvp.db-shm", "rsvp.lock"]));
        for (const name of files) expect(statSync(join(dir, name)).mode & 0o777, name).toBe(0o600);
      } finally {
        await runtime.stop();
      }
    } finally {
      process.umask(before);
    }
  });
});
