import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readKeyring } from "../../adapters/local/key-file.ts";
import { shortCheckInCode, signCheckInCode, verifyDoorToken } from "../../core/check-in-code.ts";
import { guestIdFor } from "../../core/seat-keeper.ts";
import { openStores } from "../../runtime/embedded/stores.ts";
import { cancel, register } from "../helpers/factories.ts";
import { applyOffline, queuedIn } from "../helpers/offline-data-dir.ts";
import { createEventCli, runCli } from "./cli-harness.ts";

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), "rsvp-cli-checkin-"));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("rsvp checkin and rsvp host door-link", () => {
  it("check a guest in by QR text, short code or id, once; refuse a cancelled guest, another event's code and a forged one", async () => {
    const { eventId } = await createEventCli(dataDir, { capacity: 5 });
    const data = ["--data", dataDir];
    const ana = register(eventId, "ana@example.org", "Ana Lima", {
      commandId: "c-ana",
      issuedAt: new Date(),
    });
    const cleo = register(eventId, "cleo@example.org", "Cleo Park", {
      commandId: "c-cleo",
      issuedAt: new Date(),
    });
    applyOffline(dataDir, eventId, [ana, cleo], new Date());
    const anaId = guestIdFor(eventId, ana.commandId);
    const cleoId = guestIdFor(eventId, cleo.commandId);
    applyOffline(dataDir, eventId, [cancel(eventId, cleoId, { issuedAt: new Date() })], new Date());

    const link = await runCli([
      "host",
      "door-link",
      eventId,
      "--json",
      "--base-url",
      "https://rsvp.example.org",
      ...data,
    ]);
    expect(link.code, link.stderr).toBe(0);
    const door = JSON.parse(link.stdout) as { doorUrl: string; doorPath: string };
    expect(door.doorUrl).toBe(`https://rsvp.example.org${door.doorPath}`);
    const keyring = readKeyring(dataDir)!;
    const token = door.doorPath.split("/").pop()!;
    expect(verifyDoorToken(token, keyring, new Date())).toMatchObject({ ok: true, claims: { eventId } });

    const code = signCheckInCode({ eventId, guestId: anaId }, keyring);
    const first = await runCli(["checkin", eventId, code, ...data]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("checked in: Ana Lima (1 of 1)");
    // The short code names the same check-in: one command, however often it is sent.
    const short = await runCli([
      "checkin",
      eventId,
      shortCheckInCode({ eventId, guestId: anaId }, keyring),
      ...data,
    ]);
    expect(short.code, short.stderr).toBe(0);
    const queued = queuedIn(dataDir).filter((c) => c.type === "check-in");
    expect(new Set(queued.map((c) => c.commandId)).size).toBe(1);
    applyOffline(dataDir, eventId, queued, new Date());
    // A guest id may start with "-" (URL-safe characters): after "--" it is not taken for an option.
    const again = await runCli(["checkin", "--json", ...data, "--", eventId, anaId]);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      result: "already",
      guest: { name: "Ana Lima", arrived: 1 },
    });

    const cancelled = await runCli([
      "checkin",
      eventId,
      signCheckInCode({ eventId, guestId: cleoId }, keyring),
      ...data,
    ]);
    expect(cancelled.code).toBe(1);
    expect(cancelled.stdout).toContain("Cleo Park holds no seat (cancelled)");
    const other = await runCli([
      "checkin",
      eventId,
      signCheckInCode({ eventId: "elsewhere", guestId: anaId }, keyring),
      ...data,
    ]);
    expect(other.code).toBe(1);
    expect(other.stdout).toContain("another event");
    const forged = await runCli(["checkin", eventId, code.replace(anaId, cleoId), ...data]);
    expect(forged.code).toBe(1);
    expect(forged.stdout).toContain("not valid");

    const { db, store } = openStores(dataDir);
    try {
      expect((await store.getEvent(eventId))?.arrived).toBe(1);
      expect((await store.getGuest(eventId, anaId))?.checkedIn?.seats).toBe(1);
    } finally {
      db.close();
    }
  });
});
