import type { ChangeRecord } from "../contracts/change.ts";
import { auditEntriesFor } from "../core/audit-trail.ts";
import { ERASED_ACTOR } from "../core/guest-erasure.ts";
import type { AuditLog, ChangeHandler } from "../core/ports.ts";

/**
 * Stream handler: every committed change becomes audit entries (idempotent by their keys). When a guest's data
 * was erased, their earlier entries lose their address too (after the erase entry is on record).
 */
export function auditHandler(log: AuditLog): ChangeHandler {
  return async (changes: readonly ChangeRecord[]) => {
    await log.append(changes.flatMap(auditEntriesFor));
    for (const change of changes)
      if (change.entity === "guest" && change.new.lastChange.action === "erase")
        await log.forgetGuest(change.new.eventId, change.new.guestId, ERASED_ACTOR);
  };
}
