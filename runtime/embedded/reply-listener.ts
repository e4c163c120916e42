import type { DatabaseSync } from "node:sqlite";
import type { Logger } from "pino";
import { smtpConfigFromEnv } from "../../adapters/local/smtp-delivery.ts";
import { type SmtpListener, startSmtpListener } from "../../adapters/local/smtp-listener.ts";
import type { SqliteCommandQueue } from "../../adapters/local/sqlite-command-queue.ts";
import type { SqliteGuestStore } from "../../adapters/local/sqlite-guest-store.ts";
import { SqliteMailOutbox } from "../../adapters/local/sqlite-mail-outbox.ts";
import type { Keyring } from "../../contracts/link.ts";
import { signedLinkMinter } from "../../core/link-minter.ts";
import type { Clock } from "../../core/ports.ts";
import { handleInboundMail, type ReplyLaneDeps } from "../../producers/email/reply-lane.ts";
import type { EmbeddedConfig } from "./embedded-runtime.ts";
import { startMailParser } from "./mail-parse-pool.ts";

/**
 * The email-reply lane's SMTP listener on the request thread: each accepted message goes through the lane
 * (producers/email), which queues a command like any producer; the answer to an unknown event is queued in
 * the mail table, where the background's delivery loop finds it.
 */
export async function startReplyListener(
  config: EmbeddedConfig,
  ports: {
    store: SqliteGuestStore;
    queue: SqliteCommandQueue;
    db: DatabaseSync;
    clock: Clock;
    logger: Logger;
    keyring: () => Keyring;
    baseUrl: () => string;
  },
): Promise<SmtpListener> {
  const domain = config.inboundDomain;
  if (!domain) throw new Error("the SMTP listener needs the inbound domain (RSVP_INBOUND_DOMAIN)");
  const { store, queue, db, clock } = ports;
  const logger = ports.logger.child({ part: "smtp" });
  const mailer = new SqliteMailOutbox(db, { clock, deliver: smtpConfigFromEnv(process.env) !== null });
  const origin = () => ports.baseUrl().replace(/\/+$/, "");
  const deps: ReplyLaneDeps = {
    reader: store,
    queue,
    mailer,
    clock,
    config: { rsvp: { domain } },
    keyring: ports.keyring,
    links: signedLinkMinter({ keyring: ports.keyring, baseUrl: ports.baseUrl, clock, checkInCodes: true }),
    registerUrl: (eventId) => `${origin()}/e/${eventId}`,
  };
  // Messages are parsed and judged in a worker thread, under limits, never on this (the HTTP) thread.
  const parser = startMailParser({ ...config.mailParser, dnsRecords: config.inboundDns });
  let listener: SmtpListener;
  try {
    listener = await startSmtpListener({
      port: config.smtpPort ?? 0,
      host: config.host ?? "127.0.0.1",
      rsvp: { domain },
      logger,
      limits: config.smtpLimits,
      onMessage: async (mail) => {
        const verdict = { ...mail.client, mailFrom: mail.mailFrom, mta: domain };
        const result = await handleInboundMail(
          mail.raw,
          deps,
          { envelope: { mailFrom: mail.mailFrom, rcptTo: mail.rcptTo } },
          (raw, options) => parser.decide(raw, options, verdict),
        );
        const { action, reason, eventId, messageId, detail } = result.decision;
        const why = result.outcome === "confirm-by-link" ? result.why : undefined;
        logger.info(
          { outcome: result.outcome, action, reason, eventId, messageId, detail, why },
          "inbound mail",
        );
      },
    });
  } catch (error) {
    await parser.stop();
    throw error;
  }
  logger.info({ port: listener.port, domain }, "SMTP listener for replies");
  return {
    port: listener.port,
    stop: async () => {
      await listener.stop();
      await parser.stop();
    },
  };
}
