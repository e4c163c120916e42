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
   * For a guest entry that changed the party's size (the host's edit, a party changed from the manage page, an
   * offer claimed for fewer seats), the seats it counted before; absent: the same as `seats`.
   */
  seatsBefore: z.number().int().min(1).optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
