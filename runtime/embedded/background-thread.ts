import { Worker } from "node:worker_threads";
import type { Logger } from "pino";
import type { Background } from "./background.ts";

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

/**
 * Starts the background (keeper, change feed, timers) in a worker thread with its own connection to the
 * same SQLite file, and returns a proxy with the same interface. WAL lets the request thread read while
 * the worker writes; writes of the two take turns on SQLite's write lock (busy_timeout).
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
  const worker = new Worker(new URL("./background-worker.ts", import.meta.url), { workerData: data });
  const waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let failed: Error | null = null;

  worker.on("message", (reply: { id: number; error?: string }) => {
    const w = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.error) w?.reject(new Error(reply.error));
    else w?.resolve();
  });
  const fail = (error: Error) => {
    failed ??= error;
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  worker.on("error", (error) => {
    logger.fatal({ err: error }, "the background thread failed");
    fail(error);
  });
  worker.on("exit", (code) => {
    if (code !== 0) fail(new Error(`the background thread exited with code ${code}`));
    else fail(new Error("the background thread has stopped"));
  });

  const ask = (type: "idle" | "tick" | "stop", id = nextId++) =>
    new Promise<void>((resolve, reject) => {
      if (failed) {
        reject(failed);
        return;
      }
      waiting.set(id, { resolve, reject });
      if (id !== 0) worker.postMessage({ type, id } satisfies BackgroundRequest);
    });

  await ask("idle", 0); // the worker says id 0 once its loops run
  let stopping: Promise<void> | null = null;
  return {
    poke: () => {
      if (!failed) worker.postMessage({ type: "poke" } satisfies BackgroundRequest);
    },
    idle: () => ask("idle"),
    tick: () => ask("tick"),
    stop: () => {
      stopping ??= ask("stop").then(async () => {
        await new Promise<void>((resolve) => {
          if (worker.threadId === -1) resolve();
          else worker.once("exit", () => resolve());
        });
      });
      return stopping;
    },
  };
}
