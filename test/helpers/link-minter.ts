import { randomBytes } from "node:crypto";
import type { Keyring } from "../../contracts/link.ts";
import { signedLinkMinter } from "../../core/link-minter.ts";
import type { Clock, LinkMinter } from "../../core/ports.ts";

/** A fresh keyring with one random key. */
export function testKeyring(): Keyring {
  return { current: { kid: "test", secret: randomBytes(32).toString("base64url") }, previous: [] };
}

/** The real minter (signed tokens, `/l/<action>/<token>`) on a test origin, issuing at the clock's time. */
export function testLinkMinter(keyring: Keyring, clock: Clock, baseUrl = "http://rsvp.test"): LinkMinter {
  return signedLinkMinter({ keyring: () => keyring, baseUrl: () => baseUrl, clock });
}

/** The token of a link URL (its last path segment). */
export function tokenOf(url: string): string {
  return new URL(url).pathname.split("/").pop() ?? "";
}
