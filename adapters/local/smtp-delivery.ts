import { createTransport, type Transporter } from "nodemailer";
import { hasControlCharacter } from "../../contracts/common.ts";
import { hasUnsafeHeader, outgoingMessageId, parseSender, senderDomain } from "../../core/mail-identity.ts";
import type { OutgoingEmail } from "../../core/mail-ports.ts";

/**
 * The environment variables mail delivery reads. RSVP_MAIL_ALLOW_LOCAL=1 turns the start-up refusal of a
 * loopback base URL or sender (see `smtpConfigProblems`) into warnings, for a local mail catcher.
 */
export const mailEnv = {
  smtpUrl: "RSVP_SMTP_URL",
  from: "RSVP_MAIL_FROM",
  allowLocal: "RSVP_MAIL_ALLOW_LOCAL",
} as const;

/** Where the default sender's domain may come from besides the base URL: the email-reply lane's domain. */
const inboundDomainEnv = "RSVP_INBOUND_DOMAIN";

export interface SmtpConfig {
  /** e.g. smtps://user:pass@smtp.example.org:465 or smtp://127.0.0.1:2525 (nodemailer's URL form). */
  url: string;
  /**
   * The sender of every email, e.g. `Summer party <rsvp@example.org>` (each email puts its own display name
   * before the address). Null: none configured and none to derive; rsvp then refuses to start.
   */
  from: string | null;
}

/** Top-level names that never reach the public internet (RFC 2606, RFC 6761, common private ones). */
const privateTlds = new Set(["localhost", "local", "test", "invalid", "internal", "lan", "home", "arpa"]);

/**
 * Whether a host name is a full domain name guests' mail and browsers can reach: dotted labels ending in a
 * letter TLD; not an IP address, not loopback (`localhost`, `*.localhost`), not a private-use name.
 */
export function isPublicDomain(host: string | undefined | null): boolean {
  if (!host) return false;
  const name = host.toLowerCase().replace(/\.$/, "");
  if (!/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]$/.test(name))
    return false;
  return !privateTlds.has(name.slice(name.lastIndexOf(".") + 1));
}

const hostOf = (url: string | undefined) => {
  try {
    return url ? new URL(url).hostname : null;
  } catch {
    return null;
  }
};

/**
 * SMTP settings from the environment: null when RSVP_SMTP_URL is unset (emails then stay in the outbox).
 * RSVP_MAIL_FROM is the sender; without it `rsvp <noreply@DOMAIN>`, DOMAIN being the public base URL's host
 * or else the email-reply lane's domain, whichever is a full domain name; never `noreply@127.0.0.1`.
 */
export function smtpConfigFromEnv(env: NodeJS.ProcessEnv = process.env, baseUrl?: string): SmtpConfig | null {
  const url = env[mailEnv.smtpUrl]?.trim();
  if (!url) return null;
  const configured = env[mailEnv.from]?.trim();
  if (configured) return { url, from: configured };
  const domain = [hostOf(baseUrl), env[inboundDomainEnv]?.trim()].find(isPublicDomain);
  return { url, from: domain ? `rsvp <noreply@${domain}>` : null };
}

/**
 * Why mail sent with this configuration would not work for guests, one sentence each naming what to set: a
 * base URL that is missing, loopback or not a full domain name (its links would not open), a sender missing
 * or on such a domain (receiving servers reject or junk it). Empty: fine.
 */
export function smtpConfigProblems(config: SmtpConfig, baseUrl: string | undefined): string[] {
  const problems: string[] = [];
  const example = "e.g. https://rsvp.example.org";
  if (!baseUrl)
    problems.push(
      `no public base URL: the links in emails would point at this machine; set --base-url or RSVP_BASE_URL (${example})`,
    );
  else if (!isPublicDomain(hostOf(baseUrl)))
    problems.push(
      `the base URL ${baseUrl} is not on a full domain name (loopback or an IP address): guests could not open its links; set --base-url or RSVP_BASE_URL (${example})`,
    );
  if (config.from === null)
    problems.push(
      `no sender: set ${mailEnv.from} to an address on your domain (e.g. "Summer party <rsvp@example.org>")`,
    );
  else if (!isPublicDomain(senderDomainOf(config.from)))
    problems.push(
      `the sender ${config.from} is not on a full domain name: receiving servers would reject or junk its mail; set ${mailEnv.from} to an address on your domain`,
    );
  return problems;
}

const senderDomainOf = (from: string) => {
  const address = parseSender(from).address;
  return address.includes("@") ? address.slice(address.lastIndexOf("@") + 1) : null;
};

/** A delivery that will never succeed as it is (a 5xx answer, an unsafe header): not retried. */
export class PermanentMailError extends Error {
  override readonly name = "PermanentMailError";
}

/** Hands an email to a mail server; throws when the server did not take it. */
export interface MailTransport {
  deliver(email: OutgoingEmail): Promise<void>;
  close(): void;
}

/**
 * SMTP through nodemailer. Every email goes out with a Message-ID derived from its key: if rsvp stops after
 * the server took a message but before it was marked sent, the retry carries the same Message-ID, which lets
 * receiving systems recognise the duplicate. The Message-ID also names the event, so a reply's In-Reply-To
 * leads the email-reply lane back to it.
 */
export class SmtpDelivery implements MailTransport {
  readonly #transport: Transporter;
  readonly #from: string;
  readonly #domain: string;

  constructor(config: SmtpConfig) {
    if (config.from === null) throw new RangeError(`no sender: set ${mailEnv.from}`);
    if (hasControlCharacter(config.from)) throw new RangeError("the From address must be a single line");
    this.#transport = createTransport(config.url);
    this.#from = config.from;
    this.#domain = senderDomain(config.from);
  }

  async deliver(email: OutgoingEmail): Promise<void> {
    if (hasUnsafeHeader(email))
      throw new PermanentMailError(`email ${email.key} has a control character in a header; not sent`);
    try {
      await this.#transport.sendMail({
        // nodemailer quotes or encodes the display name itself.
        from: email.fromName
          ? { name: email.fromName, address: parseSender(this.#from).address }
          : this.#from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        headers: email.headers,
        messageId: outgoingMessageId(email.key, email.eventId, this.#domain, email.headers["X-Rsvp-Kind"]),
        attachments: email.attachments.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: a.content,
          ...(a.encoding ? { encoding: a.encoding } : {}),
          ...(a.cid ? { cid: a.cid } : {}),
        })),
      });
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      // 5xx: the server refused this message for good (unknown mailbox, policy); retrying cannot help.
      if (typeof code === "number" && code >= 500 && code < 600)
        throw new PermanentMailError((error as Error).message);
      throw error;
    }
  }

  close(): void {
    this.#transport.close();
  }
}
