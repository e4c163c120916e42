/**
 * Why SES last refused an email: a note beside its send-once claim in the mail table, so that the send queue's
 * dead letters can say why a job failed (`rsvp dlq list --sends --aws`). SQS's redrive keeps no error with a
 * message, and the Send function's log is not where an operator lists dead letters.
 *
 * | pk           | sk        | item                                              |
 * |--------------|-----------|---------------------------------------------------|
 * | `MAIL#<key>` | `REFUSED` | error (`Name: message`, at most 1,000 characters), at |
 *
 * Beside the claim (`MAIL#<key>`/`MAIL`, adapters/aws/ses-mailer.ts), not on it: the claim is released when
 * SES refuses, so that the job's next delivery can claim and send; the note outlives the release and is
 * replaced by the next refusal. Written only for a refusal SES answered that was not for the sending rate (a
 * throttled job is put back, never set aside). The note holds SES's words with the local part of any address
 * in them hidden, as the logs and the listing write it, so no guest's address is kept here (docs/privacy.md);
 * DynamoDB deletes it after the claim's lifetime (`expiresAt`, the table's TTL attribute; mail-table.ts).
 */
import {
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  type DynamoDBClient,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { mailTtlAttribute } from "./mail-table.ts";

/** An address with its local part hidden, as the logs write it (runtime/logger.ts): the domain is kept. */
export function hiddenAddress(address: string): string {
  const at = address.lastIndexOf("@");
  return at < 0 ? "[email]" : `[email]${address.slice(at)}`;
}

/** Every address in a text with its local part hidden (as `hiddenAddress`, and as the logs redact text). */
export function hiddenAddresses(text: string): string {
  return text.replace(/[^\s@<>()[\]"'`,;:]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g, "[email]@$1");
}

/** The note's key, beside the claim of the same email key. */
const refusalKey = (key: string) => ({ pk: `MAIL#${key}`, sk: "REFUSED" });
/** Keys per BatchGetItem request (a DynamoDB limit). */
const batchGetLimit = 100;
/** The longest error kept: SES's messages are a sentence or two. */
const maxErrorLength = 1_000;

/** A refusal as noted: SES's error and when. */
export interface MailRefusal {
  error: string;
  at: string;
}

/** Notes why SES refused the email of `key` (replacing an earlier note), kept until `expiresAt` (epoch seconds). */
export async function noteRefusal(
  dynamo: DynamoDBClient,
  table: string,
  key: string,
  refusal: MailRefusal,
  expiresAt: number,
): Promise<void> {
  await dynamo.send(
    new PutItemCommand({
      TableName: table,
      Item: marshall({
        ...refusalKey(key),
        error: hiddenAddresses(refusal.error).slice(0, maxErrorLength),
        at: refusal.at,
        [mailTtlAttribute]: expiresAt,
      }),
    }),
  );
}

/** The noted refusals of these email keys (a key without one is absent from the map). */
export async function refusalsOf(
  dynamo: DynamoDBClient,
  table: string,
  keys: readonly string[],
): Promise<Map<string, MailRefusal>> {
  const found = new Map<string, MailRefusal>();
  const unique = [...new Set(keys)];
  for (let i = 0; i < unique.length; i += batchGetLimit) {
    let pending = unique.slice(i, i + batchGetLimit).map((key) => marshall(refusalKey(key)));
    // Unprocessed keys are asked for again a few times; a listing then shows what it has.
    for (let round = 0; pending.length > 0 && round < 4; round += 1) {
      const out: BatchGetItemCommandOutput = await dynamo.send(
        new BatchGetItemCommand({ RequestItems: { [table]: { Keys: pending } } }),
      );
      for (const item of out.Responses?.[table] ?? []) {
        const note = unmarshall(item) as { pk: string; error?: string; at?: string };
        found.set(note.pk.slice("MAIL#".length), { error: note.error ?? "", at: note.at ?? "" });
      }
      pending = out.UnprocessedKeys?.[table]?.Keys ?? [];
    }
  }
  return found;
}
