import { parentPort, workerData } from "node:worker_threads";
import { systemClock } from "../../core/ports.ts";
import { createLogger, type LogFormat } from "../logger.ts";
import { startBackground } from "./background.ts";
import type { BackgroundRequest, BackgroundWorkerData } from "./background-thread.ts";
import { openStores } from "./stores.ts";

/**
 * The background worker thread: its own SQLite connection and the keeper, change feed and timer loops.
 * The main thread talks to it in small messages: poke (new commands), idle, tick, stop; each request but
 * poke is answered with `{id}` once done, or `{id, error}`.
 */
const port = parentPort;
if (!port) throw new Error("background-worker.ts runs only as a worker thread");
const data = workerData as BackgroundWorkerData;
const logger = createLogger(data.logLevel, data.logFormat as LogFormat).child({ thread: "background" });
const stores = openStores(data.dataDir);
const background = startBackground({
  stores,
  dataDir: data.dataDir,
  clock: systemClock,
  logger,
  baseUrl: () => data.baseUrl,
  inboundDomain: data.inboundDomain,
  // `rsvp start` under a rush: bigger keeper batches, emails after the seats (see BackgroundDeps).
  keeperLingerMs: 20,
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
  const health = JSON.stringify(background.health());
  if (health === lastHealth) return;
  lastHealth = health;
  port.postMessage({ health: JSON.parse(health) });
}, 1_000);
healthTimer.unref();

async function stop(): Promise<void> {
  clearInterval(healthTimer);
  await background.stop();
  stores.db.close();
}
