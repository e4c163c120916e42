/**
 * DynamoDB Streams records of the guest table as the ChangeRecords stream handlers take: the AWS side of the
 * change feed. The stream (NEW_AND_OLD_IMAGES) carries one record per item write, so the same `{old, new}`
 * pair the embedded outbox stores is the record's OldImage and NewImage, read back through `recordOf`
 * (which drops `pk`, `sk`, `seatsFree` and the waitlist index keys) and validated by the contract.
 *
 * Only two kinds of item are changes: an event's `META` item and its `GUEST#` items. The address
 * (`EMAIL#`), command-result (`CMD#`) and host-token (`HOST#`) items written in the same transactions are
 * bookkeeping, and rows are never deleted, so a REMOVE (a manual clean-up) is no change either.
 */
import type { DynamoDBRecord, AttributeValue as StreamAttributeValue } from "aws-lambda";
import { ChangeRecord } from "../../contracts/change.ts";
import { type Item, META, recordOf } from "./guest-table.ts";

/** A stream record that cannot be a change: the stream is not NEW_AND_OLD_IMAGES, or an image is malformed. */
export class StreamRecordError extends Error {
  override readonly name = "StreamRecordError";
}

/** Which contract entity an item of the guest table holds, by its keys; null for bookkeeping items. */
function entityOf(pk: string | undefined, sk: string | undefined): ChangeRecord["entity"] | null {
  if (!pk?.startsWith("EVENT#") || sk === undefined) return null;
  if (sk === META) return "event";
  if (sk.startsWith("GUEST#")) return "guest";
  return null;
}

/**
 * Lambda's event types describe images with their own AttributeValue shape; the JSON is the same as the SDK's
 * (the guest table holds no binary attributes, the one place the two differ: base64 text versus bytes).
 */
const asItem = (image: Record<string, StreamAttributeValue>): Item => image as unknown as Item;

/**
 * The ChangeRecord a stream record of the guest table carries, or null when the item is not an event or a
 * guest (or the record is a REMOVE). Throws StreamRecordError when an image the change needs is missing,
 * which means the stream was not created with NEW_AND_OLD_IMAGES: a change without its old image would
 * read as a first write and send every "you're registered" email again.
 */
export function changeRecordOf(record: DynamoDBRecord): ChangeRecord | null {
  const data = record.dynamodb;
  const entity = entityOf(data?.Keys?.pk?.S, data?.Keys?.sk?.S);
  if (entity === null || record.eventName === "REMOVE") return null;
  if (record.eventName !== "INSERT" && record.eventName !== "MODIFY")
    throw new StreamRecordError(`unknown stream event ${String(record.eventName)} (${record.eventID})`);
  const next = data?.NewImage;
  const old = record.eventName === "MODIFY" ? data?.OldImage : undefined;
  if (!next || (record.eventName === "MODIFY" && !old)) {
    throw new StreamRecordError(
      `stream record ${record.eventID} lacks an image: the guest table's stream must be NEW_AND_OLD_IMAGES`,
    );
  }
  const parsed = ChangeRecord.safeParse({
    entity,
    old: old ? recordOf(asItem(old)) : null,
    new: recordOf(asItem(next)),
  });
  if (!parsed.success) {
    throw new StreamRecordError(
      `stream record ${record.eventID} is not a valid ${entity} change: ${parsed.error.message}`,
    );
  }
  return parsed.data;
}
