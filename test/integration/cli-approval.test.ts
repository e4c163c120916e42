import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { register } from "../helpers/factories.ts";
import { applyOffline, queuedIn } from "../helpers/offline-data-dir.ts";
import { createEventCli, runCli } from "./cli-harness.ts";

// `rsvp event create --approval`, `rsvp event edit --no-hide-location` and `rsvp host approve|decline`
// (docs/approval.md): few spawns on purpose, one after another as a host types them.
let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), "rsvp-cli-approval-"));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("rsvp host approve and decline", () => {
  it("create an approval event, queue one command per requested guest, skip the others, refuse unknown guests", async () => {
    const data = ["--data", dataDir];
    const { eventId } = await createEventCli(dataDir, {
      name: "Supper club",
      capacity: 1,
      flags: ["--approval"],
    });
    const edited = await runCli(["event", "edit", eventId, "--no-hide-location", ...data]);
    expect(edited.code, edited.stderr).toBe(0);

    applyOffline(
      dataDir,
      eventId,
      ["ana", "bo", "cy"].map((name, i) =>
        register(eventId, `${name}@example.org`, name, { commandId: `offline-${i}`, issuedAt: new Date() }),
      ),
      new Date(),
    );
    const listed = await runCli(["guests", eventId, "--json", ...data]);
    const guests = listed.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { guestId: string; name: string; status: string });
    expect(guests.map((g) => g.status)).toEqual(["requested", "requested", "requested"]);
    const id = (name: string) => guests.find((g) => g.name === name)!.guestId;

    const approve = await runCli(["host", "approve", eventId, id("ana"), id("bo"), ...data]);
    expect(approve.code, approve.stderr).toBe(0);
    expect(approve.stdout).toContain('queued: approve ana <ana@example.org> for "Supper club"');
    const decline = await runCli(["host", "decline", eventId, id("cy"), ...data]);
    expect(decline.code, decline.stderr).toBe(0);
    // Guest ids are base64url, so one may start with "-": it is read as a guest id, not as an option.
    const unknown = await runCli(["host", "approve", eventId, "-no-such-guest", ...data]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no guest "-no-such-guest"');
    // The edit is queued too (it is the keeper's to apply); then one command per requested guest.
    expect(queuedIn(dataDir).map((c) => `${c.type} ${"guestId" in c ? c.guestId : ""}`)).toEqual([
      "edit-event ",
      `approve-request ${id("ana")}`,
      `approve-request ${id("bo")}`,
      `decline-request ${id("cy")}`,
    ]);

    // Apply them as a running server would: one seat, so Ana is confirmed and Bo waits in line.
    const rt = await startEmbedded({ dataDir, http: false, logger: pino({ level: "silent" }) });
    try {
      await rt.idle();
      const status = async (name: string) => (await rt.store.getGuest(eventId, id(name)))?.status;
      expect([await status("ana"), await status("bo"), await status("cy")]).toEqual([
        "confirmed",
        "waitlisted",
        "cancelled",
      ]);
      const event = (await rt.store.getEvent(eventId))!;
      expect(event.settings).toMatchObject({ approval: true, hideLocationUntilApproved: false });
    } finally {
      await rt.stop();
    }

    // Nobody has a request waiting any more: named, skipped, nothing queued (exit 1).
    const again = await runCli(["host", "decline", eventId, id("ana"), ...data]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("skipped: ana <ana@example.org> is confirmed, with no request waiting");
  });
});
