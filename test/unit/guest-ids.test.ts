import { describe, expect, it } from "vitest";
import { Id } from "../../contracts/common.ts";
import { commandOrder, guestIdFor } from "../../core/guest-ids.ts";
import { importCommandId, legacyImportCommandId } from "../../producers/import/guest-import.ts";
import { registrationCommandId } from "../../producers/web/rsvp-status.ts";

const eventId = "ev_guest_ids";
const sorted = (ids: readonly string[]) => [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

describe("guest ids follow the order of the commands that create them", () => {
  it("web registrations: guest ids sort by the time the registration was sent, and never repeat", () => {
    const start = Date.parse("2026-12-07T10:00:00.000Z");
    // Several per millisecond, as a rush mints them, over more than a day.
    const times = Array.from({ length: 3_000 }, (_, i) => start + Math.floor(i / 3) * 97_000);
    const ids = times.map((t) => guestIdFor(eventId, registrationCommandId(new Date(t))));
    expect(new Set(ids).size).toBe(ids.length);
    // Sorted by id, the guests come in the order they registered (ties within a millisecond in any order).
    const timeOf = new Map(ids.map((id, i) => [id, times[i]]));
    const byId = sorted(ids).map((id) => timeOf.get(id));
    expect(byId).toEqual([...times].sort((a, b) => a - b));
    for (const id of ids) {
      expect(id).toMatch(/^t[A-Za-z0-9_-]{21}$/);
      expect(Id.safeParse(id).success).toBe(true);
    }
  });

  it("a host import: guest ids sort in the file's line order, and never repeat", () => {
    const lines = Array.from({ length: 5_000 }, (_, i) => 2 + i * 37);
    const commandIds = lines.map((line) => importCommandId(eventId, "f".repeat(64), line));
    expect(sorted(commandIds)).toEqual(commandIds);
    const ids = commandIds.map((c) => guestIdFor(eventId, c));
    expect(new Set(ids).size).toBe(ids.length);
    expect(sorted(ids)).toEqual(ids);
    for (const id of ids) expect(id).toMatch(/^i[A-Za-z0-9_-]{21}$/);
    // Another file's rows are another run of ids, not interleaved line by line with this one's.
    const other = guestIdFor(eventId, importCommandId(eventId, "e".repeat(64), 2));
    expect(other.slice(0, 4)).not.toBe(ids[0]!.slice(0, 4));
  });

  it("keeps at least 64 bits no one can derive without the command id", () => {
    // The same order (the same millisecond), other command ids: the rest of the id differs.
    const at = new Date("2026-12-07T10:00:00.000Z");
    const [a, b] = [registrationCommandId(at), registrationCommandId(at)].map((c) => guestIdFor(eventId, c));
    expect(a!.slice(0, 9)).toBe(b!.slice(0, 9));
    expect(a!.slice(9)).not.toBe(b!.slice(9));
    // 13 base64 characters after a registration's order, 11 after an import's: 78 and 66 bits.
    expect(22 - commandOrder(registrationCommandId(at))!.length).toBe(13);
    expect(22 - commandOrder(importCommandId(eventId, "f".repeat(64), 2))!.length).toBe(11);
  });

  it("commands without an order (random UUIDs, digests, older import ids) give all-random ids, as before", () => {
    const old = legacyImportCommandId(eventId, "f".repeat(64), 2);
    expect(commandOrder(old)).toBeNull();
    expect(commandOrder("0b8f5a52-5f4e-4d44-9a51-8f0e4f3c2a10")).toBeNull();
    expect(guestIdFor(eventId, old)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(guestIdFor(eventId, old)).toBe(guestIdFor(eventId, old));
  });
});
