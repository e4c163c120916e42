import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Id } from "../../contracts/common.ts";
import { hashHostToken } from "../../core/host-token.ts";
import { openStores } from "../../runtime/embedded/embedded-runtime.ts";
import { runCliInProcess } from "../helpers/cli-in-process.ts";
import { cancel, register } from "../helpers/factories.ts";
import { applyOffline, setAside } from "../helpers/offline-data-dir.ts";
import { runCli } from "./cli-harness.ts";

// Most cases run `rsvp` in this process (cli/run.ts, what cli/rsvp.ts calls: the same parsing, output and exit
// status, without a Node start per case); a few run the real binary as a child, so the process's own exit
// status, stdout and stderr are proven too.
const rsvp = (args: readonly string[]) => runCliInProcess(args);

let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), "rsvp-cli-"));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 16);

const create = (overrides: Record<string, string> = {}) => {
  const options = {
    "--name": "Winter party",
    "--starts-at": inAMonth(),
    "--tz": "Europe/Berlin",
    "--capacity": "40",
    ...overrides,
  };
  // An empty value stands for a flag without one (--json).
  const args = Object.entries(options).flatMap(([flag, value]) => (value === "" ? [flag] : [flag, value]));
  return rsvp(["event", "create", "--data", dataDir, ...args]);
};

