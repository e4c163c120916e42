import type { DatabaseSync } from "node:sqlite";
import type { Logger } from "pino";
import { loadOrCreateAdminToken } from "../../adapters/local/admin-token.ts";
import {
  checkDatabase,
  DatabaseCorruptError,
  lockDataDir,
  makeDataDirPrivate,
} from "../../adapters/local/data-dir.ts";
import { cachedKeyring } from "../../adapters/local/keyring-cache.ts";
import type { SmtpListener, smtpLimits } from "../../adapters/local/smtp-listener.ts";
import type { SqliteAuditLog } from "../../adapters/local/sqlite-audit-log.ts";
import type { SqliteCommandQueue } from "../../adapters/local/sqlite-command-queue.ts";
import { storageFault } from "../../adapters/local/sqlite-database.ts";
import type { SqliteGuestStore } from "../../adapters/local/sqlite-guest-store.ts";
import { SqliteMailOutbox } from "../../adapters/local/sqlite-mail-outbox.ts";
import type { SqliteTimers } from "../../adapters/local/sqlite-timers.ts";
import type { HostAssistant } from "../../core/host-questions/ask.ts";
import { type Clock, systemClock } from "../../core/ports.ts";
import { headcountCache } from "../../producers/web/headcount-cache.ts";
import { type HeadcountLiveOptions, headcountLive } from "../../producers/web/headcount-live.ts";
import { createLogger } from "../logger.ts";
import { type Background, type BackgroundHealth, startBackground } from "./background.ts";
import { startBackgroundThread } from "./background-thread.ts";
import { embeddedWebApp } from "./embedded-web.ts";
import { type EmbeddedHttp, listenHttp } from "./http-server.ts";
import type { MailParserOptions } from "./mail-parse-pool.ts";
import type { DnsTable } from "./mail-verdict.ts";
import { startReplyListener } from "./reply-listener.ts";
import { databasePath, openStores, type Stores } from "./stores.ts";

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
  /**
   * Fixed DNS answers for the listener's DMARC verdicts (tests run offline). Absent: the system resolver; a
   * DNS failure is "no verdict".
   */
  inboundDns?: DnsTable;
  /** Overrides of the SMTP listener's connection limits (`smtpLimits`). */
  smtpLimits?: Partial<typeof smtpLimits>;
  /** Overrides of the inbound parser's limits (time per message, heap). */
  mailParser?: Omit<MailParserOptions, "dnsRecords">;
  /** The assistant that answers the host's questions on the host page; absent or null: intent matching. */
  assistant?: HostAssistant | null;
  /**
   * Requests per minute per client address on the register and re-send endpoints (`RSVP_RATE_LIMIT`); 0 or
   * absent: no limit (the CLI passes its default, 30).
   */
  rateLimitPerMinute?: number;
  /**
   * How long a host link's headcount is answered from memory (see producers/web/headcount-cache.ts): the
   * host page's polls then cost no read, and a rush moves the headcount's ETag at most this often. Default:
   * 1,000 ms with a background thread (`rsvp start`), 0 inline (tests see every change at once).
   */
  headcountMaxAgeMs?: number;
  /**
   * The host page's live headcount as server-sent events (`/h/<hostToken>/headcount/live`, see
   * producers/web/headcount-live.ts): its read interval, heartbeat and caps; `false` turns it off (the host
   * page then polls). Default: on, one read a second per watched host link, a heartbeat every 25 s, 20 streams
   * per host link and 1,000 in all.
   */
  headcountLive?: HeadcountLiveOptions | false;
  /** The keeper's pause after a storage fault (inline background only; tests shorten it). */
  faultBackoff?: { firstMs: number; maxMs: number };
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
  /** Whether the background applies commands and delivers changes; if not, why (what `/healthz` says). */
  health(): BackgroundHealth;
  /** Stops taking requests, drains the queue and the change feed, closes the database. */
  stop(): Promise<void>;
}

export { DatabaseCorruptError, DataDirLockedError } from "../../adapters/local/data-dir.ts";
export { auditConsumer } from "./background.ts";
export { databasePath, openStores } from "./stores.ts";

/**
 * Composes the embedded runtime: the background (command queue → keeper loop → change feed with its
 * handlers, timers) and HTTP. With `background: "thread"` the background runs in a worker thread on its own
 * connection; stop order is HTTP (no new work), background (drain), database.
 */
