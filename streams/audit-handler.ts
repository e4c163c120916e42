import type { ChangeRecord } from "../contracts/change.ts";
import { auditEntriesFor } from "../core/audit-trail.ts";
import type { AuditLog, ChangeHandler } from "../core/ports.ts";

/** Stream handler: every committed change becomes audit entries (idempotent by their keys). */
export function auditHandler(log: AuditLog): ChangeHandler {
  return async (changes: readonly ChangeRecord[]) => {
    await log.append(changes.flatMap(auditEntriesFor));
  };
}