/** `rsvp event create --json` (in this process) → the event's id. */
const createEvent = async (capacity = 10) => {
  const result = await create({ "--json": "", "--tz": "UTC", "--capacity": String(capacity) });
  if (result.code !== 0) throw new Error(`rsvp event create failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as { eventId: string };
};

/** Registers guests the way the runtime's keeper does, but without its change feed: the audit lags behind. */
function registerOffline(eventId: string, emails: readonly string[]) {
  applyOffline(
    dataDir,
    eventId,
    emails.map((email, i) =>
      register(eventId, email, `Guest ${i}`, {
        commandId: `offline-${eventId}-${i}`,
        lane: "import",
        issuedAt: new Date(),
      }),
    ),
    new Date(),
  );
}

describe("rsvp event create", () => {
  it("with --json prints exactly one JSON line naming the event, its host token and both paths (the binary)", async () => {
    const args = ["--name", "Winter party", "--starts-at", inAMonth(), "--tz", "Europe/Berlin"];
    const result = await runCli([
      "event",
      "create",
      "--data",
      dataDir,
      ...args,
      "--capacity",
      "40",
      "--json",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(1);
    const created = JSON.parse(lines[0]!);
    expect(Id.safeParse(created.eventId).success).toBe(true);
    expect(created.eventId.length).toBeLessThanOrEqual(16);
    expect(created.registerPath).toBe(`/e/${created.eventId}`);
    expect(created.hostPath).toBe(`/h/${created.hostToken}`);
    expect(created.capacity).toBe(40);
    expect(created.timeZone).toBe("Europe/Berlin");

    const { db, store } = openStores(dataDir);
    try {
      const event = await store.getEvent(created.eventId);
      expect(event?.hostTokenHash).toBe(hashHostToken(created.hostToken));
      expect(event?.name).toBe("Winter party");
    } finally {
      db.close();
    }
  });

  it("with --max-party and --smaller-parties-first stores the party settings", async () => {
    const result = await create({ "--json": "", "--max-party": "4", "--smaller-parties-first": "" });
    expect(result.code, result.stderr).toBe(0);
    const created = JSON.parse(result.stdout.trim());
    const { db, store } = openStores(dataDir);
    try {
      const event = await store.getEvent(created.eventId);
      expect(event?.settings).toMatchObject({ maxParty: 4, smallerPartiesFirst: true });
    } finally {
      db.close();
    }
  });

  it.for<[string, Record<string, string>, string]>([
    ["a fractional capacity", { "--capacity": "4.5" }, "--capacity"],
    ["a negative capacity", { "--capacity": "-1" }, "--capacity"],
    ["a capacity above 100000", { "--capacity": "100001" }, "--capacity"],
    ["an unknown time zone", { "--tz": "Mars/Olympus_Mons" }, "--tz"],
    ["a start in the past", { "--starts-at": "2020-01-01T19:00" }, "in the past"],
    ["an unreadable start", { "--starts-at": "next friday" }, "--starts-at"],
    ["a blank name", { "--name": "  " }, "--name"],
    ["a 201-character name", { "--name": "x".repeat(201) }, "--name"],
    [
      "a name with a bidi override",
      { "--name": "Party \u202eytrap" },
      "--name: the name must not contain invisible",
    ],
    [
      "a name with a line separator",
      { "--name": "Party\u2028DTSTART" },
      "--name: the name must be a single line",
    ],
    ["a host address that is not one", { "--host-email": "host-at-example" }, "--host-email"],
    ["a claim window of 0 hours", { "--claim-window": "0" }, "--claim-window"],
    ["unreadable quiet hours", { "--quiet-hours": "9pm to 8am" }, "--quiet-hours"],
    ["an unknown reminder", { "--reminders": "week,hourly" }, "--reminders"],
    ["a party of 0", { "--max-party": "0" }, "--max-party"],
    ["a party of 21", { "--max-party": "21" }, "--max-party"],
  ])("refuses %s with exit 2 and says what to change", async ([, overrides, mention], { expect }) => {
    const result = await create(overrides);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(mention);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("takes the host's settings: summary address, claim window, quiet hours, night offers", async () => {
    const result = await create({
      "--json": "",
      "--host-email": "host@example.org",
      "--claim-window": "12",
      "--quiet-hours": "22:00-07:30",
      "--night-offers": "",
      "--summary-days": "3",
      "--reminders": "day,morning",
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).settings).toMatchObject({
      hostEmail: "host@example.org",
      claimWindowHours: 12,
      quietHours: { start: "22:00", end: "07:30" },
      allowNightOffers: true,
      summaryDays: 3,
    });
    expect(JSON.parse(result.stdout).settings.reminders.map((r: { kind: string }) => r.kind)).toEqual([
      "day",
      "morning",
    ]);
  });

  it("refuses a missing option with exit 2 (the binary)", async () => {
    const result = await runCli(["event", "create", "--data", dataDir, "--name", "x"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--starts-at");
  });
});

describe("reading a fresh event", () => {
  let eventId: string;
  beforeAll(async () => {
    ({ eventId } = await createEvent(2));
  });

  it("headcount shows empty counters", async () => {
    const json = await rsvp(["headcount", eventId, "--data", dataDir, "--json"]);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      eventId,
      capacity: 2,
      confirmed: 0,
      offered: 0,
      waitlisted: 0,
      open: 2,
      registrationOpen: true,
    });
    const text = await rsvp(["headcount", eventId, "--data", dataDir]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("confirmed 0");
  });

  it("audit lists the creation and audit verify agrees", async () => {
    const audit = await rsvp(["audit", eventId, "--data", dataDir, "--json"]);
    expect(audit.code, audit.stderr).toBe(0);
    const entries = audit.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(entries.map((e) => e.action)).toEqual(["create-event"]);

    const verify = await rsvp(["audit", "verify", eventId, "--data", dataDir]);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toContain("audit matches live counters");
  });

  it("dlq list is empty", async () => {
    const json = await rsvp(["dlq", "list", "--data", dataDir, "--json"]);
    expect(json.code, json.stderr).toBe(0);
    expect(json.stdout).toBe("");
    const text = await rsvp(["dlq", "list", "--data", dataDir]);
    expect(text.stdout).toContain("no dead letters");
  });

  it("an unknown event or a missing data dir is exit 2 with a message", async () => {
    const unknown = await rsvp(["headcount", "no-such-event", "--data", dataDir]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no event "no-such-event"');
    const missing = await rsvp(["audit", eventId, "--data", join(dataDir, "nowhere")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no rsvp data");
  });
});

describe("the audit trail offline", () => {
  it("audit verify first delivers changes the change feed had not delivered (as after a crash)", async () => {
    const { eventId } = await createEvent(2);
    registerOffline(eventId, ["a@example.org", "b@example.org", "c@example.org"]);

    const verify = await rsvp(["audit", "verify", eventId, "--data", dataDir]);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toContain("audit matches live counters (4 entries");

    const audit = await rsvp(["audit", eventId, "--data", dataDir]);
    expect(audit.stdout).toMatch(/c@example\.org +register +- → waitlisted/);
  });

  it("audit verify exits 1 and lists the differences when a counter disagrees with the trail", async () => {
    const { eventId } = await createEvent(5);
    registerOffline(eventId, ["a@example.org"]);
    const { db } = openStores(dataDir);
    db.prepare("UPDATE events SET confirmed = 3 WHERE event_id = ?").run(eventId);
    db.close();

    const verify = await rsvp(["audit", "verify", eventId, "--data", dataDir]);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain("confirmed: audit replay says 1, live counter is 3");
    expect(verify.stderr).toContain("confirmed: 1 guest rows, live counter is 3");
  });
});

describe("rsvp dlq", () => {
  it("lists a dead letter and replays it back onto its event's queue", async () => {
    const { eventId } = await createEvent();
    const stores = openStores(dataDir);
    try {
      setAside(
        stores,
        [cancel(eventId, "nobody", { commandId: "doomed", lane: "web", issuedAt: new Date() })],
        "simulated failure",
      );
    } finally {
      stores.db.close();
    }

    const list = await rsvp(["dlq", "list", "--data", dataDir, "--json"]);
    expect(list.code, list.stderr).toBe(0);
    const letters = list.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ eventId, lastError: "simulated failure" });

    const table = await rsvp(["dlq", "list", "--data", dataDir]);
    expect(table.stdout).toContain("cancel doomed");

    const unknown = await rsvp(["dlq", "replay", "--data", dataDir, "--id", "999"]);
    expect(unknown.code).toBe(2);

    const replay = await rsvp(["dlq", "replay", "--data", dataDir, "--id", letters[0].id]);
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).toContain("replayed 1 dead letter");

    const after = openStores(dataDir);
    try {
      expect(after.queue.listDeadLetters()).toEqual([]);
      expect(after.queue.depth()).toBe(1);
    } finally {
      after.db.close();
    }
  });
});

describe("rsvp --help", () => {
  it("rsvp --help exits 0 with usage (the binary)", async () => {
    const result = await runCli(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: rsvp");
  });

  it.for(["", "start", "event create", "headcount", "audit", "audit verify", "dlq list", "dlq replay"])(
    "rsvp %s --help exits 0 with usage",
    async (words, { expect }) => {
      const result = await rsvp([...words.split(" ").filter(Boolean), "--help"]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Usage: rsvp ${words}`.trim());
    },
  );
});
