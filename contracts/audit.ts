import * as z from "zod";
import { Instant } from "./common.ts";
import { Counters } from "./event.ts";

/** One audited transition: who, when, which lane, state from → to, counters before → after. */
export const AuditEntry = z.object({
  /** Idempotency key: one entry per committed change, however often the change is delivered. */
  auditKey: z.string(),
  eventId: z.string(),
  at: Instant,
  lane: z.string(),
  commandId: z.string(),
  /** What changed: a guest transition (`guest`) or an event setting (`event`). */
  entity: z.enum(["guest", "event"]),
  guestId: z.string().nullable(),
  /** Who: the guest's address for guest changes, "host" for host actions. */
  actor: z.string(),
  action: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  countersBefore: Counters.nullable(),
  countersAfter: Counters,
  /** For a guest entry, the seats the guest's party counts; absent: 1 (every entry from before parties). */
  seats: z.number().int().min(1).optional(),
  /**
   * For a guest entry that changed a party's size without a status change (`edit`), the seats it counted
   * before: the replay moves the status's counter by the difference. Absent on every other entry.
   */
  seatsBefore: z.number().int().min(1).optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
