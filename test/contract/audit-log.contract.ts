import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AuditEntry } from "../../contracts/audit.ts";
import type { ChangeRecord } from "../../contracts/change.ts";
import { auditDifferences, auditEntriesFor, replayAudit } from "../../core/audit-trail.ts";
import type { AuditLog } from "../../core/ports.ts";
import { decideBatch } from "../../core/seat-keeper.ts";
import { baseTime, createdEvent, register, setCapacity } from "../helpers/factories.ts";

/** What an adapter's test file hands the suite: a log, and how to release whatever backs it. */
export interface AuditLogUnderTest {
  log: AuditLog;
  close(): Promise<void>;
}

/**
 * The audited changes of an event's creation and one keeper decision: a cap change and three registrations
 * at the same instant (one millisecond for all, so only the append order can order them).
 */
function trailOfOneDecision() {
  const event = createdEvent({ capacity: 3 });
  const id = event.eventId;
  const d = decideBatch(
    { event, guests: [], applied: new Set() },
    [setCapacity(id, 2), ...["c", "a", "b"].map((n) => register(id, `${n}@example.org`))],
    baseTime,
  );
  const changes: ChangeRecord[] = [
    { entity: "event", old: null, new: event },
    { entity: "event", old: event, new: d.after },
    ...d.guestWrites.map((w) => ({ entity: "guest" as const, old: w.old, new: w.new })),
  ];
  return { event: d.after, entries: changes.flatMap(auditEntriesFor) };
}

/**
 * The scenarios every AuditLog adapter must pass. `makeLog` is called once per scenario; scenarios use fresh
 * events, so a log may share its backing table between calls.
 */
export function auditLogContract(name: string, makeLog: () => Promise<AuditLogUnderTest>): void {
  describe(`AuditLog contract: ${name}`, () => {
    let log: AuditLog;
    let close: () => Promise<void>;

    beforeEach(async () => {
      ({ log, close } = await makeLog());
    });
    afterEach(async () => {
      await close();
    });

    it("lists an event's entries in the order they were appended, whatever their keys and times", async () => {
      const { entries } = trailOfOneDecision();
      const reversedKeys = [...entries].sort((a, b) => (a.auditKey < b.auditKey ? 1 : -1));
      // One at a time and then several at once, as a change feed hands them over.
      await log.append(reversedKeys.slice(0, 1));
      await log.append(reversedKeys.slice(1));
      expect((await log.list(entries[0]!.eventId)).map((e) => e.auditKey)).toEqual(
        reversedKeys.map((e) => e.auditKey),
      );
    });

    it("keeps the entries whole: the listed trail replays to the live counters", async () => {
      const { event, entries } = trailOfOneDecision();
      await log.append(entries);
      const listed = await log.list(event.eventId);
      expect(listed).toEqual(entries);
      expect(auditDifferences(replayAudit(listed), event)).toEqual([]);
    });

    it("appends a redelivered entry once, and keeps its first place in the trail", async () => {
      const { event, entries } = trailOfOneDecision();
      const [first, second, ...rest] = entries as [AuditEntry, AuditEntry, ...AuditEntry[]];
      await log.append([first, second]);
      await log.append([first, second]);
      await log.append([second, ...rest]);
      await log.append(entries);
      const listed = await log.list(event.eventId);
      expect(listed.map((e) => e.auditKey)).toEqual(entries.map((e) => e.auditKey));
      expect(auditDifferences(replayAudit(listed), event)).toEqual([]);
    });

    it("keeps each event's trail to itself, also when one append holds entries of two events", async () => {
      const one = trailOfOneDecision();
      const two = trailOfOneDecision();
      await log.append([...one.entries.slice(0, 2), ...two.entries, ...one.entries.slice(2)]);
      expect(await log.list(one.event.eventId)).toEqual(one.entries);
      expect(await log.list(two.event.eventId)).toEqual(two.entries);
      expect(await log.list("ev-nobody")).toEqual([]);
    });

    it("appending nothing is fine, and leaves the trail as it was", async () => {
      const { event, entries } = trailOfOneDecision();
      await log.append(entries);
      await log.append([]);
      expect(await log.list(event.eventId)).toEqual(entries);
    });
  });
}
