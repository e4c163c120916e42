/**
 * An in-process stand-in for Amazon SES (API v2) that answers the real `SESv2Client` (see sdk-stand-in.ts),
 * so the real `SesMailer` sends through it unchanged, and keeps every email it was given as a guest's mail
 * client would show it: simple content as sent, raw MIME (an email with a calendar file) parsed back into its
 * subject, text, HTML, headers and attachments. The action links are read from the HTML, as a guest clicks them.
 *
 * With `maxSendRate` it throttles as an SES account does: more sends than that within one second (by the
 * injected clock) are refused with TooManyRequestsException (429), and the email is not taken.
 */
import {
  BadRequestException,
  MessageRejected,
  SESv2Client,
  type SendEmailRequest,
  TooManyRequestsException,
} from "@aws-sdk/client-sesv2";
import { simpleParser } from "mailparser";
import type { LinkAction } from "../../contracts/link.ts";
import type { Clock } from "../../core/ports.ts";
import { answered, offlineClientConfig, standIn, unsupported } from "./sdk-stand-in.ts";

/** An email SES accepted, as its recipient would read it. */
export interface LocalSentEmail {
  messageId: string;
  /** When SES took it (the clock's now), ISO-8601. */
  sentAt: string;
  from: string;
  to: string[];
  replyTo: string[];
  configurationSet: string | null;
  /**
   * The email's message tags as SES's bounce and complaint events carry them (`mail.tags`: each name with its
   * values), so a test can report on an email as SES would.
   */
  tags: Record<string, string[]>;
  subject: string;
  text: string;
  html: string;
  /** The headers the sender set besides the standard ones (X-Rsvp-Kind, Auto-Submitted, …). */
  headers: Record<string, string>;
  attachments: { filename: string; contentType: string; content: string }[];
  /** The email's action links by action (confirm, cancel, claim, decline), read from its HTML. */
  links: Partial<Record<LinkAction, string>>;
}

const badRequest = (message: string) => new BadRequestException({ message, ...answered() });

/**
 * `/l/<action>/<token>` at the end of an href: a signed action link (core/link-minter.ts), with the query an
 * address confirmation link carries (`?r=…`, core/address-verification.ts).
 */
const actionLink = /(?:^|\/)l\/([a-z][a-z-]*)\/[^/?#\s]+(?:\?r=[A-Za-z0-9_-]+)?$/;
const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", "#x27": "'" };

/** The action links of an HTML body, by action (the first of each). */
function actionLinks(html: string): Partial<Record<LinkAction, string>> {
  const links: Partial<Record<string, string>> = {};
  for (const [, raw] of html.matchAll(/href="([^"]*)"/g)) {
    const href = (raw ?? "").replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, e: string) => entities[e] ?? "");
    const action = actionLink.exec(href)?.[1];
    if (action && !links[action]) links[action] = href;
  }
  return links as Partial<Record<LinkAction, string>>;
}

/** Headers a mail composer writes itself; the rest are the sender's own. */
const standardHeaders = new Set([
  "from",
  "to",
  "cc",
  "reply-to",
  "subject",
  "date",
  "message-id",
  "mime-version",
  "content-type",
  "content-transfer-encoding",
]);

/** SES (API v2) in-process: `client` is the SESv2Client the mailer is given; `sent` every email, in order. */
export class LocalSes {
  /** SES requests by command name (SendEmail). */
  readonly calls = new Map<string, number>();
  readonly sent: LocalSentEmail[] = [];
  readonly client: SESv2Client;
  /** Sends refused for the sending rate so far. */
  throttled = 0;
  /**
   * Addresses whose next send gets no answer, as when the connection breaks or the sending function times
   * out mid-call: SES takes nothing, and the caller cannot know that (each address once).
   */
  readonly noAnswerFor = new Set<string>();
  /**
   * Addresses SES refuses for as long as they are here (MessageRejected, 400), as the sandbox refuses an
   * unverified recipient: the email is not taken, and no retry mends it until the cause is.
   */
  readonly rejectFor = new Set<string>();
  readonly #clock: Clock;
  readonly #maxSendRate: number;
  /** When the sends of the last second were taken (ms), oldest first. */
  #recent: number[] = [];
  #next = 0;

