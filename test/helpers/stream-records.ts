import type { DynamoDBRecord, DynamoDBStreamEvent, AttributeValue as StreamAttributeValue } from "aws-lambda";
import type { Item } from "../../adapters/aws/guest-table.ts";

type StreamImage = Record<string, StreamAttributeValue>;

const asImage = (item: Item): StreamImage => item as unknown as StreamImage;

let sequence = 100;

/**
 * A DynamoDB Streams record as Lambda delivers it, for one write of a guest-table item: INSERT (no old
 * image), MODIFY (both) or REMOVE (old only). Build the images with the real item mappers (`eventItem`,
 * `guestItem`) or `marshall`, so the record is what the table would really stream.
 */
export function streamRecord(write: {
  eventName: "INSERT" | "MODIFY" | "REMOVE";
  old?: Item;
  new?: Item;
  viewType?: "NEW_AND_OLD_IMAGES" | "NEW_IMAGE" | "KEYS_ONLY";
}): DynamoDBRecord {
  const any = write.new ?? write.old;
  if (!any) throw new Error("a stream record needs an image");
  sequence += 1;
  const viewType = write.viewType ?? "NEW_AND_OLD_IMAGES";
  return {
    eventID: `event-${sequence}`,
    eventName: write.eventName,
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: "us-east-1",
    eventSourceARN: "arn:aws:dynamodb:us-east-1:123456789012:table/guests/stream/2026-06-01T00:00:00.000",
    dynamodb: {
      ApproximateCreationDateTime: 1_780_000_000,
      Keys: asImage({ pk: any.pk!, sk: any.sk! }),
      ...(write.new && viewType !== "KEYS_ONLY" ? { NewImage: asImage(write.new) } : {}),
      ...(write.old && viewType === "NEW_AND_OLD_IMAGES" ? { OldImage: asImage(write.old) } : {}),
      SequenceNumber: String(sequence).padStart(21, "0"),
      SizeBytes: 512,
      StreamViewType: viewType,
    },
  };
}

/** The event Lambda hands the stream handler. */
export function streamEvent(records: readonly DynamoDBRecord[]): DynamoDBStreamEvent {
  return { Records: [...records] };
}
