/**
 * The mailer on Amazon SES (API v2), sending each email at most once per key.
 *
 * Stream handlers deliver changes at least once, so the same email can be asked for twice. Before sending,
 * the key is claimed in DynamoDB with a conditional put (`attribute_not_exists`): the second ask finds the
 * claim and sends nothing. Items (string `pk` and `sk`; the table may be the audit or a dedicated table, not
 * the guest table, whose stream would carry them):
 *
 * | pk           | sk     | item                                                                     |
 * |--------------|--------|--------------------------------------------------------------------------|
 * | `MAIL#<key>` | `MAIL` | state `sending` → `sent`, claimedAt, sentAt, messageId, expiresAt (TTL) |
 *
 * A claim says nothing about whom the email was for (no address, no event or guest: nothing reads them), so an
 * erased guest's address is not kept here (docs/privacy.md). DynamoDB deletes a claim after `expiresAt` (epoch
 * seconds, the table's TTL attribute): 30 days after it was made, beyond the longest any delivery of its email
 * can come, so send-once holds for as long as the email can be asked for (mail-table.ts).
 *
 * One partition per key, so a host message to every guest spreads its writes instead of heating one event's
 * partition. When SES answers with an error it did not send the email: the claim is released and the error
 * thrown, so the retry (the mail queue's next delivery) sends it; a refusal not for the sending rate is also
 * noted beside the claim (`MAIL#<key>`/`REFUSED`, mail-refusals.ts), where the dead letters' listing reads it. When no answer came (the connection broke),
 * SES may have taken it: the claim stays. A claim still `sending` after `staleClaimMs` (its lease: default 5
 * minutes, beyond the sending function's timeout; the Send function sets its own) was left by an invocation
 * that died between claim and answer (a timeout, a crash): the next ask takes it over and sends, trading a rare
 * second copy (the send went through but its `sent` mark did not) for never losing an email. `deliver` tells
 * a claim within its lease (`held`, come back later) from a sent one (`duplicate`; core/send-jobs.ts).
 *
 * Emails without attachments go as SES "simple" content with their headers (List-Unsubscribe and the like
 * pass through); an email with an attachment (the calendar entry) is composed as MIME by nodemailer's
 * MailComposer and sent raw. A Reply-To header becomes SES's ReplyToAddresses in both cases.
 */

import {
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import {
  type EmailContent,
  type SESv2Client,
  SendEmailCommand,
  type SendEmailRequest,
} from "@aws-sdk/client-sesv2";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import MailComposer from "nodemailer/lib/mail-composer";
import { hasControlCharacter } from "../../contracts/common.ts";
import { fromHeader, hasUnsafeHeader, outgoingMessageId, senderDomain } from "../../core/mail-identity.ts";
import type { Mailer, OutgoingEmail } from "../../core/mail-ports.ts";
import { type Clock, systemClock } from "../../core/ports.ts";
import { type ClaimVerdict, claimVerdict, leaseExpiredBefore, type MailClaim } from "../../core/send-jobs.ts";
import { eventTags } from "./delivery-feedback.ts";
import { createOnDemandTable, pkSkKey } from "./dynamo-table.ts";
import { noteRefusal } from "./mail-refusals.ts";
import { mailExpiry, mailTtlAttribute } from "./mail-table.ts";
import { isThrottled } from "./paced-mailer.ts";

export interface SesMailerOptions {
  ses: SESv2Client;
  dynamo: DynamoDBClient;
  /** The table holding one claim item per email key (see above). */
  idempotencyTableName: string;
  /** The From of every email, e.g. `Summer party <rsvp@example.org>`: a verified SES identity. */
  from: string;
  /** The SES configuration set (event destinations for bounces and complaints, reputation metrics). */
  configurationSetName: string;
  clock?: Clock;
  /** How old a `sending` claim must be to count as abandoned and be taken over (default 5 minutes). */
  staleClaimMs?: number;
}

/** An email whose headers would let a value add headers of its own; never sent, and a bug upstream. */
export class UnsafeEmailError extends Error {
  override readonly name = "UnsafeEmailError";
}

/** The claim item's key for an email key. */
const mailClaimKey = (key: string) => ({ pk: `MAIL#${key}`, sk: "MAIL" });

/**
 * Creates a claim table (string `pk` and `sk`, on-demand) for tests and local use; the CDK stack owns the
 * one in AWS.
 */
export async function createMailClaimTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await createOnDemandTable(client, {
    TableName: tableName,
    AttributeDefinitions: pkSkKey.attributes,
    KeySchema: pkSkKey.schema,
  });
}

