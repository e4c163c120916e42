import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { openStores, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { createEventCli, runCli } from "./cli-harness.ts";
import { useServers } from "./server-fixture.ts";

const { tempDataDir, start } = useServers("rsvp-import-");

const fixtures = fileURLToPath(new URL("../../../shared/fixtures/import/", import.meta.url));

/** Applies everything queued, as `rsvp start` would, with the keeper of the embedded runtime in-process. */
async function applyQueued(dataDir: string): Promise<void> {
  const runtime = await startEmbedded({ dataDir, http: false, logger: pino({ level: "silent" }) });
  try {
    await runtime.idle();
  } finally {
    await runtime.stop();
  }
}

/** The guest list as a host reads it: who, in which state, in list order; the waitlist in line order. */
async function guestList(dataDir: string, eventId: string) {
  const { db, store } = openStores(dataDir);
  try {
    const event = await store.getEvent(eventId);
    const guests = await store.listGuests(eventId);
    const byStatus = (status: string) =>
      guests
        .filter((g) => g.status === status)
        .sort((a, b) => (a.waitlistSeq ?? 0) - (b.waitlistSeq ?? 0) || a.createdAt.localeCompare(b.createdAt))
        .map((g) => g.email);
    return {
      counters: { confirmed: event?.confirmed, waitlisted: event?.waitlisted },
      confirmed: byStatus("confirmed"),
      waitlisted: byStatus("waitlisted"),
      pending: byStatus("pending"),
      lanes: [...new Set(guests.map((g) => g.lane))],
      rows: guests.map((g) => ({ guestId: g.guestId, status: g.status, version: g.version })),
    };
  } finally {
    db.close();
  }
}

const importCli = (eventId: string, file: string, dataDir: string, ...flags: string[]) =>
  runCli(["import", eventId, file, "--data", dataDir, ...flags]);

/** Line 4 has a bad address, line 7 repeats line 2's address. */
const listWithProblems = [
  "Name;E-Mail",
  "Ana;ana@example.org",
  "Bo;bo@example.org",
  "Broken;bo@",
  "Cy;cy@example.org",
  "Di;di@example.org",
  "Ana again;ANA@example.org",
  "Ed;ed@example.org",
].join("\r\n");

describe("rsvp import", () => {
  it("with --pre-confirmed seats guests in list order up to the cap, then waitlists the rest in list order", async () => {
    const dataDir = tempDataDir();
    const { eventId } = await createEventCli(dataDir, { capacity: 3 });
    const file = join(dataDir, "guests.csv");
    writeFileSync(file, listWithProblems);

    const result = await importCli(eventId, file, dataDir, "--pre-confirmed");
    expect(result.code, result.stderr).toBe(1); // some rows had errors
    expect(result.stdout).toContain("imported 5 rows, 1 error, 1 duplicate");
    // Off a terminal the progress is one plain line, before the skipped rows.
    expect(result.stderr.trim().split("\n")).toEqual([
      "queued 5/5 commands",
      `${file}:4: email must be a valid address like ana@example.org (got "bo@")`,
      `${file}:7: ANA@example.org is already on line 2; skipped as a duplicate`,
    ]);

    await applyQueued(dataDir);
    expect(await guestList(dataDir, eventId)).toMatchObject({
      counters: { confirmed: 3, waitlisted: 2 },
      confirmed: ["ana@example.org", "bo@example.org", "cy@example.org"],
      waitlisted: ["di@example.org", "ed@example.org"],
      pending: [],
      lanes: ["import"],
    });
  });

  it("importing the same file again changes nothing, before or after the keeper applied it", async () => {
    const dataDir = tempDataDir();
    const { eventId } = await createEventCli(dataDir, { capacity: 3 });
    const file = join(dataDir, "guests.csv");
    writeFileSync(file, listWithProblems);

    // Twice before the keeper runs: the queue drops the command ids still waiting.
    await importCli(eventId, file, dataDir, "--pre-confirmed");
    await importCli(eventId, file, dataDir, "--pre-confirmed");
    await applyQueued(dataDir);
    const once = await guestList(dataDir, eventId);
    expect(once.counters).toEqual({ confirmed: 3, waitlisted: 2 });
    expect(once.rows).toHaveLength(5);

    // Again after: every row is recognised as applied; nothing is queued, no guest row changes.
    const again = await importCli(eventId, file, dataDir, "--pre-confirmed", "--json");
    expect(JSON.parse(again.stdout)).toEqual({
      queued: 0,
      alreadyImported: 5,
      errors: [{ line: 4, message: 'email must be a valid address like ana@example.org (got "bo@")' }],
      duplicates: [{ line: 7, email: "ANA@example.org", firstLine: 2 }],
    });
    await applyQueued(dataDir);
    expect(await guestList(dataDir, eventId)).toEqual(once);
  });

  it("imports a shared fixture (an Eventbrite report) with --json: two seats, the third guest waitlisted", async () => {
    const dataDir = tempDataDir();
    const { eventId } = await createEventCli(dataDir, { capacity: 2 });
    const result = await importCli(
      eventId,
      join(fixtures, "eventbrite-attendee-report.csv"),
      dataDir,
      "--pre-confirmed",
      "--json",
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim().split("\n")).toHaveLength(1);
    expect(JSON.parse(result.stdout)).toEqual({ queued: 3, alreadyImported: 0, errors: [], duplicates: [] });

    await applyQueued(dataDir);
    expect(await guestList(dataDir, eventId)).toMatchObject({
      confirmed: ["jdoe1@test1mail.com", "jdoe2@test2mail.com"],
      waitlisted: ["jbloggs@test3mail.com"],
    });
  });

  it("without --pre-confirmed invites the guests: they are pending and hold no seat", async () => {
    const dataDir = tempDataDir();
    const { eventId } = await createEventCli(dataDir, { capacity: 1 });
    const result = await importCli(eventId, join(fixtures, "thunderbird-addressbook-semicolon.csv"), dataDir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("imported 2 rows, 0 errors, 0 duplicates");
    expect(result.stdout).toContain("as invitations");

    await applyQueued(dataDir);
    expect(await guestList(dataDir, eventId)).toMatchObject({
      counters: { confirmed: 0, waitlisted: 0 },
      pending: ["john@doe.invalid", "jane@doe.invalid"],
    });
  });

  it("refuses a file without an email column with exit 1 and queues nothing", async () => {
    const dataDir = tempDataDir();
    const { eventId } = await createEventCli(dataDir);
    const file = join(dataDir, "phones.csv");
    writeFileSync(file, "Name,Phone\nAna,+49 30 1234\n");
    const result = await importCli(eventId, file, dataDir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}:1: no email column: the header line names "Name", "Phone"`);
    expect(result.stdout).toContain("imported 0 rows, 1 error, 0 duplicates");
    const { db, queue } = openStores(dataDir);
    expect(queue.depth()).toBe(0);
    db.close();
  });

  it("refuses an unknown event or an unreadable file with exit 2 and a message", async () => {
    const dataDir = tempDataDir();
    await createEventCli(dataDir);
    const file = join(fixtures, "thunderbird-addressbook-export.csv");
    const unknown = await importCli("no-such-event", file, dataDir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no event "no-such-event"');
    const missing = await importCli("no-such-event", join(dataDir, "nowhere.csv"), dataDir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot read");
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });

  it("a running rsvp applies an import from the shared data dir within a couple of seconds", async () => {
    const dataDir = tempDataDir();
    const { eventId, hostPath } = await createEventCli(dataDir, { capacity: 1 });
    const server = await start(dataDir);
    const result = await importCli(
      eventId,
      join(fixtures, "thunderbird-addressbook-export.csv"),
      dataDir,
      "--pre-confirmed",
    );
    expect(result.code, result.stderr).toBe(0);

    const deadline = Date.now() + 5_000;
    let headcount = { confirmed: 0, waitlisted: 0 };
    while (Date.now() < deadline && headcount.confirmed + headcount.waitlisted < 2) {
      headcount = (await (await fetch(`${server.url}${hostPath}/headcount`)).json()) as typeof headcount;
      await delay(100);
    }
    expect(headcount).toMatchObject({ confirmed: 1, waitlisted: 1 });
  });

  it("rsvp import --help exits 0 with usage", async () => {
    const result = await runCli(["import", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: rsvp import [options] <event> <file>");
  });
});
