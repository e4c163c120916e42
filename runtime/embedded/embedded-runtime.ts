import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { DatabaseSync } from "node:sqlite";
import { serve } from "@hono/node-server";
import type { Logger } from "pino";
import { adminTokenVerifier, loadOrCreateAdminToken } from "../../adapters/local/admin-token.ts";
import { cachedKeyring } from "../../adapters/local/keyring-cache.ts";
import { smtpConfigFromEnv } from "../../adapters/local/smtp-delivery.ts";
import { type SmtpListener, startSmtpListener } from "../../adapters/local/smtp-listener.ts";
import type { SqliteAuditLog } from "../../adapters/local/sqlite-audit-log.ts";
import type { SqliteCommandQueue } from "../../adapters/local/sqlite-command-queue.ts";
import type { SqliteGuestStore } from "../../adapters/local/sqlite-guest-store.ts";
import { SqliteMailOutbox } from "../../adapters/local/sqlite-mail-outbox.ts";
import type { SqliteTimers } from "../../adapters/local/sqlite-timers.ts";
import type { HostAssistant } from "../../core/host-questions/ask.ts";
import { type Clock, systemClock } from "../../core/ports.ts";
import { handleInboundMail } from "../../producers/email/reply-lane.ts";
import { storeAdminService } from "../../producers/web/admin-service.ts";
import { createWebApp } from "../../producers/web/app.ts";
import { createLogger } from "../logger.ts";
import { type Background, embeddedCalendarSite, startBackground } from "./background.ts";
import { startBackgroundThread } from "./background-thread.ts";
import { openStores } from "./stores.ts";

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
  /**
   * Where the keeper, change feed and timers run: in this thread (the default; tests drive a fake clock) or
   * in a worker thread (`rsvp start`), which leaves this one to accept requests.
   */
  background?: "inline" | "thread";
  // ——— the email-reply lane (optional) ———
  /**
   * Port of the SMTP listener that receives replies (on `host`; 0 picks a free one). Absent: no listener.
   * Needs `inboundDomain`.
   */
  smtpPort?: number;
  /**
   * The domain of the RSVP mailbox (`rsvp@domain`, `rsvp+EVENTID@domain`): what the listener accepts, and
   * the Reply-To of guest emails. Absent: RSVP_INBOUND_DOMAIN, else no Reply-To.
   */
  inboundDomain?: string;
  /** The assistant that answers the host's questions on the host page; absent or null: intent matching. */
  assistant?: HostAssistant | null;
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
  /** The outbox page (`${url}/outbox/${adminToken}`) is behind this secret from the data dir. */
  adminToken: string;
  /** The port the SMTP listener of the email-reply lane took, or null when it is off. */
  smtpPort: number | null;
  /** The HTTP surface in-process (also without a listener): what a browser would get for a request. */
  fetch(request: Request): Promise<Response>;
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

export { auditConsumer } from "./background.ts";
export { databasePath, openStores } from "./stores.ts";

/**
 * Composes the embedded runtime: the background (command queue → keeper loop → change feed with its
 * handlers, timers) and HTTP. With `background: "thread"` the background runs in a worker thread on its own
 * connection; stop order is HTTP (no new work), background (drain), database.
 */
