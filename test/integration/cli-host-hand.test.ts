import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditDifferences, replayAudit } from "../../core/audit-trail.ts";
import { openStores, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { runCliInProcess } from "../helpers/cli-in-process.ts";
import { hostedEvent, register } from "../helpers/factories.ts";
import { applyOffline, queuedIn } from "../helpers/offline-data-dir.ts";

// `rsvp host remove|admit|edit|add` (issue 14 §3): each queues one host command; a running keeper applies it.
let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), "rsvp-cli-host-hand-"));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

async function eventWithGuests(capacity: number) {
  const { event } = hostedEvent({ capacity, settings: { maxParty: 3 } });
  const { db, store } = openStores(dataDir);
  try {
    expect(await store.createEvent(event)).toBe(true);
  } finally {
    db.close();
  }
  const at = new Date();
  applyOffline(
    dataDir,
    event.eventId,
    [
      register(event.eventId, "ana@example.org", "Ana", { party: 2, issuedAt: at }),
      register(event.eventId, "bo@example.org", "Bo", { party: 2, issuedAt: at }),
      register(event.eventId, "cy@example.org", "Cy", { party: 1, issuedAt: at }),
    ],
    at,
  );
  return event.eventId;
}

const rsvp = (...args: string[]) => runCliInProcess([...args, "--data", dataDir]);

describe("rsvp host remove|admit|edit|add", () => {
  it("queue one command each, by guest id or address, and the keeper applies them", async () => {
    const eventId = await eventWithGuests(3);
    // Ana (2) confirmed; Bo (2) and Cy (1) in line, one seat free.
    const admit = await rsvp("host", "admit", eventId, "cy@example.org");
    const edit = await rsvp("host", "edit", eventId, "ana@example.org", "--name", "Ana Lima", "--party", "1");
    const remove = await rsvp("host", "remove", eventId, "bo@example.org", "--quiet");
    const add = await rsvp(
      "host",
      "add",
      eventId,
      "--name",
      "Dee",
      "--email",
      "dee@example.org",
      "--party",
      "1",
    );
    for (const r of [admit, edit, remove, add]) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^queued: .* \(command [0-9a-f-]{36}\)\n/);
    }
    expect(admit.stdout).toContain("admit Cy <cy@example.org> (waitlisted, party of 1; 1 seats free now)");
    expect(edit.stdout).toContain('edit Ana <ana@example.org>: name "Ana Lima", party 2 → 1');
    expect(remove.stdout).toContain("remove Bo <bo@example.org> (waitlisted, party of 2), without an email");
    expect(queuedIn(dataDir).map((c) => `${c.lane} ${c.type}`)).toEqual([
      "host admit-guest",
      "host edit-guest",
      "host remove-guest",
      "host add-guest",
    ]);

    const rt = await startEmbedded({ dataDir, http: false, logger: pino({ level: "silent" }) });
    try {
      await rt.idle();
      const guests = new Map((await rt.store.listGuests(eventId)).map((g) => [g.email, g]));
      expect(guests.get("cy@example.org")?.status).toBe("confirmed");
      expect(guests.get("ana@example.org")).toMatchObject({
        name: "Ana Lima",
        party: 1,
        status: "confirmed",
      });
      expect(guests.get("bo@example.org")?.status).toBe("cancelled");
      // One seat left after Ana's party shrank and Cy came in: Dee's party of 1 fits, and nobody waits.
      expect(guests.get("dee@example.org")).toMatchObject({ status: "confirmed", party: 1, lane: "host" });
      const event = (await rt.store.getEvent(eventId))!;
      expect(event).toMatchObject({ confirmed: 3, offered: 0, waitlisted: 0 });
      expect(auditDifferences(replayAudit(await rt.audit.list(eventId)), event)).toEqual([]);
    } finally {
      await rt.stop();
    }
  });

  it("refuse a party above the event's limit, an unknown guest and an edit of nothing, queuing nothing", async () => {
    const eventId = await eventWithGuests(3);
    const tooBig = await rsvp(
      "host",
      "add",
      eventId,
      "--name",
      "Dee",
      "--email",
      "dee@example.org",
      "--party",
      "4",
    );
    const notANumber = await rsvp("host", "edit", eventId, "ana@example.org", "--party", "two");
    const unknown = await rsvp("host", "remove", eventId, "nobody@example.org");
    const nothing = await rsvp("host", "edit", eventId, "ana@example.org");
    expect(tooBig.code).toBe(2);
    expect(tooBig.stderr).toContain("allows parties of at most 3");
    expect(notANumber.code).toBe(2);
    expect(notANumber.stderr).toContain("party must be a whole number of seats");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no guest "nobody@example.org"');
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain("give --name, --party or both");
    expect(queuedIn(dataDir)).toEqual([]);
  });
});
