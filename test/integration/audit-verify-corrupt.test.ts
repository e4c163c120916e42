import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEventRecord } from "../../core/event-factory.ts";
import { hashHostToken, mintHostToken } from "../../core/host-token.ts";
import { databasePath, openStores } from "../../runtime/embedded/stores.ts";
import { runCli } from "./cli-harness.ts";

/**
 * Issue 13 §3: `rsvp audit verify` over a damaged database says so clearly (exit 3, what to do), instead of
 * "audit matches" over garbage pages or a raw stack.
 */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "rsvp-audit-corrupt-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("rsvp audit verify on a damaged database", () => {
  it("says the database is damaged and exits 3, with no stack trace", async () => {
    const stores = openStores(dir);
    let eventId = "";
    for (let i = 0; i < 20; i++) {
      const event = createEventRecord(
        {
          eventId: `party-${i}`,
          name: `Party ${i}`,
          startsAtLocal: "2030-12-14T19:00",
          timeZone: "UTC",
          capacity: 10,
          hostTokenHash: hashHostToken(mintHostToken()),
        },
        new Date(),
      );
      await stores.store.createEvent(event);
      eventId = event.eventId;
    }
    stores.db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    stores.db.close();
    // Garbage over the second page and beyond (the first holds the header: the file still opens).
    const fd = openSync(databasePath(dir), "r+");
    writeSync(fd, Buffer.alloc(8_192, 0x5a), 0, 8_192, 4_096);
    closeSync(fd);

    const verify = await runCli(["audit", "verify", eventId, "--data", dir]);
    expect(verify.code).toBe(3);
    expect(verify.stderr).toContain("is damaged");
    expect(verify.stderr).toContain("restore it from a backup");
    expect(verify.stdout).not.toContain("audit matches");
    expect(verify.stderr).not.toMatch(/\n\s+at /);
  });
});
