import { randomBytes } from "node:crypto";
import { linkSync, renameSync, rmSync, writeFileSync } from "node:fs";

/**
 * Secret files in the data dir (the link-signing keys, the admin token), readable only by their owner (0600)
 * and never seen half-written: the content goes to a private temporary file beside the target, which is then
 * linked or renamed into place.
 */

/** `content` in a new private file beside `path`; returns the temporary file's path. */
function writeTemp(path: string, content: string): string {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(temp, content, { mode: 0o600, flag: "wx" });
  return temp;
}

/**
 * Writes `path` only if it does not exist, and whole: the temporary file is hard-linked into place (a link
 * fails if the name is taken). False when another process created it first; two processes racing on a new
 * data dir then agree on the winner's file.
 */
export function createPrivateFile(path: string, content: string): boolean {
  const temp = writeTemp(path, content);
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Replaces `path` (or creates it) atomically: a reader sees the old file or the new one, never a mix. */
export function replacePrivateFile(path: string, content: string): void {
  const temp = writeTemp(path, content);
  try {
    renameSync(temp, path);
  } finally {
    rmSync(temp, { force: true });
  }
}
