import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliInProcess } from "../helpers/cli-in-process.ts";
import { queuedIn } from "../helpers/offline-data-dir.ts";
import { eventWithDashedGuest } from "./dashed-guest.ts";

// Guest ids are base64url, so one in 64 starts with "-": every command that takes a guest id reads such an id
// as given, without "--" before it (cli-resend-dash.test.ts: resend; approve and decline: cli-approval), and
// "--" before the positional arguments still works.
let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), "rsvp-cli-dash-guest-id-"));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('a guest id that starts with a dash, without "--"', () => {
  it('is the guest for rsvp host edit, admit, remove and rsvp checkin; after "--" too', async () => {
    const data = ["--data", dataDir];
    const { eventId, guestId } = await eventWithDashedGuest(dataDir);

    const edit = await runCliInProcess(["host", "edit", eventId, guestId, "--name", "Dee D. Dash", ...data]);
    expect(edit.code, edit.stderr).toBe(0);
    expect(edit.stdout).toContain('edit Dee Dash <dee@example.org>: name "Dee D. Dash"');

    const admit = await runCliInProcess(["host", "admit", eventId, guestId, ...data]);
    expect(admit.code, admit.stderr).toBe(0);
    expect(admit.stderr + admit.stdout).toContain("Dee Dash <dee@example.org> is confirmed already");

    const checkIn = await runCliInProcess(["checkin", eventId, guestId, ...data]);
    expect(checkIn.code, checkIn.stderr).toBe(0);
    expect(checkIn.stdout).toContain("checked in: Dee Dash");

    // The "--" form, as the docs used to ask for, still works.
    const remove = await runCliInProcess(["host", "remove", "--quiet", ...data, "--", eventId, guestId]);
    expect(remove.code, remove.stderr).toBe(0);
    expect(remove.stdout).toContain("remove Dee Dash <dee@example.org>");

    expect(queuedIn(dataDir).map((c) => c.type)).toEqual(["edit-guest", "check-in", "remove-guest"]);

    // An unknown dashed id is named as an unknown guest, not taken for an option.
    const unknown = await runCliInProcess([
      "host",
      "edit",
      eventId,
      "-no-such-guest",
      "--name",
      "X",
      ...data,
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no guest "-no-such-guest"');
  });
});
