import { createTransport, type Transporter } from "nodemailer";
import { hasControlCharacter } from "../../contracts/common.ts";
import { hasUnsafeHeader, outgoingMessageId, parseSender, senderDomain } from "../../core/mail-identity.ts";
import type { OutgoingEmail } from "../../core/ports.ts";

/** The environment variables mail delivery reads. */
export const mailEnv = { smtpUrl: "RSVP_SMTP_URL", from: "RSVP_MAIL_FROM" } as const;

export interface SmtpConfig {
  /** e.g. smtps://user:pass@smtp.example.org:465 or smtp://127.0.0.1:2525 (nodemailer's URL form). */
  url: string;
  /** The From of every email, e.g. `Summer party <rsvp@example.org>`. */
  from: string;
}

/**
 * SMTP settings from the environment: null when RSVP_SMTP_URL is unset (emails then stay in the outbox).
 * RSVP_MAIL_FROM defaults to `rsvp <noreply@HOST>`, HOST being the public base URL's host name.
 */
export function smtpConfigFromEnv(env: NodeJS.ProcessEnv = process.env, baseUrl?: string): SmtpConfig | null {
  const url = env[mailEnv.smtpUrl]?.trim();
  if (!url) return null;
  let host = "localhost";
  try {
    if (baseUrl) host = new URL(baseUrl).hostname || host;
  } catch {
    // keep localhost
  }
  return { url, from: env[mailEnv.from]?.trim() || `rsvp <noreply@${host}>` };
}

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
        messageId: outgoingMessageId(email.key, email.eventId, this.#domain),
        attachments: email.attachments.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: a.content,
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
