import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  AdminTokenError,
  adminTokenPath,
  adminTokenVerifier,
  loadOrCreateAdminToken,
  readAdminToken,
} from "../../adapters/local/admin-token.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "rsvp-admin-token-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("the admin token", () => {
  it("is made on first start, readable only by its owner, and the same on every start after", () => {
    expect(readAdminToken(dir)).toBeNull();
    const token = loadOrCreateAdminToken(dir);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(adminTokenPath(dir)).mode & 0o777).toBe(0o600);
    expect(loadOrCreateAdminToken(dir)).toBe(token);
    expect(readAdminToken(dir)).toBe(token);
  });

  it("is refused, not replaced, when the file holds something else", () => {
    writeFileSync(adminTokenPath(dir), "short\n");
    expect(() => loadOrCreateAdminToken(dir)).toThrow(AdminTokenError);
  });

  it("verifies only the exact token", () => {
    const token = loadOrCreateAdminToken(dir);
    const verify = adminTokenVerifier(token);
    expect(verify(token)).toBe(true);
    expect(verify(`${token}x`)).toBe(false);
    expect(verify(token.slice(0, -1))).toBe(false);
    expect(verify("")).toBe(false);
  });
});
