import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type KeyFileError,
  keyFilePath,
  loadOrCreateKeyring,
  rotateKey,
} from "../../adapters/local/key-file.ts";
import { cachedKeyring } from "../../adapters/local/keyring-cache.ts";
import { signedLinkMinter } from "../../core/link-minter.ts";
import { verifyLink } from "../../core/link-token.ts";
import { baseTime, fakeClock } from "../helpers/factories.ts";

describe("a running server's keyring", () => {
  let dataDir = "";
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "rsvp-keyring-cache-"));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it("is the key file's, created on start, and follows a rotation without a restart", () => {
    const keyring = cachedKeyring(dataDir, { recheckMs: 0 });
    const first = keyring();
    expect(first).toEqual(loadOrCreateKeyring(dataDir));
    expect(keyring()).toBe(first); // unchanged file: not read again

    const { keyring: rotated } = rotateKey(dataDir);
    expect(keyring()).toEqual(rotated);
    expect(keyring().previous[0]).toEqual(first.current);
  });

  it("keeps the keyring it has when the file disappears or is damaged, and reports the damage once", () => {
    const errors: KeyFileError[] = [];
    const keyring = cachedKeyring(dataDir, { onError: (e) => errors.push(e), recheckMs: 0 });
    const good = keyring();

    rmSync(keyFilePath(dataDir));
    expect(keyring()).toEqual(good);

    writeFileSync(keyFilePath(dataDir), "{ not json");
    expect(keyring()).toEqual(good);
    expect(keyring()).toEqual(good);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.name).toBe("KeyFileError");
  });

  it("signs new links with the rotated key, while links signed before still verify", () => {
    const keyring = cachedKeyring(dataDir, { recheckMs: 0 });
    const links = signedLinkMinter({
      keyring,
      baseUrl: () => "https://rsvp.example.org/",
      clock: fakeClock(),
    });
    const link = {
      eventId: "ev1",
      guestId: "g1",
      action: "cancel" as const,
      expiresAt: new Date("2026-07-01"),
    };
    const before = links.url(link);
    expect(before).toMatch(/^https:\/\/rsvp\.example\.org\/l\/cancel\/[A-Za-z0-9._-]+$/);
    rotateKey(dataDir);
    const after = links.url(link);
    const kid = (url: string) => url.split("/").at(-1)!.split(".")[0];
    expect(kid(after)).toBe(keyring().current.kid);
    expect(kid(before)).not.toBe(kid(after));
    for (const url of [before, after]) {
      const verified = verifyLink(
        url.split("/").at(-1)!,
        keyring(),
        { eventId: "ev1", action: "cancel" },
        baseTime,
      );
      expect(verified).toMatchObject({
        ok: true,
        claims: { guestId: "g1", issuedAt: baseTime.toISOString() },
      });
    }
  });
});
