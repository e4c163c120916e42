import * as z from "zod";
import { EventRecord } from "./event.ts";
import { GuestRecord } from "./guest.ts";

/**
 * One committed change, as both runtimes deliver it to stream handlers: the embedded outbox and
 * DynamoDB Streams (NEW_AND_OLD_IMAGES) produce the same record.
 */
export const ChangeRecord = z.discriminatedUnion("entity", [
  z.object({ entity: z.literal("guest"), old: GuestRecord.nullable(), new: GuestRecord }),
  z.object({ entity: z.literal("event"), old: EventRecord.nullable(), new: EventRecord }),
]);
export type ChangeRecord = z.infer<typeof ChangeRecord>;
