import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandOf } from "../helpers/factories.ts";
import { applyOffline, queuedIn } from "../helpers/offline-data-dir.ts";
import { runCli } from "./cli-harness.ts";

// Few spawns on purpose: each one starts a Node process. They run one after another, as a host types them.
let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), "rsvp-cli-thanks-"));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The event's end passes and the template's draft is recorded, the way the keeper does it, without a server. */
function endAndDraft(eventId: string, endsAt: string) {
  const after = new Date(Date.parse(endsAt) + 60_000);
  applyOffline(
    dataDir,
    eventId,
    [
      commandOf(
        eventId,
        { type: "event-ended" },
        { commandId: "timer-ended", lane: "timer", issuedAt: after },
      ),
      commandOf(
        eventId,
        {
          type: "thanks-drafted",
          body: "Dear {name},\n\nThank you for coming!\n\nYour host",
          source: "template",
        },
        { commandId: "thanks-drafted", issuedAt: after },
      ),
    ],
    after,
  );
}

const queued = () => queuedIn(dataDir);

const day = 86_400_000;
const local = (ms: number) => new Date(ms).toISOString().slice(0, 16);
const start = Date.now() + 30 * day;

describe("rsvp event create --ends --thank-you and rsvp host thanks", () => {
  it("creates an event with its end and note setting, and refuses an end before the start", async () => {
    const bad = await runCli([
      "event",
      "create",
      "--data",
      dataDir,
      "--name",
      "Backwards",
      "--starts-at",
      local(start),
      "--ends",
      local(start - 3_600_000),
      "--tz",
      "UTC",
      "--capacity",
      "5",
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--ends: the end");
    expect(bad.stderr).toContain("must be after the start");
  });

  it("shows, sets up and approves the note from the command line", async () => {
    const created = await runCli([
      "event",
      "create",
      "--data",
      dataDir,
      "--name",
      "Summer party",
      "--starts-at",
      local(start),
      "--ends",
      local(start + 5 * 3_600_000),
      "--tz",
      "UTC",
      "--capacity",
      "5",
      "--thank-you",
      "approve",
      "--json",
    ]);
    expect(created.code, created.stderr).toBe(0);
    const event = JSON.parse(created.stdout) as {
      eventId: string;
      endsAt: string;
      settings: { thankYou: string };
    };
    expect(event.endsAt).toBe(`${local(start + 5 * 3_600_000)}:00.000Z`);
    expect(event.settings.thankYou).toBe("approve");

    const notes = await runCli([
      "host",
      "thanks",
      event.eventId,
      "--data",
      dataDir,
      "--notes",
      "The band was great",
    ]);
    expect(notes.code, notes.stderr).toBe(0);
    expect(queued()).toEqual([
      expect.objectContaining({ type: "set-thank-you", notes: "The band was great" }),
    ]);

    endAndDraft(event.eventId, event.endsAt);
    const shown = await runCli(["host", "thanks", event.eventId, "--data", dataDir]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain("status:          drafted by the template, waiting for your approval");
    expect(shown.stdout).toContain("Dear {name},\n\nThank you for coming!");
    expect(shown.stdout).toContain(`rsvp host thanks ${event.eventId} --approve`);

    /** `rsvp host thanks EVENT --approve --text FILE`, the note as FILE holds it. */
    const approveText = (name: string, text: string) => {
      const file = join(dataDir, name);
      writeFileSync(file, text);
      return runCli(["host", "thanks", event.eventId, "--data", dataDir, "--approve", "--text", file]);
    };
    const refused = await approveText("typo.txt", "Dear {nmae}, thank you!");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("the only placeholder a note may hold is {name}");

    const approved = await approveText("note.txt", "Dear {name},\r\n\r\nWhat a night!\r\n");
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toContain("queued: approve the thank-you note as edited");
    expect(queued().at(-1)).toMatchObject({
      type: "approve-thanks",
      lane: "host",
      body: "Dear {name},\n\nWhat a night!",
    });
  });
});
