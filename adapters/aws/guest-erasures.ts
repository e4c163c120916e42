/**
 * Whether a guest's data was erased, read from their row in the guest table (guest-table.ts): what the Send
 * function asks before each email about a guest (core/mail-recipient.ts). One strongly consistent GetItem of
 * two attributes, so an erase the keeper has committed is seen at once; the function's role may only read the
 * guest table. Apart from the guest store so that the Send function loads no more than this.
 */
import { type DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { GuestRecord } from "../../contracts/guest.ts";
import { eventPk, guestSk } from "./guest-table.ts";

/** Reads a guest's `erasedAt` from the guest table `table` (null: no such guest). */
export function guestErasures(
  dynamo: DynamoDBClient,
  table: string,
): (eventId: string, guestId: string) => Promise<Pick<GuestRecord, "erasedAt"> | null> {
  return async (eventId, guestId) => {
    const { Item } = await dynamo.send(
      new GetItemCommand({
        TableName: table,
        Key: marshall({ pk: eventPk(eventId), sk: guestSk(guestId) }),
        ConsistentRead: true,
        ProjectionExpression: "guestId, erasedAt",
      }),
    );
    if (!Item) return null;
    const { erasedAt } = unmarshall(Item) as { erasedAt?: string };
    return erasedAt === undefined ? {} : { erasedAt };
  };
}