export async function startEmbedded(config: EmbeddedConfig): Promise<EmbeddedRuntime> {
  // Private before anything is written into it; one server per data dir (two would send every email twice).
  makeDataDirPrivate(config.dataDir);
  const release = lockDataDir(config.dataDir);
  let stores: Stores | null = null;
  try {
    stores = openStores(config.dataDir);
    // A damaged file is found now, with a message that says so, not as a raw stack in the middle of a rush.
    checkDatabase(stores.db, databasePath(config.dataDir));
    // The WAL and shared-memory files exist now: 0600 like the rest.
    makeDataDirPrivate(config.dataDir);
    const runtime = await startOnStores(config, stores);
    const stop = runtime.stop;
    return { ...runtime, stop: () => stop().finally(release) };
  } catch (error) {
    if (stores?.db.isOpen) stores.db.close();
    release();
    throw asCorruption(error, databasePath(config.dataDir));
  }
}

/** SQLite refusing to open or read the file as a database is a damaged file, said as such. */
function asCorruption(error: unknown, path: string): unknown {
  const fault = storageFault(error);
  if (fault?.startsWith("SQLITE_CORRUPT") || fault?.startsWith("SQLITE_NOTADB"))
    return new DatabaseCorruptError(
      `the database ${path} is damaged (${fault}); restore it from a backup, or keep a copy and try \`sqlite3 ${path} .recover\``,
    );
  return error;
}

async function startOnStores(config: EmbeddedConfig, stores: Stores): Promise<EmbeddedRuntime> {
  const logger = config.logger ?? createLogger();
  const clock = config.clock ?? systemClock;
  const { db, store, queue, audit, timers } = stores;
  if (config.background === "thread" && config.clock)
    throw new Error("a background thread runs on the system clock");
  let http: EmbeddedHttp | null = null;
  let url = config.baseUrl ?? "";
  const adminToken = loadOrCreateAdminToken(config.dataDir);
  const keyring = cachedKeyring(config.dataDir, {
    onError: (err) =>
      logger.error({ err }, "signing key file is damaged; still using the keys loaded before"),
  });
  let background: Background | undefined;
  const startedAt = new Date().toISOString();
  const outbox = new SqliteMailOutbox(db);
  const headcount = headcountCache({
    maxAgeMs: config.headcountMaxAgeMs ?? (config.background === "thread" ? 1_000 : 0),
  });
  // Only a server that holds responses open offers the event stream (and the host page its EventSource).
  const live =
    config.http !== false && config.headcountLive !== false
      ? headcountLive(config.headcountLive ?? {})
      : undefined;
  const app = embeddedWebApp(config, {
    stores,
    clock,
    logger,
    keyring,
    adminToken,
    outbox,
    headcount,
    live,
    baseUrl: () => url,
    // The background starts after the web (it needs the listening URL); until then it is starting.
    health: () => background?.health() ?? { ok: false, reason: "starting", since: startedAt },
  });
  if (config.http !== false) {
    const host = config.host ?? "127.0.0.1";
    try {
      http = await listenHttp({
        fetch: (req, env) => app.fetch(req, env),
        headcount,
        host,
        port: config.port ?? 3000,
      });
    } catch (error) {
      db.close();
      throw error;
    }
    url = config.baseUrl ?? `http://${host.includes(":") ? `[${host}]` : host}:${http.port}`;
  }

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
            ...(config.faultBackoff ? { faultBackoff: config.faultBackoff } : {}),
          });
  } catch (error) {
    void http?.close();
    db.close();
    throw error;
  }
  // Sends from this connection wake the background; in a thread it cannot hear them otherwise.
  const unsubscribe = config.background === "thread" ? queue.onEnqueued(() => background.poke()) : () => {};

  // ——— the email-reply lane: an SMTP listener whose messages become commands (optional) ———
  let smtp: SmtpListener | null = null;
  if (config.smtpPort !== undefined) {
    try {
      smtp = await startReplyListener(config, {
        store,
        queue,
        db,
        clock,
        logger,
        keyring,
        baseUrl: () => url,
      });
    } catch (error) {
      void http?.close();
      unsubscribe();
      await background.stop();
      db.close();
      throw error;
    }
  }

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      // Event streams never end by themselves: end them first, or closing the server would wait for them.
      live?.close();
      await http?.close();
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
    health: () => background.health(),
    stop,
  };
}
