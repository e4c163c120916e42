import { Worker } from "node:worker_threads";
import type { Logger } from "pino";
import type { Background, BackgroundHealth } from "./background.ts";
import { youngGenerationMb } from "./memory.ts";

/** What the worker is started with (structured-cloned: plain data only). */
export interface BackgroundWorkerData {
  dataDir: string;
  baseUrl: string;
  /** The email-reply lane's domain (guest emails' Reply-To); absent: RSVP_INBOUND_DOMAIN. */
  inboundDomain?: string;
  logLevel: string;
  logFormat: string;
}

export type BackgroundRequest =
  | { type: "poke" }
  | { type: "idle"; id: number }
  | { type: "tick"; id: number }
  | { type: "stop"; id: number };

/** How long the supervisor waits before starting a background thread that failed again: doubling, at most. */
const restartBackoff = { firstMs: 1_000, maxMs: 60_000 };

/**
 * Starts the background (keeper, change feed, timers) in a worker thread with its own connection to the
 * same SQLite file, and returns a proxy with the same interface. WAL lets the request thread read while
 * the worker writes; writes of the two take turns on SQLite's write lock (busy_timeout).
 *
 * Supervised: a thread that fails (an uncaught error, an exit) is started again after a pause that doubles
 * with each failure in a row (1 s … 60 s), so a fault never stops the pipeline for good; what was queued
 * meanwhile waits in the queue. While it is down, `health()` says why (the `/healthz` answer).
 */
export async function startBackgroundThread(
  config: { dataDir: string; baseUrl: string; inboundDomain?: string },
  logger: Logger,
): Promise<Background> {
  const data: BackgroundWorkerData = {
    ...config,
    logLevel: logger.level,
    logFormat: process.env.RSVP_LOG_FORMAT ?? "auto",
  };
  const waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let failed: Error | null = null;
  let down: { reason: string; since: string } | null = null;
  let reported: BackgroundHealth = { ok: true };
  let failuresInARow = 0;
  let stopRequested = false;
  let restartTimer: NodeJS.Timeout | null = null;
  let worker: Worker;
  let ready: () => void = () => {};

  const fail = (error: Error) => {
    failed ??= error;
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };

  const spawn = () => {
    failed = null;
    const w = new Worker(new URL("./background-worker.ts", import.meta.url), {
      workerData: data,
      // A small young generation: the background's garbage (rendered emails) is collected early, not kept.
      resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb },
    });
    worker = w;
    w.on("message", (reply: { id: number; error?: string } | { health: BackgroundHealth }) => {
      if ("health" in reply) {
        reported = reply.health;
        return;
      }
      if (reply.id === 0) {
        // Its loops run: the restart (if it was one) worked.
        if (down) logger.info({ down }, "the background thread runs again");
        down = null;
        failuresInARow = 0;
        ready();
        return;
      }
      const waiter = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (reply.error) waiter?.reject(new Error(reply.error));
      else waiter?.resolve();
    });
    let ended = false;
    const ends = (error: Error) => {
      if (ended) return;
      ended = true;
      fail(error);
      if (stopRequested) return;
      failuresInARow += 1;
      down ??= { reason: error.message, since: new Date().toISOString() };
      down.reason = error.message;
      const pauseMs = Math.min(restartBackoff.maxMs, restartBackoff.firstMs * 2 ** (failuresInARow - 1));
      logger.error(
        { err: error, failuresInARow, restartInMs: pauseMs },
        "the background thread failed; restarting it",
      );
      restartTimer = setTimeout(() => {
        restartTimer = null;
        if (!stopRequested) spawn();
      }, pauseMs);
    };
    w.on("error", (error) => {
      logger.fatal({ err: error }, "the background thread failed");
      ends(new Error(`the background thread failed: ${error.message}`));
    });
    w.on("exit", (code) =>
      ends(
        new Error(
          code !== 0 ? `the background thread exited with code ${code}` : "the background thread has stopped",
        ),
      ),
    );
  };

  const ask = (type: "idle" | "tick" | "stop") =>
    new Promise<void>((resolve, reject) => {
      if (failed) {
        reject(failed);
        return;
      }
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ type, id } satisfies BackgroundRequest);
    });

  // The first start must work: a thread that cannot start at all is a start failure, not a fault to retry.
  await new Promise<void>((resolve, reject) => {
    ready = resolve;
    stopRequested = true; // no restart of a first start that fails
    spawn();
    worker.once("exit", () => reject(failed ?? new Error("the background thread did not start")));
  }).finally(() => {
    stopRequested = false;
  });
  ready = () => {};

  let stopping: Promise<void> | null = null;
  return {
    poke: () => {
      if (!failed) worker.postMessage({ type: "poke" } satisfies BackgroundRequest);
    },
    idle: () => ask("idle"),
    tick: () => ask("tick"),
    health: () => {
      if (down) return { ok: false, reason: down.reason, since: down.since };
      return reported;
    },
    stop: () => {
      stopRequested = true;
      if (restartTimer) clearTimeout(restartTimer);
      stopping ??= (failed ? Promise.resolve() : ask("stop")).then(async () => {
        await new Promise<void>((resolve) => {
          if (worker.threadId === -1) resolve();
          else worker.once("exit", () => resolve());
        });
      });
      return stopping;
    },
  };
}