export async function startEmbedded(config: EmbeddedConfig): Promise<EmbeddedRuntime> {
  const logger = config.logger ?? createLogger();
  const clock = config.clock ?? systemClock;
  const stores = openStores(config.dataDir);
  const { db, store, queue, audit, timers } = stores;
  if (config.background === "thread" && config.clock)
    throw new Error("a background thread runs on the system clock");
  let server: Server | null = null;
  let url = config.baseUrl ?? "";
  const adminToken = loadOrCreateAdminToken(config.dataDir);
  const keyring = cachedKeyring(config.dataDir, {
    onError: (err) =>
      logger.error({ err }, "signing key file is damaged; still using the keys loaded before"),
  });
  const app = createWebApp({
    reader: store,
    queue,
    // The queue's table of dead letters, read on this connection: the status page of a set-aside registration.
    deadLetters: queue,
    clock,
    logger: logger.child({ part: "web" }),
    baseUrl: () => url,
    // The site the emails' calendar UIDs live on, for the manage page's .ics download (read per request: the
    // base URL is known once the server listens).
    calendarSite: () => embeddedCalendarSite({ baseUrl: () => url, inboundDomain: config.inboundDomain }),
    audit,
    links: { keyring },
    assistant: config.assistant ?? null,
    outbox: {
      outbox: new SqliteMailOutbox(db),
      verifyAdminToken: adminTokenVerifier(adminToken),
    },
    admin: {
      service: storeAdminService({ store, queue, clock }),
      verifyAdminToken: adminTokenVerifier(adminToken),
      // A new event's form starts in the zone of the machine rsvp runs on: usually the owner's.
      defaultTimeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    },
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
      db.close();
      throw error;
    }
    server = started;
    const { port } = started.address() as AddressInfo;
    url = config.baseUrl ?? `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  }

  let background: Background;
  try {
    background =
      config.background === "thread"
        ? await startBackgroundThread(
            { dataDir: config.dataDir, baseUrl: url, inboundDomain: config.inboundDomain },
            logger,
          )
        : startBackground({
            stores,
            dataDir: config.dataDir,
            clock,
            logger,
            baseUrl: () => url,
            inboundDomain: config.inboundDomain,
          });
  } catch (error) {
    server?.close();
    db.close();
    throw error;
  }
  // Sends from this connection wake the background; in a thread it cannot hear them otherwise.
  const unsubscribe = config.background === "thread" ? queue.onEnqueued(() => background.poke()) : () => {};

  // ——— the email-reply lane: an SMTP listener whose messages become commands (optional) ———
  let smtp: SmtpListener | null = null;
  if (config.smtpPort !== undefined) {
    try {
      smtp = await startReplyListener(config, { store, queue, db, clock, logger });
    } catch (error) {
      server?.close();
      unsubscribe();
      await background.stop();
      db.close();
      throw error;
    }
  }

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      if (server) {
        const s = server;
        await new Promise<void>((resolve) => s.close(() => resolve()));
        s.closeAllConnections?.();
      }
      await smtp?.stop();
      unsubscribe();
      await background.stop();
      db.close();
    })();
    return stopping;
  };

  return {
    url,
    db,
    store,
    queue,
    audit,
    timers,
    logger,
    adminToken,
    smtpPort: smtp?.port ?? null,
    fetch: async (request) => app.fetch(request),
    idle: () => background.idle(),
    tick: () => background.tick(),
    stop,
  };
}

/**
 * The email-reply lane's SMTP listener on the request thread: each accepted message goes through the lane
 * (producers/email), which queues a command like any producer; the answer to an unknown event is queued in
 * the mail table, where the background's delivery loop finds it.
 */
async function startReplyListener(
  config: EmbeddedConfig,
  ports: {
    store: SqliteGuestStore;
    queue: SqliteCommandQueue;
    db: DatabaseSync;
    clock: Clock;
    logger: Logger;
  },
): Promise<SmtpListener> {
  const domain = config.inboundDomain;
  if (!domain) throw new Error("the SMTP listener needs the inbound domain (RSVP_INBOUND_DOMAIN)");
  const { store, queue, db, clock } = ports;
  const logger = ports.logger.child({ part: "smtp" });
  const mailer = new SqliteMailOutbox(db, { clock, deliver: smtpConfigFromEnv(process.env) !== null });
  const deps = { reader: store, queue, mailer, clock, config: { rsvp: { domain } } };
  const listener = await startSmtpListener({
    port: config.smtpPort ?? 0,
    host: config.host ?? "127.0.0.1",
    rsvp: { domain },
    logger,
    onMessage: async (mail) => {
      const result = await handleInboundMail(mail.raw, deps, {
        envelope: { mailFrom: mail.mailFrom, rcptTo: mail.rcptTo },
      });
      const { action, reason, eventId, messageId, detail } = result.decision;
      logger.info({ action, reason, eventId, messageId, detail }, "inbound mail");
    },
  });
  logger.info({ port: listener.port, domain }, "SMTP listener for replies");
  return listener;
}
