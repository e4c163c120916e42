import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashHostToken } from "../../core/host-token.ts";
import { openStores } from "../../runtime/embedded/embedded-runtime.ts";
import { register } from "../helpers/factories.ts";
import { applyOffline, queuedIn } from "../helpers/offline-data-dir.ts";
import { runCli } from "./cli-harness.ts";

let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), "rsvp-cli-details-"));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** `rsvp event create --json` with the details; the parsed line. */
async function create(extra: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const result = await runCli(
    [
      ...["event", "create", "--data", dataDir, "--name", "Winter party", "--tz", "Europe/Berlin"],
      ...["--starts-at", `${inDays(30)}T19:00`, "--ends", `${inDays(30)}T23:00`, "--capacity", "1", "--json"],
      ...extra,
    ],
    { env },
  );
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

/** Applies what the CLI queued for an event, as a running keeper would. */
function applyQueued(eventId: string) {
  applyOffline(
    dataDir,
    eventId,
    queuedIn(dataDir).filter((c) => c.eventId === eventId),
    new Date(),
  );
}

async function stored(eventId: string) {
  const { db, store } = openStores(dataDir);
  try {
    return await store.getEvent(eventId);
  } finally {
    db.close();
  }
}

describe("rsvp event create with details", () => {
  it("stores the place, address, online link, description, host and language, and the embed origins", async () => {
    const file = join(dataDir, "description.txt");
    writeFileSync(file, "Bring a salad.\n\nDoors open at 7: https://ana.example/party");
    const created = await create([
      ...["--location", "Café Lima", "--address", "Hauptstraße 1, Berlin"],
      ...["--online-url", "https://meet.example.org/x", "--online-url-confirmed-only"],
      ...["--description-file", file, "--host-name", "Ana Lima", "--host-email", "ana@example.org"],
      ...[
        "--language",
        "de",
        "--accent",
        "plum",
        "--embed-origin",
        "https://ana.example",
        "--embed-origin",
        "https://bo.example",
      ],
    ]);
    expect(created.details).toEqual({
      description: "Bring a salad.\n\nDoors open at 7: https://ana.example/party",
      location: {
        place: "Café Lima",
        address: "Hauptstraße 1, Berlin",
        onlineUrl: "https://meet.example.org/x",
        onlineUrlConfirmedOnly: true,
      },
      hostName: "Ana Lima",
      language: "de",
      accent: "plum",
    });
    expect(created.settings).toMatchObject({
      hostEmail: "ana@example.org",
      embedOrigins: ["https://ana.example", "https://bo.example"],
    });
    expect((await stored(created.eventId))?.details.location.place).toBe("Café Lima");
  });

  it("refuses bad details with exit 2, naming each option", async () => {
    const result = await runCli([
      ...["event", "create", "--data", dataDir, "--name", "X", "--tz", "UTC", "--capacity", "1"],
      ...["--starts-at", `${inDays(30)}T19:00`, "--online-url", "javascript:alert(1)"],
      ...["--language", "fr", "--embed-origin", "https://ana.example/path", "--accent", "pink"],
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--online-url");
    expect(result.stderr).toContain("--language");
    expect(result.stderr).toContain("--embed-origin");
    expect(result.stderr).toContain(
      "--accent: must be one of: indigo, teal, green, orange, rose, plum, slate",
    );
  });

  it("prints paths and says so when no base URL is configured, full links when one is", async () => {
    const bare = await create();
    expect(bare.registerUrl).toBeNull();
    expect(bare.hostUrl).toBeNull();
    const text = await runCli([
      ...["event", "create", "--data", dataDir, "--name", "X", "--tz", "UTC", "--capacity", "1"],
      ...["--starts-at", `${inDays(30)}T19:00`],
    ]);
    expect(text.stdout).not.toContain(":3000");
    expect(text.stdout).toMatch(/register: \/e\//);
    expect(text.stdout).toContain("No public address is configured");
    const linked = await create([], { RSVP_BASE_URL: "https://rsvp.example.org" });
    expect(linked.registerUrl).toBe(`https://rsvp.example.org/e/${linked.eventId}`);
  });
});

describe("rsvp event list", () => {
  it("lists every event with its headcount, as text and as one JSON line", async () => {
    const created = await create(["--name", "Listed party"]);
    applyOffline(dataDir, created.eventId, [register(created.eventId, "ana@example.org")], new Date());
    const json = await runCli(["event", "list", "--data", dataDir, "--json"]);
    expect(json.code, json.stderr).toBe(0);
    expect(json.stdout.trim().split("\n")).toHaveLength(1);
    const row = JSON.parse(json.stdout).find((e: { eventId: string }) => e.eventId === created.eventId);
    expect(row).toMatchObject({
      name: "Listed party",
      capacity: 1,
      confirmed: 1,
      waitlisted: 0,
      registrationOpen: true,
    });
    const text = await runCli(["event", "list", "--data", dataDir]);
    expect(text.stdout).toMatch(
      new RegExp(`${created.eventId}\\s+Listed party\\s+.+\\s+1\\s+1\\s+0\\s+open`),
    );
  });
});

describe("rsvp event edit", () => {
  it("queues a host edit the keeper applies: new place and host name, capacity as its own command", async () => {
    const created = await create(["--location", "Café Lima", "--address", "Hauptstraße 1"]);
    const result = await runCli([
      ...["event", "edit", created.eventId, "--data", dataDir],
      ...["--location", "Park", "--address", "", "--host-name", "Bo", "--capacity", "5", "--accent", "teal"],
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("queued: edit of");
    expect(
      queuedIn(dataDir)
        .filter((c) => c.eventId === created.eventId)
        .map((c) => c.type),
    ).toEqual(["edit-event", "set-capacity"]);
    applyQueued(created.eventId);
    const event = await stored(created.eventId);
    expect(event?.details.location).toEqual({ place: "Park", onlineUrlConfirmedOnly: false });
    expect(event?.details.hostName).toBe("Bo");
    expect(event?.details.accent).toBe("teal");
    expect(event?.capacity).toBe(5);
    // No guests yet: a new place raises the sequence and nobody is asked about.
    expect(event?.calendarSequence).toBe(1);
  });

  it("asks before emailing guests about a new time: without a terminal and without --yes it refuses", async () => {
    const created = await create();
    applyOffline(dataDir, created.eventId, [register(created.eventId, "ana@example.org")], new Date());
    const refused = await runCli([
      ...["event", "edit", created.eventId, "--data", dataDir, "--starts-at", `${inDays(31)}T19:00`],
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("--yes");
    expect(queuedIn(dataDir).filter((c) => c.eventId === created.eventId)).toEqual([]);

    const done = await runCli([
      ...["event", "edit", created.eventId, "--data", dataDir, "--starts-at", `${inDays(31)}T19:00`, "--yes"],
    ]);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain("will be emailed");
    applyQueued(created.eventId);
    const event = await stored(created.eventId);
    // The event keeps its 4 hours.
    expect(Date.parse(event!.endsAt!) - Date.parse(event!.startsAt)).toBe(4 * 3_600_000);
    expect(event?.calendarSequence).toBe(1);
  });

  it("says there is nothing to change, and refuses an unknown event", async () => {
    const created = await create();
    const same = await runCli([
      "event",
      "edit",
      created.eventId,
      "--data",
      dataDir,
      "--name",
      "Winter party",
    ]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain("Nothing to change");
    const unknown = await runCli(["event", "edit", "nope", "--data", dataDir, "--name", "X"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no event "nope"');
  });
});

describe("rsvp event host-link", () => {
  it("makes a new host link; the old one stops working", async () => {
    const created = await create();
    const result = await runCli(["event", "host-link", created.eventId, "--data", dataDir, "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const renewed = JSON.parse(result.stdout);
    expect(renewed.hostPath).toBe(`/h/${renewed.hostToken}`);
    expect(renewed.hostUrl).toBeNull();
    const { db, store } = openStores(dataDir);
    try {
      expect(await store.findEventByHostTokenHash(hashHostToken(created.hostToken))).toBeNull();
      expect(await store.findEventByHostTokenHash(hashHostToken(renewed.hostToken))).toMatchObject({
        eventId: created.eventId,
      });
    } finally {
      db.close();
    }
  });
});
