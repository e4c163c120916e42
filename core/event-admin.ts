import type { EventRecord } from "../contracts/event.ts";

/**
 * The port the instance owner's admin area reads and (for now) writes events through, beside the guest store.
 * Both stores implement it (adapters/local/sqlite-guest-store.ts, adapters/aws/dynamo-guest-store.ts).
 *
 * The two writes are interim: an event's details belong to the keeper, and will be changed by its edit-event
 * command and a host-token rotation operation; until then these set the fields directly and bump the event's
 * version, so a keeper decision made from the older row is refused as stale and decided again.
 */
export interface EventAdminStore {
  /** Every event (an instance holds tens, not thousands). */
  listEvents(): Promise<EventRecord[]>;
  /** Sets an event's own fields; null when there is no such event. Counters are never touched. */
  adminUpdateEvent(eventId: string, patch: AdminEventPatch): Promise<EventRecord | null>;
  /** Gives an event a new host token hash: the old host link stops working. False: no such event. */
  adminReplaceHostTokenHash(eventId: string, hostTokenHash: string, at: string): Promise<boolean>;
}

/** What the admin area may change on an event row directly (never counters, never the host token). */
export type AdminEventPatch = Partial<
  Pick<
    EventRecord,
    "name" | "startsAt" | "endsAt" | "timeZone" | "details" | "settings" | "calendarSequence" | "updatedAt"
  >
>;
