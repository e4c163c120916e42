/**
 * SES's word on delivered mail: bounces and complaints. The configuration set sends them to EventBridge; the
 * feedback function (runtime/aws/feedback.ts) records each against the event its email was tagged with, in the
 * mail table (`PROBLEM#<event>` items), and the host page lists them. SES's own suppression list already stops
 * further mail to an address that bounced for good or complained; this is where the host learns of it.
 *
 * When a guest's data is erased, the streams function gives her records the erased row's placeholder address
 * (`forgetAddress`), in their key and in SES's words, as the embedded outbox does with what it kept of her
 * emails (docs/privacy.md).
 */
import {
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  type QueryCommandOutput,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import * as z from "zod";
import type { DeliveryProblem, DeliveryProblems } from "../../core/mail-ports.ts";

/** The SES message tag naming the event an email belongs to (tag values: letters, digits, `_`, `-`). */
export const eventTag = "rsvp-event";
/**
 * The SES message tag naming the guest an email is about (none for the host's emails), so that a bounce or
 * complaint SES reports after her data was erased is recorded with the erased row's address, not hers.
 */
export const guestTag = "rsvp-guest";

const tagValue = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * The tags of an email of `eventId` about `guestId` (null: about no guest); a tag whose id holds what a tag
 * value may not is left out.
 */
export function eventTags(eventId: string, guestId: string | null = null): { Name: string; Value: string }[] {
  return [
    ...(tagValue.test(eventId) ? [{ Name: eventTag, Value: eventId }] : []),
    ...(guestId !== null && tagValue.test(guestId) ? [{ Name: guestTag, Value: guestId }] : []),
  ];
}

const recipient = z.object({ emailAddress: z.string().min(1), diagnosticCode: z.string().optional() });

/** The part of an SES event (an EventBridge event's `detail`) this reads. */
const SesEvent = z.object({
  eventType: z.enum(["Bounce", "Complaint"]),
  mail: z.object({ tags: z.record(z.string(), z.array(z.string())).default({}) }),
  bounce: z
    .object({
      bounceType: z.string(),
      bounceSubType: z.string().optional(),
      timestamp: z.string(),
      bouncedRecipients: z.array(recipient),
    })
    .optional(),
  complaint: z
    .object({
      timestamp: z.string(),
      complaintFeedbackType: z.string().optional(),
      complainedRecipients: z.array(recipient),
    })
    .optional(),
});

/** What an SES event reports: the event (and guest, when tagged) its email was of, and the problems. */
export interface ReportedProblems {
  eventId: string;
  /** The guest the email was about (its `rsvp-guest` tag); null for the host's emails and older emails. */
  guestId: string | null;
  problems: DeliveryProblem[];
}

/**
 * The problems an SES event reports, with the event they belong to; none for an email with no event tag, a
 * transient bounce (SES retried it; the mail may still arrive), or a shape this does not know.
 */
export function problemsOf(detail: unknown): ReportedProblems | null {
  const parsed = SesEvent.safeParse(detail);
  if (!parsed.success) return null;
  const { mail, bounce, complaint } = parsed.data;
  const eventId = mail.tags[eventTag]?.[0];
  if (!eventId) return null;
  const guestId = mail.tags[guestTag]?.[0] || null;
  if (bounce && bounce.bounceType !== "Transient")
    return {
      eventId,
      guestId,
      problems: bounce.bouncedRecipients.map((r) => ({
        email: r.emailAddress,
        kind: "bounce",
        at: bounce.timestamp,
        detail: r.diagnosticCode ?? bounce.bounceSubType ?? null,
      })),
    };
  if (complaint)
    return {
      eventId,
      guestId,
      problems: complaint.complainedRecipients.map((r) => ({
        email: r.emailAddress,
        kind: "complaint",
        at: complaint.timestamp,
        detail: complaint.complaintFeedbackType ?? null,
      })),
    };
  return null;
}

const problemPk = (eventId: string) => `PROBLEM#${eventId}`;
const problemSk = (p: DeliveryProblem) => `${p.at}#${p.email}#${p.kind}`;

/** `text` with every occurrence of `address` (in any case) replaced by `replacement`. */
function replaced(text: string, address: string, replacement: string): string {
  const literal = address.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return text.replace(new RegExp(literal, "gi"), () => replacement);
}

/**
 * `problems` as they are kept for a guest whose data was erased: each names `replacement` (the erased row's
 * address) in place of the address SES reported, in SES's words too, as `forgetAddress` leaves her earlier ones.
 */
export function withAddress(problems: readonly DeliveryProblem[], replacement: string): DeliveryProblem[] {
  return problems.map((p) => ({
    ...p,
    email: replacement,
    detail: p.detail === null ? null : replaced(p.detail, p.email, replacement),
  }));
}

/** The delivery problems in the mail table: one item per address and report, so a redelivered event is one item. */
export class DynamoDeliveryProblems implements DeliveryProblems {
  readonly #client: DynamoDBClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async record(eventId: string, problems: readonly DeliveryProblem[]): Promise<void> {
    for (const p of problems)
      await this.#client.send(
        new PutItemCommand({
          TableName: this.#table,
          Item: marshall({ pk: problemPk(eventId), sk: problemSk(p), ...p }, { removeUndefinedValues: true }),
        }),
      );
  }

  async list(eventId: string, limit = 50): Promise<DeliveryProblem[]> {
    const out = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: marshall({ ":pk": problemPk(eventId) }),
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((item) => {
      const { email, kind, at, detail } = unmarshall(item) as DeliveryProblem;
      return { email, kind, at, detail: detail ?? null };
    });
  }

  /**
   * A guest's data was erased: her records of the event name `replacement` (the erased row's address) in place
   * of `address`, in their key and in SES's words. Each is moved in one transaction (its key holds the address):
   * the new item put, the old deleted, so a retry after a failure finds the rest and moves them.
   */
  async forgetAddress(eventId: string, address: string, replacement: string): Promise<void> {
    const target = address.toLowerCase();
    let start: QueryCommandOutput["LastEvaluatedKey"];
    do {
      const page: QueryCommandOutput = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: marshall({ ":pk": problemPk(eventId) }),
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        const { pk, sk, ...p } = unmarshall(item) as DeliveryProblem & { pk: string; sk: string };
        if (p.email.toLowerCase() !== target) continue;
        const moved: DeliveryProblem = {
          ...p,
          email: replacement,
          detail: p.detail ? replaced(p.detail, address, replacement) : (p.detail ?? null),
        };
        await this.#client.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.#table,
                  Item: marshall({ pk, sk: problemSk(moved), ...moved }, { removeUndefinedValues: true }),
                },
              },
              { Delete: { TableName: this.#table, Key: marshall({ pk, sk }) } },
            ],
          }),
        );
      }
      start = page.LastEvaluatedKey;
    } while (start);
  }
}
