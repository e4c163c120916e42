import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queuedIn } from "../helpers/offline-data-dir.ts";
import { runCli } from "./cli-harness.ts";
import { eventWithDashedGuest } from "./dashed-guest.ts";

// Guest ids are base64url, so one in 64 starts with "-": `rsvp host resend EVENT GUEST` must read it as the
// guest id, not refuse it as an unknown option (as `rsvp host approve|decline` already do).
let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), "rsvp-cli-resend-dash-"));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("rsvp host resend with a guest id that starts with a dash", () => {
  it("queues the re-send for that guest, and names an unknown dashed id as an unknown guest", async () => {
    const data = ["--data", dataDir];
    const { eventId, guestId } = await eventWithDashedGuest(dataDir);

    const resend = await runCli(["host", "resend", eventId, guestId, ...data]);
    expect(resend.code, resend.stderr).toBe(0);
    expect(resend.stdout).toContain("re-send the link to Dee Dash <dee@example.org>");
    expect(queuedIn(dataDir).map((c) => (c.type === "notify" ? [c.guestId, c.notice] : c.type))).toEqual([
      [guestId, "resend-link"],
    ]);

    const unknown = await runCli(["host", "resend", eventId, "-no-such-guest", ...data]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no guest "-no-such-guest"');
  });
});
