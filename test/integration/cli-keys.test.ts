import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyFilePath, loadOrCreateKeyring } from "../../adapters/local/key-file.ts";
import { createEventCli, runCli } from "./cli-harness.ts";

let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "rsvp-cli-keys-"));
  await createEventCli(dataDir);
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("rsvp keys rotate", () => {
  it("makes a new current key and keeps the old one", async () => {
    const before = loadOrCreateKeyring(dataDir);
    const result = await runCli(["keys", "rotate", "--data", dataDir, "--json"]);
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out).toEqual({
      file: keyFilePath(dataDir),
      current: expect.not.stringMatching(before.current.kid),
      previous: [before.current.kid],
      retired: [],
    });
    expect(loadOrCreateKeyring(dataDir).current.kid).toBe(out.current);
  });

  it("says which keys still verify in text", async () => {
    const result = await runCli(["keys", "rotate", "--data", dataDir, "--keep", "1"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^new signing key \S+ in .*signing-keys\.json\n {2}kept: \S+ .*\n {2}retired: /,
    );
  });

  it("refuses a data dir without rsvp data", async () => {
    const empty = mkdtempSync(join(tmpdir(), "rsvp-cli-keys-empty-"));
    try {
      const result = await runCli(["keys", "rotate", "--data", empty]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/no rsvp data in/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("refuses a corrupt key file with exit 1 and leaves it alone", async () => {
    const path = keyFilePath(dataDir);
    const good = readFileSync(path, "utf8");
    writeFileSync(path, "{");
    try {
      const result = await runCli(["keys", "rotate", "--data", dataDir]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^rsvp: .*signing-keys\.json is not valid JSON/);
      expect(readFileSync(path, "utf8")).toBe("{");
    } finally {
      writeFileSync(path, good);
    }
  });
});
