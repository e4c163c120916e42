import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SqliteAuditLog } from "../../adapters/local/sqlite-audit-log.ts";
import { openDatabase } from "../../adapters/local/sqlite-database.ts";
import type { ChangeRecord } from "../../contracts/change.ts";
import { auditDifferences, auditEntriesFor, replayAudit } from "../../core/audit-trail.ts";
import { decideBatch } from "../../core/seat-keeper.ts";
import { auditHandler } from "../../streams/audit-handler.ts";
import { baseTime, createdEvent, register, setCapacity } from "../helpers/factories.ts";

function changesOfOneBatch() {
  const event = createdEvent({ capacity: 3 });
  const id = event.eventId;
  const d = decideBatch(
    { event, guests: [], applied: new Set() },
    [setCapacity(id, 1), register(id, "a@example.org"), register(id, "b@example.org")],
    baseTime,
  );
  const changes: ChangeRecord[] = [
    { entity: "event", old: null, new: event },
    { entity: "event", old: event, new: d.after },
    ...d.guestWrites.map((w) => ({ entity: "guest" as const, old: w.old, new: w.new })),
  ];
  return { event: d.after, changes };
}

describe("audit trail", () => {
  let dir = "";
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it("replaying the entries of committed changes gives the live counters", () => {
    const { event, changes } = changesOfOneBatch();
    const entries = changes.flatMap(auditEntriesFor);
    expect(entries.map((e) => e.action)).toEqual(["create-event", "set-capacity", "register", "register"]);
    expect(auditDifferences(replayAudit(entries), event)).toEqual([]);
  });

  it("a missing entry shows up as a difference", () => {
    const { event, changes } = changesOfOneBatch();
    const entries = changes.flatMap(auditEntriesFor).slice(0, -1);
    expect(auditDifferences(replayAudit(entries), event)).toContain(
      "waitlisted: audit replay says 0, live counter is 1",
    );
  });

  it("a change delivered twice is audited once", async () => {
    dir = mkdtempSync(join(tmpdir(), "rsvp-audit-"));
    const db = openDatabase(join(dir, "rsvp.db"));
    const log = new SqliteAuditLog(db);
    const handle = auditHandler(log);
    const { event, changes } = changesOfOneBatch();
    await handle(changes);
    await handle(changes);
    const entries = await log.list(event.eventId);
    expect(entries).toHaveLength(4);
    expect(auditDifferences(replayAudit(entries), event)).toEqual([]);
    db.close();
  });
});