/** Whether SES answered the request (an error it returned), as opposed to the answer never arriving. */
function answered(error: unknown): boolean {
  return typeof (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === "number";
}

/** The Mailer port on SESv2, deduplicated by key in DynamoDB. */
export class SesMailer implements Mailer {
  readonly #ses: SESv2Client;
  readonly #dynamo: DynamoDBClient;
  readonly #table: string;
  readonly #from: string;
  readonly #domain: string;
  readonly #configurationSet: string;
  readonly #clock: Clock;
  readonly #staleClaimMs: number;

  constructor(options: SesMailerOptions) {
    if (hasControlCharacter(options.from)) throw new RangeError("the From address must be a single line");
    this.#ses = options.ses;
    this.#dynamo = options.dynamo;
    this.#table = options.idempotencyTableName;
    this.#from = options.from;
    this.#domain = senderDomain(options.from);
    this.#configurationSet = options.configurationSetName;
    this.#clock = options.clock ?? systemClock;
    this.#staleClaimMs = options.staleClaimMs ?? 5 * 60_000;
  }

  /** Sends the email unless its key was claimed before (then false). Throws when SES refuses it. */
  async send(email: OutgoingEmail): Promise<boolean> {
    return (await this.deliver(email)).kind === "sent";
  }

  /**
   * Sends the email unless its key is sent already (`duplicate`) or held by a delivery whose lease has not run
   * out (`held`, until when: the send job comes back then; core/send-jobs.ts). Throws when SES refuses it.
   */
  async deliver(email: OutgoingEmail): Promise<{ kind: "sent" } | Exclude<ClaimVerdict, { kind: "retry" }>> {
    if (hasUnsafeHeader(email))
      throw new UnsafeEmailError(`email ${email.key} has a control character in a header; not sent`);
    const request = await this.#request(email);

    // A claim that ran out (or was released) between our put and our read is claimed again; a few rounds at
    // most, then the job waits a lease like a held one rather than spin.
    for (let round = 0; !(await this.#claim(email)); round += 1) {
      const now = this.#clock.now();
      const verdict = claimVerdict(await this.#claimOf(email.key), now, this.#staleClaimMs);
      if (verdict.kind !== "retry") return verdict;
      if (round >= 2) return { kind: "held", until: new Date(now.getTime() + this.#staleClaimMs) };
    }
    let messageId: string | undefined;
    try {
      messageId = (await this.#ses.send(new SendEmailCommand(request))).MessageId;
    } catch (error) {
      if (!answered(error)) throw error;
      try {
        await this.#release(email.key);
      } catch (releaseError) {
        throw new AggregateError(
          [error, releaseError],
          `SES refused email ${email.key} and its claim could not be released: it will not be sent`,
        );
      }
      if (!isThrottled(error)) await this.#noteRefusal(email.key, error);
      throw error;
    }
    await this.#dynamo.send(
      new UpdateItemCommand({
        TableName: this.#table,
        Key: marshall(mailClaimKey(email.key)),
        UpdateExpression: "SET #state = :sent, sentAt = :at, messageId = :id",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: marshall({
          ":sent": "sent",
          ":at": this.#clock.now().toISOString(),
          ":id": messageId ?? "",
        }),
      }),
    );
    return { kind: "sent" };
  }

  /** The claim of a key as it stands (read strongly: it was just written by someone else). */
  async #claimOf(key: string): Promise<MailClaim | null> {
    const { Item } = await this.#dynamo.send(
      new GetItemCommand({ TableName: this.#table, Key: marshall(mailClaimKey(key)), ConsistentRead: true }),
    );
    if (!Item) return null;
    const item = unmarshall(Item) as { state?: string; claimedAt?: string };
    return { state: item.state === "sent" ? "sent" : "sending", claimedAt: item.claimedAt ?? "" };
  }

  async #request(email: OutgoingEmail): Promise<SendEmailRequest> {
    const { replyTo, headers } = splitReplyTo(email.headers);
    return {
      FromEmailAddress: fromHeader(this.#from, email.fromName),
      Destination: { ToAddresses: [email.to] },
      // SES sets Reply-To from its own field, not from a custom header.
      ...(replyTo ? { ReplyToAddresses: [replyTo] } : {}),
      ConfigurationSetName: this.#configurationSet,
      // Bounces and complaints come back tagged with the event, for its host page, and the guest, so that one
      // reported after her erase does not keep her address (delivery-feedback.ts).
      EmailTags: eventTags(email.eventId, email.guestId),
      Content:
        email.attachments.length === 0
          ? simpleContent(email, headers)
          : { Raw: { Data: await this.#mime(email, headers, replyTo) } },
    };
  }

  /**
   * The whole message as MIME, with the Message-ID every rsvp email carries (core/mail-identity.ts): the key's
   * hash and the event. SES may put an id of its own in its place; the Reply-To still names the event.
   */
  async #mime(
    email: OutgoingEmail,
    headers: Record<string, string>,
    replyTo: string | null,
  ): Promise<Uint8Array> {
    const composer = new MailComposer({
      from: fromHeader(this.#from, email.fromName),
      to: email.to,
      ...(replyTo ? { replyTo } : {}),
      subject: email.subject,
      text: email.text,
      html: email.html,
      headers,
      messageId: outgoingMessageId(email.key, email.eventId, this.#domain, email.headers["X-Rsvp-Kind"]),
      date: this.#clock.now(),
      attachments: email.attachments.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: a.content,
        ...(a.encoding ? { encoding: a.encoding } : {}),
        ...(a.cid ? { cid: a.cid } : {}),
      })),
      // Attachment content is always inline: never let a value be read as a file path or a URL.
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    return new Uint8Array(await composer.compile().build());
  }

  /** Claims the key: free, or held `sending` by an invocation that died before it heard from SES. */
  async #claim(email: OutgoingEmail): Promise<boolean> {
    const now = this.#clock.now();
    const stale = leaseExpiredBefore(now, this.#staleClaimMs).toISOString();
    try {
      await this.#dynamo.send(
        new PutItemCommand({
          TableName: this.#table,
          Item: marshall({
            ...mailClaimKey(email.key),
            state: "sending",
            claimedAt: now.toISOString(),
            [mailTtlAttribute]: mailExpiry(now),
          }),
          ConditionExpression: "attribute_not_exists(pk) OR (#state = :sending AND claimedAt < :stale)",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: marshall({ ":sending": "sending", ":stale": stale }),
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === "ConditionalCheckFailedException") return false;
      throw error;
    }
  }

  /**
   * Notes why SES refused the email, for the dead letters' listing (mail-refusals.ts). Best effort: the job
   * fails this delivery with SES's error either way, and a note that could not be written only leaves the
   * listing without a reason.
   */
  async #noteRefusal(key: string, error: unknown): Promise<void> {
    const e = error instanceof Error ? error : new Error(String(error));
    try {
      const now = this.#clock.now();
      await noteRefusal(
        this.#dynamo,
        this.#table,
        key,
        { error: `${e.name}: ${e.message}`, at: now.toISOString() },
        mailExpiry(now),
      );
    } catch {
      // See above: the refusal itself is what the caller hears about.
    }
  }

  /** Gives the key back after SES refused the email, unless it was marked sent meanwhile. */
  async #release(key: string): Promise<void> {
    await this.#dynamo.send(
      new DeleteItemCommand({
        TableName: this.#table,
        Key: marshall(mailClaimKey(key)),
        ConditionExpression: "#state = :sending",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: marshall({ ":sending": "sending" }),
      }),
    );
  }
}

/** The email's Reply-To (any case of the name), apart from its other headers. */
function splitReplyTo(all: Record<string, string>): {
  replyTo: string | null;
  headers: Record<string, string>;
} {
  let replyTo: string | null = null;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(all)) {
    if (name.toLowerCase() === "reply-to") replyTo = value;
    else headers[name] = value;
  }
  return { replyTo, headers };
}

/** SES simple content: subject, text and HTML in UTF-8, and the email's own headers (List-Unsubscribe, …). */
function simpleContent(email: OutgoingEmail, headers: Record<string, string>): EmailContent {
  const utf8 = (Data: string) => ({ Data, Charset: "UTF-8" });
  return {
    Simple: {
      Subject: utf8(email.subject),
      Body: { Text: utf8(email.text), Html: utf8(email.html) },
      Headers: Object.entries(headers).map(([Name, Value]) => ({ Name, Value })),
    },
  };
}
