/**
 * The embedded runtime's inbound mail: a small SMTP server (smtp-server) that takes mail for the RSVP
 * mailbox only — `rsvp@domain` and `rsvp+EVENTID@domain` — and hands each message to the email-reply lane.
 * Every other recipient is refused at RCPT TO (550), so it can never be used to relay mail, and nothing it
 * refuses is ever accepted and dropped later (the sender learns at once).
 *
 * It asks for no authentication and offers no STARTTLS: it is meant for loopback, behind the host's own mail
 * server (which receives the internet's mail for the domain, with TLS and spam filtering, and forwards the
 * RSVP mailbox here), or for a test client. Binding it to a public interface makes it an MX without TLS.
 */
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { SMTPServer } from "smtp-server";
import { parseRsvpAddress, type RsvpAddressConfig } from "../../core/mail-identity.ts";

/** The environment variables the listener is configured by (an explicit option wins). */
export const inboundEnv = { smtpPort: "RSVP_SMTP_PORT", domain: "RSVP_INBOUND_DOMAIN" } as const;

/** The largest message taken: replies are small; a bigger one (attachments) is refused with 552. */
const defaultMaxMessageBytes = 10 * 1024 * 1024;

/**
 * Connection limits. One client address may hold a few connections, so that nobody (50 idle connections used
 * to lock every sender out) can take them all; a connection that says nothing for a while is closed; a message
 * goes to a few recipients (ours are one mailbox: a reply has one or two).
 */
export const smtpLimits = {
  maxClients: 50,
  maxClientsPerAddress: 5,
  idleTimeoutMs: 30_000,
  maxRecipients: 5,
};

/** One received message: its bytes, the SMTP envelope, and who delivered it (for SPF and DMARC). */
export interface ReceivedMail {
  raw: Buffer;
  /** MAIL FROM; null for the null sender `<>` (bounces, auto-replies). */
  mailFrom: string | null;
  rcptTo: string[];
  /** The client's IP address and what it said in EHLO/HELO. */
  client: { ip: string; helo: string | null };
}

export interface SmtpListenerOptions {
  port: number;
  host: string;
  rsvp: RsvpAddressConfig;
  /**
   * Handles one accepted message. Resolving accepts it (250), whatever the lane decided; throwing (the store
   * or queue failed) answers 451, so the sending server keeps the message and tries again later.
   */
  onMessage(mail: ReceivedMail): Promise<void>;
  logger: Logger;
  maxMessageBytes?: number;
  /** Overrides of `smtpLimits` (tests use small ones). */
  limits?: Partial<typeof smtpLimits>;
}

export interface SmtpListener {
  /** The port it listens on (useful when started on port 0). */
  port: number;
  /** Stops taking connections and waits for the ones open to finish. */
  stop(): Promise<void>;
}

/** An error smtp-server answers with the given SMTP code. */
function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/** Starts the listener; rejects when the port cannot be taken. */
export async function startSmtpListener(options: SmtpListenerOptions): Promise<SmtpListener> {
  const { logger, rsvp } = options;
  const maxBytes = options.maxMessageBytes ?? defaultMaxMessageBytes;
  const limits = { ...smtpLimits, ...options.limits };
  // Open connections per client address: counted at connect, released at close.
  const perAddress = new Map<string, number>();
  const server = new SMTPServer({
    name: rsvp.domain,
    banner: "rsvp reply lane",
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    size: maxBytes,
    rejectOversized: true,
    disableReverseLookup: true,
    maxClients: limits.maxClients,
    socketTimeout: limits.idleTimeoutMs,
    logger: false,
    onConnect(session, callback) {
      const address = session.remoteAddress;
      const open = perAddress.get(address) ?? 0;
      if (open >= limits.maxClientsPerAddress) {
        logger.warn({ remoteAddress: address, open }, "refused a connection: too many from one address");
        return callback(smtpError(421, "4.7.0 too many connections from your address, try again later"));
      }
      perAddress.set(address, open + 1);
      (session as { counted?: boolean }).counted = true;
      callback();
    },
    onClose(session) {
      if (!(session as { counted?: boolean }).counted) return;
      const address = session.remoteAddress;
      const open = (perAddress.get(address) ?? 1) - 1;
      if (open <= 0) perAddress.delete(address);
      else perAddress.set(address, open);
    },
    onRcptTo(address, session, callback) {
      if (session.envelope.rcptTo.length >= limits.maxRecipients)
        return callback(smtpError(452, "4.5.3 too many recipients"));
      if (parseRsvpAddress(address.address, rsvp)) return callback();
      logger.debug({ rcptTo: address.address }, "refused a recipient that is not the RSVP mailbox");
      callback(smtpError(550, `5.1.1 <${address.address}>: no such mailbox here`));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on("data", (chunk: Buffer) => {
        size += chunk.length;
        // Past the limit the rest is only drained; rejectOversized answers 552.
        if (size <= maxBytes) chunks.push(chunk);
      });
      stream.on("end", () => {
        if (stream.sizeExceeded) return callback(smtpError(552, "5.3.4 message too big"));
        const from = session.envelope.mailFrom;
        const mail: ReceivedMail = {
          raw: Buffer.concat(chunks),
          mailFrom: from && from.address !== "" ? from.address : null,
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          client: { ip: session.remoteAddress, helo: session.hostNameAppearsAs || null },
        };
        options.onMessage(mail).then(
          () => callback(),
          (error: unknown) => {
            logger.error({ err: error }, "an inbound message could not be handled; the sender will retry");
            callback(smtpError(451, "4.3.0 temporary failure, try again later"));
          },
        );
      });
    },
  });
  server.on("error", (err) => logger.error({ err }, "SMTP listener error"));

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.server.once("error", onError);
    server.listen(options.port, options.host, () => {
      server.server.off("error", onError);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;
  let stopping: Promise<void> | null = null;
  return {
    port,
    stop: () => {
      stopping ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return stopping;
    },
  };
}
