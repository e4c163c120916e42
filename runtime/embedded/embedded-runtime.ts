import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { serve } from "@hono/node-server";
import type { Logger } from "pino";
import { SqliteAuditLog } from "../../adapters/local/sqlite-audit-log.ts";
import { SqliteChangeFeed } from "../../adapters/local/sqlite-change-feed.ts";
import { SqliteCommandQueue } from "../../adapters/local/sqlite-command-queue.ts";
import { openDatabase } from "../../adapters/local/sqlite-database.ts";
import { SqliteGuestStore } from "../../adapters/local/sqlite-guest-store.ts";
import { SqliteTimers } from "../../adapters/local/sqlite-timers.ts";
import { type Clock, systemClock } from "../../core/ports.ts";
import { createWebApp } from "../../producers/web/app.ts";
import { auditHandler } from "../../streams/audit-handler.ts";
import { timersHandler } from "../../streams/timers-handler.ts";
import { waitlistHandler } from "../../streams/waitlist-handler.ts";
import { createLogger } from "../logger.ts";
import { ChangeFeedLoop } from "./change-feed-loop.ts";
import { KeeperLoop } from "./keeper-loop.ts";
import { TimerLoop } from "./timer-loop.ts";

export interface EmbeddedConfig {
  /** Where the database lives; created if missing. */
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Interface to listen on; loopback by default. */
  host?: string;
  /** The public address links should use (defaults to http://host:port). */
  baseUrl?: string;
  clock?: Clock;
  logger?: Logger;
  /** Skip the HTTP listener (CLI commands that only touch the data). */
  http?: boolean;
}

/** Everything the embedded runtime runs, in one process, over one SQLite file. */
export interface EmbeddedRuntime {
  url: string;
  db: DatabaseSync;
  store: SqliteGuestStore;
  queue: SqliteCommandQueue;
  audit: SqliteAuditLog;
  timers: SqliteTimers;
  logger: Logger;
  /**
   * Resolves when every queued command is applied and every change delivered, including the commands those
   * deliveries queued (an offer round after a cancel), until nothing is left to do.
   */
  idle(): Promise<void>;
  /** Fires the timers due by the clock's now, then waits until idle (tests move a fake clock, then tick). */
  tick(): Promise<void>;
  /** Stops taking requests, drains the queue and the change feed, closes the database. */
  stop(): Promise<void>;
}

/** The audit handler's checkpoint name in the change feed (the CLI delivers to it too, see `rsvp audit`). */
export const auditConsumer = "audit";

/** The path of the database in a data dir. */
export const databasePath = (dataDir: string) => join(dataDir, "rsvp.db");

/** Opens the data dir's stores without starting any loop (for CLI reads and writes). */
export function openStores(dataDir: string) {
  const db = openDatabase(databasePath(dataDir));
  return {
    db,
    store: new SqliteGuestStore(db),
    queue: new SqliteCommandQueue(db),
    audit: new SqliteAuditLog(db),
    feed: new SqliteChangeFeed(db),
    timers: new SqliteTimers(db),
  };
}

/**
 * Composes the embedded runtime: command queue, keeper loop, change feed with its handlers, and HTTP.
 * Each part starts and stops on its own; stop order is HTTP (no new work), keeper (drain), feed, database.
 */
export async function startEmbedded(config: EmbeddedConfig): Promise<EmbeddedRuntime> {
  const logger = config.logger ?? createLogger();
  const clock = config.clock ?? systemClock;
  const { db, store, queue, audit, feed, timers } = openStores(config.dataDir);

  const handlers = [
    { name: auditConsumer, handle: auditHandler(audit) },
    { name: "waitlist", handle: waitlistHandler({ queue }) },
    { name: "timers", handle: timersHandler({ reader: store, timers }) },
  ];
  const feedLoop = new ChangeFeedLoop(feed, handlers, logger.child({ part: "change-feed" }));
  const timerLoop = new TimerLoop({ timers, queue, clock, logger: logger.child({ part: "timers" }) });
  const keeper = new KeeperLoop({
    db,
    queue,
    store,
    clock,
    logger: logger.child({ part: "keeper" }),
    onCommitted: () => feedLoop.poke(),
  });
  feedLoop.start();
  keeper.start();
  timerLoop.start();

  let server: Server | null = null;
  let url = config.baseUrl ?? "";
  const app = createWebApp({
    reader: store,
    queue,
    clock,
    logger: logger.child({ part: "web" }),
    baseUrl: () => url,
  });
  if (config.http !== false) {
    const host = config.host ?? "127.0.0.1";
    let started: Server;
    try {
      started = await new Promise<Server>((resolve, reject) => {
        const s = serve({ fetch: (req) => app.fetch(req), port: config.port ?? 3000, hostname: host }, () => {
          s.off("error", reject);
          resolve(s as Server);
        });
        // A port in use (EADDRINUSE) or not ours to take (EACCES) arrives as an event, not a throw.
        s.once("error", reject);
      });
    } catch (error) {
      await timerLoop.stop();
      await keeper.stop();
      await feedLoop.stop();
      db.close();
      throw error;
    }
    server = started;
    const { port } = started.address() as AddressInfo;
    url = config.baseUrl ?? `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  }

  const quiet = () => queue.depth() === 0 && handlers.every((h) => feed.lag(h.name) === 0);
  const idle = async () => {
    do {
      await keeper.idle();
      await feedLoop.idle();
    } while (!quiet());
  };
  const tick = async () => {
    timerLoop.fireDue();
    await idle();
  };

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      if (server) {
        const s = server;
        await new Promise<void>((resolve) => s.close(() => resolve()));
        s.closeAllConnections?.();
      }
      await timerLoop.stop();
      await idle();
      await keeper.stop();
      await feedLoop.stop();
      db.close();
    })();
    return stopping;
  };

  return { url, db, store, queue, audit, timers, logger, idle, tick, stop };
}
