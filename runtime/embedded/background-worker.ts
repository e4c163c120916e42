import { existsSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { systemClock } from "../../core/ports.ts";
import { createLogger, type LogFormat } from "../logger.ts";
import { startBackground } from "./background.ts";
import type { BackgroundRequest, BackgroundWorkerData } from "./background-thread.ts";
import { openStores } from "./stores.ts";
import { yieldToRequests } from "./thread-priority.ts";

/**
 * The background worker thread: its own SQLite connection and the keeper, change feed and timer loops.
 * The main thread talks to it in small messages: poke (new commands), idle, tick, stop; each request but
 * poke is answered with `{id}` once done, or `{id, error}`.
 */
/** The keeper connection's page cache, in KB. */
const keeperCacheKb = 16_000;

const port = parentPort;
if (!port) throw new Error("background-worker.ts runs only as a worker thread");
const data = workerData as BackgroundWorkerData;
const logger = createLogger(data.logLevel, data.logFormat as LogFormat).child({ thread: "background" });
yieldToRequests(logger);
const stores = openStores(data.dataDir);
// The keeper's connection: a 16 MB page cache instead of SQLite's 2 MB. A long guest list's indexes (guest ids,
// addresses, command ids: random keys) outgrow 2 MB, and then every row a batch writes reads its index pages
// back in; a 100,000-row import took a quarter less of this thread's CPU (docs/performance.md). The cache
// fills only as far as the data needs it.
stores.db.exec(`PRAGMA cache_size = -${keeperCacheKb}`);
const background = startBackground({
  stores,
  dataDir: data.dataDir,
  clock: systemClock,
  logger,
  baseUrl: () => data.baseUrl,
  inboundDomain: data.inboundDomain,
  // `rsvp start` under a rush: bigger keeper batches, emails after the seats (see BackgroundDeps).
  keeperLingerMs: 20,
  // A stop (SIGTERM) decides every queued seat but renders emails for 10 s at most: the rest after the next start.
  stopDrainMs: 10_000,
});

port.on("message", (request: BackgroundRequest) => {
  if (request.type === "poke") {
    background.poke();
    return;
  }
  const work =
    request.type === "idle" ? background.idle() : request.type === "tick" ? background.tick() : stop();
  work.then(
    () => port.postMessage({ id: request.id }),
    (error: unknown) => port.postMessage({ id: request.id, error: String(error) }),
  );
  // Once stopped, the answer is sent and the port closed, which lets the thread end.
  if (request.type === "stop") work.finally(() => setImmediate(() => port.close()));
});
port.postMessage({ id: 0 });

// The main thread's /healthz reads the background's health: sent when it changes (checked every second).
let lastHealth = "";
const healthTimer = setInterval(() => {
  faultDrill();
  const health = JSON.stringify(background.health());
  if (health === lastHealth) return;
  lastHealth = health;
  port.postMessage({ health: JSON.parse(health) });
}, 1_000);
healthTimer.unref();

/**
 * A fault drill: a file named `crash-background.drill` in the data dir makes this thread fail as an uncaught
 * error would (it is removed first, so the restarted thread runs). The supervisor must notice, report it on
 * /healthz and start the thread again (background-thread.ts); test/integration/background-restart.test.ts and
 * an operator checking a deployment can pull it.
 */
function faultDrill(): void {
  const drill = join(data.dataDir, "crash-background.drill");
  if (!existsSync(drill)) return;
  unlinkSync(drill);
  throw new Error("fault drill: the background thread crashed on purpose (crash-background.drill)");
}

async function stop(): Promise<void> {
  clearInterval(healthTimer);
  await background.stop();
  stores.db.close();
}
