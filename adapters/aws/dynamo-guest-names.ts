import { QueryCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { EventRecord } from "../../contracts/event.ts";
import { GuestRecord } from "../../contracts/guest.ts";
import { nameFold } from "../../core/name-search.ts";
import type { RosterDeps } from "./dynamo-guest-roster.ts";
import { namesIndex, recordOf } from "./guest-table.ts";

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The guests whose folded name begins with `name`, from the `names` index (guest-table.ts): one Query of at
 * most `most` keys, then their rows, read consistently (a row whose name changed since the index saw it is
 * dropped). Null for an event from before the index (no `rosterSize`: not all its rows carry the keys).
 */
export async function guestsNamed(
  deps: RosterDeps,
  event: EventRecord,
  name: string,
  most: number,
): Promise<GuestRecord[] | null> {
  const prefix = nameFold(name);
  if (event.rosterSize === undefined || prefix === "") return null;
  const page = await deps.client.send(
    new QueryCommand({
      TableName: deps.table,
      IndexName: namesIndex,
      KeyConditionExpression: "nmpk = :event AND begins_with(nmsk, :prefix)",
      ExpressionAttributeValues: marshall({ ":event": event.eventId, ":prefix": prefix }),
      Limit: most,
    }),
  );
  const keys = (page.Items ?? []).map((item) => ({ pk: item.pk?.S ?? "", sk: item.sk?.S ?? "" }));
  return (await deps.batchGet(keys))
    .map((item) => GuestRecord.parse(recordOf(item)))
    .filter((g) => g.erasedAt === undefined && nameFold(g.name).startsWith(prefix))
    .sort((a, b) => compare(nameFold(a.name), nameFold(b.name)) || compare(a.guestId, b.guestId));
}
