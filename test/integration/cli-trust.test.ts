import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStores } from "../../runtime/embedded/embedded-runtime.ts";
import { createEventCli, runCli } from "./cli-harness.ts";

/** Issue 13: the privacy settings on the command line (`event create` and `event edit`). */
let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), "rsvp-cli-trust-"));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 16);
const base = [
  "--name",
  "Winter party",
  "--starts-at",
  inAMonth(),
  "--tz",
  "Europe/Berlin",
  "--capacity",
  "40",
];

describe("rsvp event create/edit: privacy settings", () => {
  it("create stores --retention-days, --verify-email and --ignore-plus-tags; edit changes and turns them off", async () => {
    const created = await runCli([
      "event",
      "create",
      "--data",
      dataDir,
      ...base,
      "--json",
      "--retention-days",
      "90",
      "--verify-email",
      "--ignore-plus-tags",
    ]);
    expect(created.code, created.stderr).toBe(0);
    const event = JSON.parse(created.stdout.trim());
    expect(event.settings).toMatchObject({ retentionDays: 90, verifyEmail: true, ignorePlusTags: true });

    const edited = await runCli([
      "event",
      "edit",
      event.eventId,
      "--data",
      dataDir,
      "--retention-days",
      "off",
      "--no-verify-email",
      "--no-ignore-plus-tags",
    ]);
    expect(edited.code, edited.stderr).toBe(0);
    expect(edited.stdout).toContain("settings.retentionDays");
    expect(edited.stdout).toContain("settings.verifyEmail");
  });

  it("without the options an event keeps guest data, seats at once and keeps +tags apart", async () => {
    const { eventId } = await createEventCli(dataDir);
    const { db, store } = openStores(dataDir);
    try {
      expect((await store.getEvent(eventId))?.settings).toMatchObject({
        retentionDays: null,
        verifyEmail: false,
        ignorePlusTags: false,
      });
    } finally {
      db.close();
    }
  });

  it.concurrent.for<[string, string]>([
    ["0", "--retention-days"],
    ["3651", "--retention-days"],
    ["soon", "--retention-days"],
  ])("refuses --retention-days %s with exit 2, naming the option", async ([value, mention], { expect }) => {
    const result = await runCli(["event", "create", "--data", dataDir, ...base, "--retention-days", value]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(mention);
  });
});
