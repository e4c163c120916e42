import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Keyring, maxPreviousKeys, type SigningKey } from "../../contracts/link.ts";
import { createPrivateFile, replacePrivateFile } from "./private-file.ts";

/**
 * The embedded runtime's link-signing keys: one JSON file in the data dir, readable only by its owner (0600),
 * holding a `Keyring`. Created on first use; `rotateKey` replaces the current key and keeps the old ones for
 * a while so links already in inboxes keep working. The AWS runtime keeps the same document in Secrets Manager.
 */

/** How many retired keys a rotation keeps by default: links signed with them still verify. */
export const defaultKeptKeys = 3;

/** The key file of a data dir. */
export const keyFilePath = (dataDir: string) => join(dataDir, "signing-keys.json");

/** The key file exists but cannot be used. Never repaired silently: a new key would void every link sent. */
export class KeyFileError extends Error {
  override readonly name = "KeyFileError";
}

/**
 * The data dir's keyring, created with one fresh key when there is no key file yet. Two processes starting on
 * a new data dir at once agree on one keyring: the file is created whole or not at all (`createPrivateFile`).
 * Throws `KeyFileError` when the file is unreadable or does not hold a valid keyring.
 */
export function loadOrCreateKeyring(dataDir: string): Keyring {
  const existing = readKeyring(dataDir);
  if (existing) return existing;
  const fresh: Keyring = { current: newKey([]), previous: [] };
  mkdirSync(dataDir, { recursive: true });
  if (createPrivateFile(keyFilePath(dataDir), fileContent(fresh))) return fresh;
  // Lost the race to another process: use its keyring, so both sign with the same key.
  const winner = readKeyring(dataDir);
  if (!winner) throw new KeyFileError(`${keyFilePath(dataDir)} vanished while it was being created`);
  return winner;
}

/** What a rotation did: the keyring now in the file, and the key ids dropped from it. */
export interface Rotation {
  keyring: Keyring;
  retired: string[];
}

/**
 * Makes a new current key. The old current key and the newest `keep` - 1 previous ones stay in the ring
 * (`keep` defaults to 3): links signed with them still verify, links signed with a dropped key fail as
 * `unknown-key`. `keep: 0` drops every old key, voiding every link sent so far (after a leaked key).
 * Creates the key file when there is none. The file is replaced atomically; a running server that reads its
 * keyring through `cachedKeyring` (keyring-cache.ts) picks the new one up on its next link, one that loaded it
 * once goes on with the old. Two rotations at the same moment keep only one of the two new keys.
 */
export function rotateKey(dataDir: string, options: { keep?: number } = {}): Rotation {
  const keep = options.keep ?? defaultKeptKeys;
  if (!Number.isInteger(keep) || keep < 0 || keep > maxPreviousKeys)
    throw new RangeError(`keep must be a whole number from 0 to ${maxPreviousKeys}: ${keep}`);
  const before = readKeyring(dataDir);
  if (!before) return { keyring: loadOrCreateKeyring(dataDir), retired: [] };
  const old = [before.current, ...before.previous];
  const keyring: Keyring = { current: newKey(old), previous: old.slice(0, keep) };
  replacePrivateFile(keyFilePath(dataDir), fileContent(keyring));
  return { keyring, retired: old.slice(keep).map((k) => k.kid) };
}

/**
 * The keyring in the data dir, null when there is no key file. Never creates one (see `loadOrCreateKeyring`).
 * Throws `KeyFileError` when the file is unreadable or does not hold a valid keyring.
 */
export function readKeyring(dataDir: string): Keyring | null {
  const path = keyFilePath(dataDir);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new KeyFileError(`cannot read the signing keys in ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new KeyFileError(
      `${path} is not valid JSON; restore it from a backup (a new key would void every sent link)`,
    );
  }
  const parsed = Keyring.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
    throw new KeyFileError(
      `${path} does not hold valid signing keys (${issue?.message ?? "invalid"}${where}); restore it from a backup`,
    );
  }
  return parsed.data;
}

/** A random 256-bit key under a random key id not already in use. */
function newKey(inUse: readonly SigningKey[]): SigningKey {
  for (;;) {
    const kid = randomBytes(4).toString("base64url");
    if (!inUse.some((k) => k.kid === kid)) return { kid, secret: randomBytes(32).toString("base64url") };
  }
}

/** The key file's text: the keyring as indented JSON. */
const fileContent = (keyring: Keyring) => `${JSON.stringify(keyring, null, 2)}\n`;
