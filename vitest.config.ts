import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/helpers/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Vitest's default is one worker fewer than the cores: one file at a time on a 2-core machine, while most
    // files spend much of their time waiting on DynamoDB Local, chromium or a child process. Two side by side.
    maxWorkers: 2,
    env: {
      // Node's compile cache for what Node itself loads: the test workers' node_modules, and every `rsvp`
      // child process and worker thread the tests start (they inherit it), which otherwise strip and compile
      // the same TypeScript again at each start. Keyed by each file's content, so never stale.
      NODE_COMPILE_CACHE: join(tmpdir(), "rsvp-test-compile-cache"),
    },
    reporters: ["default", "./test/helpers/summary-reporter.ts"],
  },
});
