import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KeyFileError, keyFilePath, loadOrCreateKeyring, rotateKey } from "../../adapters/local/key-file.ts";
import { Keyring, type LinkClaims } from "../../contracts/link.ts";
import { linkExpiry, signLink, verifyLink } from "../../core/link-token.ts";
import { baseTime } from "../helpers/factories.ts";

const claims: LinkClaims = {
  eventId: "ev1",
  guestId: "guest1",
  action: "decline",
  expiresAt: linkExpiry(new Date(baseTime.getTime() + 86_400_000)),
  issuedAt: baseTime.toISOString(),
};
const verify = (token: string, keyring: Keyring) =>
  verifyLink(token, keyring, { eventId: "ev1", action: "decline" }, baseTime);

describe("signing key file", () => {
  let dataDir = "";
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "rsvp-keys-"));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it("is created on first use, private to its owner, and reused after", () => {
    const first = loadOrCreateKeyring(dataDir);
    expect(Keyring.parse(first)).toEqual(first);
    expect(first.previous).toEqual([]);
    expect(Buffer.from(first.current.secret, "base64url")).toHaveLength(32);
    if (process.platform !== "win32") expect(statSync(keyFilePath(dataDir)).mode & 0o777).toBe(0o600);

    expect(loadOrCreateKeyring(dataDir)).toEqual(first);
    // No temporary files are left behind.
    expect(readdirSync(dataDir)).toEqual(["signing-keys.json"]);
  });

  it("is created in a data dir that does not exist yet", () => {
    const nested = join(dataDir, "not", "yet");
    expect(loadOrCreateKeyring(nested)).toEqual(loadOrCreateKeyring(nested));
  });

  it("two data dirs get different keys", () => {
    const other = mkdtempSync(join(tmpdir(), "rsvp-keys-"));
    try {
      expect(loadOrCreateKeyring(other).current).not.toEqual(loadOrCreateKeyring(dataDir).current);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it("a rotation signs new links with a new key and old links keep verifying", () => {
    const before = loadOrCreateKeyring(dataDir);
    const oldLink = signLink(claims, before);

    const { keyring, retired } = rotateKey(dataDir);
    expect(retired).toEqual([]);
    expect(keyring.current.kid).not.toBe(before.current.kid);
    expect(keyring.previous).toEqual([before.current]);
    expect(loadOrCreateKeyring(dataDir)).toEqual(keyring);
    if (process.platform !== "win32") expect(statSync(keyFilePath(dataDir)).mode & 0o777).toBe(0o600);

    expect(verify(oldLink, keyring).ok).toBe(true);
    const newLink = signLink(claims, keyring);
    expect(newLink.startsWith(`${keyring.current.kid}.`)).toBe(true);
    expect(verify(newLink, keyring).ok).toBe(true);
    // A server still on the keyring it loaded before the rotation does not know the new key.
    expect(verify(newLink, before)).toEqual({ ok: false, reason: "unknown-key" });
    expect(readdirSync(dataDir)).toEqual(["signing-keys.json"]);
  });

  it("keeps the last three old keys: a link outlives three rotations, not four", () => {
    const oldLink = signLink(claims, loadOrCreateKeyring(dataDir));
    const kids = [loadOrCreateKeyring(dataDir).current.kid];
    for (let i = 0; i < 3; i++) kids.unshift(rotateKey(dataDir).keyring.current.kid);
    const third = loadOrCreateKeyring(dataDir);
    expect(third.previous.map((k) => k.kid)).toEqual(kids.slice(1));
    expect(verify(oldLink, third).ok).toBe(true);

    const fourth = rotateKey(dataDir);
    expect(fourth.retired).toEqual([kids.at(-1)]);
    expect(fourth.keyring.previous).toHaveLength(3);
    expect(verify(oldLink, fourth.keyring)).toEqual({ ok: false, reason: "unknown-key" });
  });

  it("a rotation keeping no old key voids every link sent so far", () => {
    const before = loadOrCreateKeyring(dataDir);
    const oldLink = signLink(claims, before);
    const { keyring, retired } = rotateKey(dataDir, { keep: 0 });
    expect(retired).toEqual([before.current.kid]);
    expect(keyring.previous).toEqual([]);
    expect(verify(oldLink, keyring)).toEqual({ ok: false, reason: "unknown-key" });
  });

  it("a rotation refuses to keep more old keys than a keyring may hold", () => {
    loadOrCreateKeyring(dataDir);
    expect(() => rotateKey(dataDir, { keep: 33 })).toThrow(RangeError);
    expect(() => rotateKey(dataDir, { keep: -1 })).toThrow(RangeError);
  });

  it("a rotation with no key file yet creates the first key", () => {
    const { keyring, retired } = rotateKey(dataDir);
    expect(retired).toEqual([]);
    expect(keyring.previous).toEqual([]);
    expect(loadOrCreateKeyring(dataDir)).toEqual(keyring);
  });

  const corrupt: [string, string][] = [
    ["is not JSON", "{ not json"],
    ["is empty", ""],
    ["has no current key", JSON.stringify({ previous: [] })],
    ["holds a short secret", JSON.stringify({ current: { kid: "a", secret: "c2hvcnQ" }, previous: [] })],
    [
      "has a key id twice",
      JSON.stringify({
        current: { kid: "a", secret: Buffer.alloc(32, 1).toString("base64url") },
        previous: [{ kid: "a", secret: Buffer.alloc(32, 2).toString("base64url") }],
      }),
    ],
  ];
  it.each(corrupt)("a key file that %s is refused, not replaced", (_, text) => {
    writeFileSync(keyFilePath(dataDir), text);
    expect(() => loadOrCreateKeyring(dataDir)).toThrow(KeyFileError);
    expect(() => loadOrCreateKeyring(dataDir)).toThrow(/signing-keys\.json .*restore it from a backup/);
    expect(() => rotateKey(dataDir)).toThrow(KeyFileError);
    expect(readFileSync(keyFilePath(dataDir), "utf8")).toBe(text);
  });
});
