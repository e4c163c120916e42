import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";

/**
 * The data dir as a private, single-owner place: only its owner may read it (the database holds every guest's
 * address and the mail table every guest's working links), and only one `rsvp start` may run on it (two send
 * every email twice).
 */

// ——— private modes ———

/**
 * Makes the data dir 0700 and every file in it 0600, whatever the umask and whatever an older version left.
 * Called when a data dir is opened; files created later (the WAL after a checkpoint, a rotated key file)
 * inherit the process umask, which `rsvp` sets to 077 at its start (see cli/rsvp.ts).
 */
export function makeDataDirPrivate(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  for (const name of readdirSync(dataDir)) {
    const path = join(dataDir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isFile() && (stat.mode & 0o077) !== 0) chmodSync(path, 0o600);
  }
}

// ——— one server per data dir ———

/** Who holds a data dir's lock. */
export interface LockHolder {
  pid: number;
  hostname: string;
  startedAt: string;
}

/** Another `rsvp start` runs on this data dir (its pid, its host, since when). */
export class DataDirLockedError extends Error {
  override readonly name = "DataDirLockedError";
  readonly holder: LockHolder;

  constructor(dataDir: string, holder: LockHolder) {
    super(
      `another rsvp (pid ${holder.pid} on ${holder.hostname}, running since ${holder.startedAt}) uses the data dir ${dataDir}; stop it first, or use another --data`,
    );
    this.holder = holder;
  }
}

/** The lock file's path in a data dir. */
export const lockPath = (dataDir: string) => join(dataDir, "rsvp.lock");

/** Locks this process holds (a pid in a lock file that is ours but not in here is a stale one from before). */
const heldHere = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readHolder(path: string): LockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(path, "utf8")) as Partial<LockHolder>;
    if (typeof holder.pid !== "number" || typeof holder.hostname !== "string") return null;
    return { pid: holder.pid, hostname: holder.hostname, startedAt: String(holder.startedAt) };
  } catch {
    return null;
  }
}

/**
 * Whether a lock file names a process that is gone: on this host, a pid that no longer runs (or our own pid
 * from an earlier life of a container, which reuses pids); a lock file that cannot be read (cut off by a crash
 * while written) is stale too. A lock from another host (a data dir on a network share) is never taken as stale.
 */
function isStale(path: string, holder: LockHolder | null): boolean {
  if (!holder) return true;
  if (holder.hostname !== hostname()) return false;
  if (holder.pid === process.pid) return !heldHere.has(path);
  return !alive(holder.pid);
}

/**
 * Takes the data dir's lock (`rsvp.lock`, created exclusively, holding pid, host and start time) or throws
 * DataDirLockedError naming the holder. A stale lock (its process is gone: a crash, a SIGKILL) is replaced.
 * Returns the release, which removes the file.
 */
export function lockDataDir(dataDir: string, now: Date = new Date()): () => void {
  const path = lockPath(dataDir);
  const mine: LockHolder = { pid: process.pid, hostname: hostname(), startedAt: now.toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${JSON.stringify(mine)}\n`, { flag: "wx", mode: 0o600 });
      heldHere.add(path);
      return () => {
        heldHere.delete(path);
        if (readHolder(path)?.pid === mine.pid) rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readHolder(path);
      if (!isStale(path, holder)) throw new DataDirLockedError(dataDir, holder as LockHolder);
      // Gone: take its place (if two race for a stale lock, one creates the file first, the other is refused).
      rmSync(path, { force: true });
    }
  }
  throw new DataDirLockedError(dataDir, readHolder(path) ?? { pid: 0, hostname: "?", startedAt: "?" });
}

// ——— integrity ———

/** The database fails SQLite's own check: pages are damaged. */
export class DatabaseCorruptError extends Error {
  override readonly name = "DatabaseCorruptError";
}

/**
 * `PRAGMA quick_check` (every page and index entry, without the cross-checks of integrity_check, which would
 * take minutes on a big file): throws DatabaseCorruptError with SQLite's first findings unless it says "ok".
 */
export function checkDatabase(db: DatabaseSync, path: string): void {
  let problems: string[];
  try {
    problems = (db.prepare("PRAGMA quick_check(5)").all() as { quick_check: string }[]).map(
      (r) => r.quick_check,
    );
  } catch (error) {
    problems = [(error as Error).message];
  }
  if (problems.length === 1 && problems[0] === "ok") return;
  throw new DatabaseCorruptError(
    `the database ${path} is damaged (${problems.join("; ")}); restore it from a backup, or keep a copy and try \`sqlite3 ${path} .recover\``,
  );
}
