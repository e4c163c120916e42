import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readKeyring } from "../../adapters/local/key-file.ts";
import { verifyDoorToken } from "../../core/check-in-code.ts";
import { applyOffline, queuedIn } from "../helpers/offline-data-dir.ts";
import { createEventCli, runCli } from "./cli-harness.ts";

/**
 * Door links from the command line (docs/door.md): `rsvp host door-link --label` records the link it prints,
 * `rsvp host door-links` lists them, `rsvp host revoke-door-link` revokes one (once), an unknown id fails.
 */
let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), "rsvp-cli-door-links-"));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("rsvp host door-link, door-links and revoke-door-link", () => {
  it("mints a labelled link, lists it, revokes it once, and refuses an unknown id", async () => {
    const { eventId } = await createEventCli(dataDir, { capacity: 5 });
    const data = ["--data", dataDir];
    const made = await runCli(["host", "door-link", eventId, "--label", "Main door", "--json", ...data]);
    expect(made.code, made.stderr).toBe(0);
    const link = JSON.parse(made.stdout) as { linkId: string; label: string; doorPath: string };
    expect(link.label).toBe("Main door");
    const token = link.doorPath.split("/").pop()!;
    expect(verifyDoorToken(token, readKeyring(dataDir)!, new Date())).toMatchObject({
      ok: true,
      claims: { eventId, linkId: link.linkId },
    });
    applyOffline(dataDir, eventId, queuedIn(dataDir), new Date());

    const listed = await runCli(["host", "door-links", eventId, "--json", ...data]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).doorLinks).toEqual([
      { id: link.linkId, label: "Main door", mintedAt: expect.any(String), revokedAt: null },
    ]);

    for (let i = 0; i < 2; i += 1) {
      const revoked = await runCli(["host", "revoke-door-link", eventId, link.linkId, ...data]);
      expect(revoked.code, revoked.stderr).toBe(0);
      expect(revoked.stdout).toContain(`Door link ${link.linkId} revoked`);
    }
    const revokes = queuedIn(dataDir).filter((c) => c.type === "revoke-door-link");
    expect(new Set(revokes.map((c) => c.commandId)).size).toBe(1);
    applyOffline(dataDir, eventId, revokes, new Date());
    const after = await runCli(["host", "door-links", eventId, ...data]);
    expect(after.stdout).toMatch(new RegExp(`^${link.linkId}  Main door  made \\S+  revoked \\S+$`, "m"));

    const unknown = await runCli(["host", "revoke-door-link", eventId, "nosuchlink", ...data]);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toContain("has no door link nosuchlink");
  });
});
