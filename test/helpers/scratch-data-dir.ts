import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach } from "vitest";
import {
  type EmbeddedConfig,
  type EmbeddedRuntime,
  openStores,
  startEmbedded,
} from "../../runtime/embedded/embedded-runtime.ts";

type OpenedStores = ReturnType<typeof openStores>;

/** A fresh data dir for each test, with what the test started on it stopped and closed after it. */
export interface ScratchDataDir {
  /** This test's data dir. */
  dir(): string;
  /** The embedded runtime on this test's data dir; stopped after the test. */
  start(config?: Omit<EmbeddedConfig, "dataDir">): Promise<EmbeddedRuntime>;
  /** The data dir's stores opened with no runtime; closed after the test unless the test closed them. */
  open(): OpenedStores;
}

/**
 * Registers, in the calling file or describe block, a beforeEach that makes an empty data dir named
 * `rsvp-<name>-…` and an afterEach that stops the runtimes and closes the stores the test opened on it,
 * then removes it.
 */
export function scratchDataDir(name: string): ScratchDataDir {
  let dir: string | undefined;
  let runtimes: EmbeddedRuntime[] = [];
  let opened: OpenedStores[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), `rsvp-${name}-`));
    runtimes = [];
    opened = [];
  });

  afterEach(async () => {
    try {
      for (const runtime of runtimes) await runtime.stop();
      for (const stores of opened) if (stores.db.isOpen) stores.db.close();
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    }
  });

  const current = (): string => {
    if (dir === undefined) throw new Error("the scratch data dir exists only inside a test");
    return dir;
  };
  return {
    dir: current,
    start: async (config = {}) => {
      // A free port unless a test names one: the runtime's default, 3000, is one port for every test file
      // running at the same time (two files collided on it).
      const runtime = await startEmbedded({ port: 0, ...config, dataDir: current() });
      runtimes.push(runtime);
      return runtime;
    },
    open: () => {
      const stores = openStores(current());
      opened.push(stores);
      return stores;
    },
  };
}
