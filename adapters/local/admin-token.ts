import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createPrivateFile } from "./private-file.ts";

/**
 * The embedded runtime's admin token: the secret in the outbox link (`/outbox/<token>`), which shows every
 * email rsvp has queued, links included. One line in `<data>/admin-token`, readable only by its owner (0600),
 * created on first start.
 *
 * The token itself is kept (not only its hash, as host tokens are) so `rsvp start` can print the outbox link
 * on every start: the file sits beside the link-signing keys, which are as secret and kept the same way. The
 * web app is given only a verifier holding the token's hash.
 */

/** The admin token file of a data dir. */
export const adminTokenPath = (dataDir: string) => join(dataDir, "admin-token");

const tokenPattern = /^[A-Za-z0-9_-]{32,128}$/;

/** The file exists but does not hold a token. Not replaced silently: say so and let the operator decide. */
export class AdminTokenError extends Error {
  override readonly name = "AdminTokenError";
}

/**
 * The data dir's admin token, created (256 random bits, base64url) when there is none. Two processes starting
 * at once agree on one token: the file is linked into place whole, and the loser reads the winner's.
 */
export function loadOrCreateAdminToken(dataDir: string): string {
  const existing = readAdminToken(dataDir);
  if (existing) return existing;
  mkdirSync(dataDir, { recursive: true });
  const path = adminTokenPath(dataDir);
  const token = randomBytes(32).toString("base64url");
  if (createPrivateFile(path, `${token}\n`)) return token;
  const winner = readAdminToken(dataDir);
  if (!winner) throw new AdminTokenError(`${path} vanished while it was being created`);
  return winner;
}

/** The admin token in the data dir, null when there is none yet. */
export function readAdminToken(dataDir: string): string | null {
  const path = adminTokenPath(dataDir);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new AdminTokenError(`cannot read the admin token in ${path}: ${(error as Error).message}`);
  }
  const token = text.trim();
  if (!tokenPattern.test(token))
    throw new AdminTokenError(`${path} does not hold an admin token; delete it to have a new one made`);
  return token;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest();

/**
 * A check of a presented token against the admin token, holding only the token's hash. Both sides are hashed
 * first, so the comparison is constant-time whatever the presented length.
 */
export function adminTokenVerifier(token: string): (presented: string) => boolean {
  const expected = sha256(token);
  return (presented) => timingSafeEqual(sha256(presented), expected);
}
