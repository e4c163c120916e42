import { statSync } from "node:fs";
import type { Keyring } from "../../contracts/link.ts";
import { KeyFileError, keyFilePath, loadOrCreateKeyring, readKeyring } from "./key-file.ts";

/**
 * The data dir's keyring for a long-running process, following `rsvp keys rotate` without a restart.
 *
 * Loads (or creates) the key file now, so a damaged file stops the start as it always did. The function it
 * returns checks the file's identity on every call (one `stat`, far cheaper than the HMAC that follows) and
 * re-reads the file only when it changed: a rotation replaces the file by a rename, so the inode changes, and
 * mtime and size catch an edit in place.
 *
 * A running server never makes a key of its own: if the file disappears it keeps the keyring it has (a new
 * key would void every link sent), and if it turns unreadable or invalid (a hand edit) it keeps the last good
 * keyring and reports the problem once per change through `onError`, instead of failing every link page.
 */
export function cachedKeyring(
  dataDir: string,
  options: {
    onError?: (error: KeyFileError) => void;
    /** How long a look at the file is trusted; once a second spares a stat per link in a rush. */
    recheckMs?: number;
  } = {},
): () => Keyring {
  const path = keyFilePath(dataDir);
  // The stamp before the read: a rotation in between is then seen as a change on the first call.
  let seen = stampOf(path);
  let keyring = loadOrCreateKeyring(dataDir);

  const recheckMs = options.recheckMs ?? 1_000;
  let lookedAt = Date.now();
  return () => {
    const now = Date.now();
    if (recheckMs > 0 && now - lookedAt < recheckMs) return keyring;
    lookedAt = now;
    const stamp = stampOf(path);
    if (stamp === null || stamp === seen) return keyring;
    seen = stamp;
    try {
      keyring = readKeyring(dataDir) ?? keyring;
    } catch (error) {
      if (!(error instanceof KeyFileError)) throw error;
      options.onError?.(error);
    }
    return keyring;
  };
}

/** What identifies one version of the file; null when there is no file (or it cannot be examined). */
function stampOf(path: string): string | null {
  try {
    const s = statSync(path, { bigint: true });
    return `${s.dev}:${s.ino}:${s.mtimeNs}:${s.size}`;
  } catch {
    return null;
  }
}
