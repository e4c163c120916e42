import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { type ServerProcess, startServer } from "./cli-harness.ts";

/** Temp data dirs and `rsvp start` child processes for a test file; stopped and removed after each test. */
export function useServers(prefix: string) {
  const dirs: string[] = [];
  const servers: ServerProcess[] = [];

  afterEach(async () => {
    for (const s of servers.splice(0)) await s.stop(2_000);
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  return {
    tempDataDir(): string {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(dir);
      return dir;
    },
    async start(dataDir: string): Promise<ServerProcess> {
      const server = await startServer(dataDir);
      servers.push(server);
      return server;
    },
  };
}
