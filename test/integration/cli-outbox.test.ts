import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transaction } from "../../adapters/local/sqlite-database.ts";
import { SqliteMailOutbox } from "../../adapters/local/sqlite-mail-outbox.ts";
import type { EventRecord } from "../../contracts/event.ts";
import { applyCommandsSync } from "../../core/keeper.ts";
import { openStores, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { runCliInProcess } from "../helpers/cli-in-process.ts";
import { newEvent, register } from "../helpers/factories.ts";
import { runCli } from "./cli-harness.ts";

let dataDir: string;
let eventId: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "rsvp-cli-outbox-"));
  const { db, store } = openStores(dataDir);
  try {
    const event = newEvent();
    eventId = event.eventId;
    await store.createEvent(event);
    const outbox = new SqliteMailOutbox(db);
    for (const [key, to, subject, e] of [
      ["g-1/1", "ana@example.org", "You're in: Summer party", eventId],
      ["g-2/1", "bo@example.org", "You're on the waitlist", eventId],
      ["g-3/1", "cy@example.org", "Another event", "ev-other"],
    ] as const) {
      await outbox.send({
        key,
        eventId: e,
        guestId: key.split("/")[0]!,
        to,
        subject,
        text: "text",
        html: "<p>html</p>",
        links: { cancel: `http://rsvp.test/l/${key.replace("/", "-")}` },
        attachments:
          key === "g-1/1"
            ? [{ filename: "invite.ics", contentType: "text/calendar", content: "BEGIN:VCALENDAR\r\n" }]
            : [],
        headers: {},
      });
    }
  } finally {
    db.close();
  }
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("rsvp outbox", () => {
  it("prints one JSON line per email, oldest first, with its links by action", async () => {
    const result = await runCli(["outbox", "--data", dataDir, "--json"]);
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.to)).toEqual(["ana@example.org", "bo@example.org", "cy@example.org"]);
    expect(lines[0]).toMatchObject({
      key: "g-1/1",
      eventId,
      guestId: "g-1",
      subject: "You're in: Summer party",
      links: { cancel: "http://rsvp.test/l/g-1-1" },
      state: "outbox",
    });
    expect(typeof lines[0].createdAt).toBe("string");
  });

  it("prints the whole email with --json: text, html and attachments, so a script can read it", async () => {
    const result = await runCli(["outbox", "--data", dataDir, "--json", "--event", eventId]);
    const [first] = result.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(first).toMatchObject({
      key: "g-1/1",
      text: "text",
      html: "<p>html</p>",
      headers: {},
      attachments: [{ filename: "invite.ics", contentType: "text/calendar", content: "BEGIN:VCALENDAR\r\n" }],
      attempts: 0,
      lastError: null,
      sentAt: null,
    });
  });

  it("shows one event's emails as a table", async () => {
    const result = await runCli(["outbox", "--data", dataDir, "--event", eventId]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/queued \(UTC\)\s+state\s+to\s+subject\s+links/);
    expect(result.stdout).toContain("bo@example.org");
    expect(result.stdout).not.toContain("cy@example.org");
    expect(result.stdout).toContain("2 emails");
  });

  it("refuses an unknown event and a missing data dir", async () => {
    expect((await runCli(["outbox", "--data", dataDir, "--event", "nope"])).code).toBe(2);
    expect((await runCli(["outbox", "--data", join(dataDir, "missing")])).code).toBe(2);
  });
});

describe("rsvp outbox while rsvp is not running", () => {
  it("says what the keeper, the messenger and the timers have left to do, and nothing once rsvp has done it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rsvp-cli-outbox-pending-"));
    const quiet = pino({ level: "silent" });
    try {
      // A data dir rsvp has run on (so the messenger has its checkpoint), then stopped. On the system clock,
      // as the CLI reads it: the events are a month away, so none of their own timers is due.
      const month = new Date(Date.now() + 30 * 86_400_000).toISOString();
      const created = new Date().toISOString();
      const [event, other] = [0, 1].map(() =>
        newEvent({ startsAt: month, createdAt: created, updatedAt: created }),
      ) as [EventRecord, EventRecord];
      const first = await startEmbedded({ dataDir: dir, http: false, logger: quiet });
      await first.store.createEvent(event);
      await first.store.createEvent(other);
      await first.stop();
      const outbox = (...more: string[]) => runCliInProcess(["outbox", "--data", dir, ...more]);

      const stores = openStores(dir);
      try {
        // Two registrations queued (by `rsvp import`, say), and one for another event.
        await stores.queue.send([
          register(event.eventId, "ana@example.org", "Ana"),
          register(event.eventId, "bo@example.org", "Bo"),
          register(other.eventId, "cy@example.org", "Cy"),
        ]);
        let result = await outbox("--event", event.eventId);
        expect(result.code).toBe(0);
        expect(result.stdout).toContain("0 emails");
        expect(result.stderr).toBe(
          "note: 2 commands are waiting for the keeper: start rsvp to process them; the emails they cause are not listed yet.\n" +
            "note: An rsvp already running on this data dir does all this within seconds.\n",
        );
        expect((await outbox()).stderr).toContain("note: 3 commands are waiting for the keeper");

        // The keeper applied them, and rsvp stopped before the messenger had its turn (a crash, a kill -9).
        transaction(stores.db, () => {
          const batch = stores.queue.nextGroupBatch(10)!;
          applyCommandsSync(
            stores.store,
            batch.groupId,
            batch.messages.map((m) => m.command),
            new Date(),
          );
          stores.queue.ackSync(batch.messages.map((m) => m.receipt));
        });
        // And a timer fell due meanwhile.
        await stores.timers.book([
          {
            name: "ended-pending-test",
            eventId: event.eventId,
            at: "2026-01-01T00:00:00.000Z",
            timeZone: event.timeZone,
            command: {
              type: "event-ended",
              eventId: event.eventId,
              commandId: "timer-ended-pending-test",
              issuedAt: "2026-01-01T00:00:00.000Z",
              lane: "timer",
            },
          },
        ]);
        result = await outbox("--event", event.eventId, "--json");
        expect(result.stdout).toBe("");
        const notes = result.stderr.trim().split("\n");
        expect(notes[0]).toMatch(
          /^note: \d+ changes are waiting for the messenger: start rsvp to send the emails; they are not listed yet\.$/,
        );
        expect(notes.slice(1)).toEqual([
          "note: 1 timer is due (reminders, offers' ends, summaries): start rsvp to fire it.",
          "note: An rsvp already running on this data dir does all this within seconds.",
        ]);
      } finally {
        stores.db.close();
      }

      // rsvp starts, does it all and stops: the list is whole and nothing is left to say.
      const again = await startEmbedded({ dataDir: dir, http: false, logger: quiet });
      await again.tick();
      await again.stop();
      const after = await outbox("--event", event.eventId);
      expect(after.stderr).toBe("");
      expect(after.stdout).toContain("ana@example.org");
      expect(after.stdout).toContain("bo@example.org");
      expect(after.stdout).toContain("2 emails");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
