import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { register } from "../helpers/factories.ts";
import { applyOffline, queuedIn } from "../helpers/offline-data-dir.ts";
import { createEventCli, runCli } from "./cli-harness.ts";

// Few spawns on purpose: each one starts a Node process. They run one after another, as a host types them.
let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), "rsvp-cli-host-"));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Guests registered the way the keeper does it, without a server: one confirmed, one waitlisted. */
function registerOffline(eventId: string) {
  applyOffline(
    dataDir,
    eventId,
    (
      [
        ["=SUM(A1)", "ana@example.org"],
        ["Bo Waiting", "bo@example.org"],
      ] as const
    ).map(([name, email], i) =>
      register(eventId, email, name, { commandId: `offline-${i}`, issuedAt: new Date() }),
    ),
    new Date(),
  );
}

const queued = () => queuedIn(dataDir);

describe("rsvp host and rsvp guests", () => {
  it("queue the host page's actions for the keeper, list guests as CSV, and refuse unknown events and guests", async () => {
    const { eventId } = await createEventCli(dataDir, { capacity: 1 });
    registerOffline(eventId);
    const data = ["--data", dataDir];

    const capacity = await runCli(["host", "capacity", eventId, "3", ...data]);
    const message = await runCli([
      "host",
      "message",
      eventId,
      "--subject",
      "Doors at 7",
      "--body",
      "See you!",
      ...data,
    ]);
    const close = await runCli(["host", "close", eventId, ...data]);
    const badCapacity = await runCli(["host", "capacity", eventId, "1.5", ...data]);
    for (const r of [capacity, message, close]) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^queued: .* \(command [0-9a-f-]{36}\)\n/);
    }
    expect(capacity.stdout).toContain('capacity 1 → 3 for "Integration party"');
    expect(badCapacity.code).toBe(2);
    expect(badCapacity.stderr).toContain("capacity must be a whole number from 0 to 100,000");
    expect(
      queued()
        .map((c) => `${c.lane} ${c.type}`)
        .sort(),
    ).toEqual(["host close-registration", "host message-guests", "host set-capacity"]);

    // Apply them as a running server would.
    const rt = await startEmbedded({ dataDir, http: false, logger: pino({ level: "silent" }) });
    try {
      await rt.idle();
      const event = (await rt.store.getEvent(eventId))!;
      expect(event.capacity).toBe(3);
      expect(event.registrationOpen).toBe(false);
      expect((await rt.audit.list(eventId)).map((e) => e.action)).toContain("message-guests");
    } finally {
      await rt.stop();
    }

    const guests = await runCli(["guests", eventId, "--json", ...data]);
    expect(guests.code, guests.stderr).toBe(0);
    const bo = guests.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { guestId: string; email: string })
      .find((g) => g.email === "bo@example.org")!;

    const resend = await runCli(["host", "resend", eventId, bo.guestId, ...data]);
    const csv = await runCli(["guests", eventId, "--csv", ...data]);
    const unknownEvent = await runCli(["host", "close", "no-such-event", ...data]);
    const unknownGuest = await runCli(["host", "resend", eventId, "no-such-guest", ...data]);
    expect(resend.code, resend.stderr).toBe(0);
    expect(resend.stdout).toContain("re-send the link to Bo Waiting <bo@example.org>");
    expect(queued().map((c) => (c.type === "notify" ? [c.guestId, c.notice] : c.type))).toEqual([
      [bo.guestId, "resend-link"],
    ]);

    expect(csv.code, csv.stderr).toBe(0);
    const [header, ...rows] = parse(csv.stdout) as string[][];
    expect(header?.slice(0, 4)).toEqual(["name", "email", "status", "waitlist_position"]);
    expect(rows.map((r) => r[0])).toEqual(["'=SUM(A1)", "Bo Waiting"]);

    expect(unknownEvent.code).toBe(2);
    expect(unknownEvent.stderr).toContain('no event "no-such-event"');
    expect(unknownGuest.code, unknownGuest.stderr).toBe(2);
    expect(unknownGuest.stderr).toContain('no guest "no-such-guest"');
  });
});
