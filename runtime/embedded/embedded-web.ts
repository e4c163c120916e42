import { getConnInfo } from "@hono/node-server/conninfo";
import type { Logger } from "pino";
import { adminTokenVerifier } from "../../adapters/local/admin-token.ts";
import type { SqliteMailOutbox } from "../../adapters/local/sqlite-mail-outbox.ts";
import type { Keyring } from "../../contracts/link.ts";
import type { Clock } from "../../core/ports.ts";
import { storeAdminService } from "../../producers/web/admin-service.ts";
import { createWebApp } from "../../producers/web/app.ts";
import type { HeadcountCache } from "../../producers/web/headcount-cache.ts";
import type { HeadcountLive } from "../../producers/web/headcount-live.ts";
import { type BackgroundHealth, embeddedCalendarSite } from "./background.ts";
import type { EmbeddedConfig } from "./embedded-runtime.ts";
import type { Stores } from "./stores.ts";

/**
 * The web app of `rsvp start` over the data dir's stores: the guest, host, admin and outbox pages, the rate limit
 * by the socket's peer, the headcount answered from memory, the event stream where the server holds responses
 * open (`live`). `baseUrl` and `health` are read per request: the URL is known once the server listens, and the
 * background starts after it.
 */
export function embeddedWebApp(
  config: EmbeddedConfig,
  parts: {
    stores: Stores;
    clock: Clock;
    logger: Logger;
    keyring: () => Keyring;
    adminToken: string;
    outbox: SqliteMailOutbox;
    headcount: HeadcountCache;
    live: HeadcountLive | undefined;
    baseUrl: () => string;
    health: () => BackgroundHealth;
  },
): ReturnType<typeof createWebApp> {
  const { stores, clock, logger, keyring, adminToken, outbox, headcount, live, baseUrl } = parts;
  const { store, queue, audit } = stores;
  return createWebApp({
    reader: store,
    queue,
    // The queue's table of dead letters, read on this connection: the status page of a set-aside registration.
    deadLetters: queue,
    clock,
    logger: logger.child({ part: "web" }),
    baseUrl,
    // The site the emails' calendar UIDs live on, for the manage page's .ics download (read per request: the
    // base URL is known once the server listens).
    calendarSite: () => embeddedCalendarSite({ baseUrl, inboundDomain: config.inboundDomain }),
    audit,
    links: { keyring },
    assistant: config.assistant ?? null,
    health: parts.health,
    rateLimit: {
      perMinute: config.rateLimitPerMinute ?? 0,
      // The socket's peer: the server listens on loopback or behind the operator's proxy, which is one
      // address for everyone (the operator then limits at the proxy, or sets RSVP_RATE_LIMIT=0).
      clientAddress: (c) => (c.env?.incoming ? getConnInfo(c).remote.address : undefined),
    },
    // Emails delivery gave up on, listed on the host page.
    deliveryProblems: { list: (eventId, limit) => outbox.problems(eventId, limit) },
    headcount,
    ...(live ? { live } : {}),
    outbox: {
      outbox,
      verifyAdminToken: adminTokenVerifier(adminToken),
    },
    admin: {
      service: storeAdminService({ store, queue, clock }),
      verifyAdminToken: adminTokenVerifier(adminToken),
      // A new event's form starts in the zone of the machine rsvp runs on: usually the owner's.
      defaultTimeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    },
  });
}
