import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqliteMailOutbox } from "../../adapters/local/sqlite-mail-outbox.ts";
import { openStores } from "../../runtime/embedded/embedded-runtime.ts";
import { newEvent } from "../helpers/factories.ts";
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
        attachments: [],
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