  /** `maxSendRate`: emails per second the account may send (SES's default 14, the sandbox's 1); default no limit. */
  constructor(options: { clock: Clock; maxSendRate?: number }) {
    this.#clock = options.clock;
    this.#maxSendRate = options.maxSendRate ?? Number.POSITIVE_INFINITY;
    this.client = standIn(
      new SESv2Client(offlineClientConfig),
      "Ses",
      async (command, input) => {
        if (command === "SendEmailCommand") return this.#send(input as SendEmailRequest);
        return unsupported("SES", command);
      },
      this.calls,
    );
  }

  async #send(input: SendEmailRequest): Promise<object> {
    const from = input.FromEmailAddress;
    if (!from) throw badRequest("FromEmailAddress is required");
    const to = input.Destination?.ToAddresses ?? [];
    if (to.length === 0) throw badRequest("the email has no recipient");
    const content = input.Content;
    let read: Pick<LocalSentEmail, "subject" | "text" | "html" | "headers" | "attachments">;
    if (content?.Simple) {
      const simple = content.Simple;
      read = {
        subject: simple.Subject?.Data ?? "",
        text: simple.Body?.Text?.Data ?? "",
        html: simple.Body?.Html?.Data ?? "",
        headers: Object.fromEntries((simple.Headers ?? []).map((h) => [h.Name ?? "", h.Value ?? ""])),
        attachments: [],
      };
    } else if (content?.Raw?.Data) {
      read = await readMime(content.Raw.Data);
    } else {
      throw badRequest("the in-process SES takes Simple or Raw content");
    }
    if (read.subject === "") throw badRequest("the email has no subject");
    const rejected = to.find((address) => this.rejectFor.has(address));
    if (rejected !== undefined)
      throw new MessageRejected({
        message: `Email address is not verified. The following identities failed the check: ${rejected}`,
        ...answered(400),
      });
    const lost = to.find((address) => this.noAnswerFor.has(address));
    if (lost !== undefined) {
      this.noAnswerFor.delete(lost);
      // No $metadata: the SDK never heard back (adapters tell this from an answer; ses-mailer.ts).
      throw Object.assign(new Error("socket hang up"), { name: "TimeoutError" });
    }
    const now = this.#clock.now().getTime();
    this.#recent = this.#recent.filter((at) => at > now - 1000);
    if (this.#recent.length >= this.#maxSendRate) {
      this.throttled += 1;
      throw new TooManyRequestsException({ message: "Maximum sending rate exceeded.", ...answered(429) });
    }
    this.#recent.push(now);
    this.#next += 1;
    const messageId = `local-${String(this.#next).padStart(8, "0")}`;
    this.sent.push({
      messageId,
      sentAt: this.#clock.now().toISOString(),
      from,
      to,
      replyTo: input.ReplyToAddresses ?? [],
      configurationSet: input.ConfigurationSetName ?? null,
      tags: Object.fromEntries((input.EmailTags ?? []).map((t) => [t.Name ?? "", [t.Value ?? ""]])),
      ...read,
      links: actionLinks(read.html),
    });
    return { MessageId: messageId };
  }
}

/** A raw MIME message read back as a mail client shows it. */
async function readMime(
  data: Uint8Array,
): Promise<Pick<LocalSentEmail, "subject" | "text" | "html" | "headers" | "attachments">> {
  const parsed = await simpleParser(Buffer.from(data));
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    if (standardHeaders.has(key)) continue;
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return {
    subject: parsed.subject ?? "",
    text: parsed.text ?? "",
    html: typeof parsed.html === "string" ? parsed.html : "",
    headers,
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename ?? "",
      contentType: a.contentType,
      content: a.content.toString("utf8"),
    })),
  };
}
