import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { join, resolve } from "node:path";
import { setTimeout as delay } from "node:timers/promises";

/** The repository root, wherever the tests run from. */
export const repoRoot = resolve(import.meta.dirname, "../..");

/**
 * The project's pinned Node (the `node` devDependency): the machine's own node may be older and lack
 * node:sqlite, so child processes never rely on PATH.
 */
export const nodeBin = join(repoRoot, "node_modules/.bin/node");
const cliPath = join(repoRoot, "cli/rsvp.ts");

/** Quiet, machine-readable logs from every child, unless a test says otherwise. */
const childEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  RSVP_LOG_LEVEL: "warn",
  RSVP_LOG_FORMAT: "json",
  // Tests and the bench drive load from loopback, one client address: no per-address limit unless asked.
  RSVP_RATE_LIMIT: "0",
  ...extra,
});

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `rsvp ARGS` to completion (killed after `timeoutMs`) and returns its exit status and output. */
export async function runCli(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<CliResult> {
  const child = spawn(nodeBin, [cliPath, ...args], {
    cwd: repoRoot,
    env: childEnv(options.env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 30_000);
  const [code, signal] = (await once(child, "close")) as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  return { code, signal, stdout, stderr };
}

/**
 * `rsvp event create --json` → the parsed line; throws with the CLI's own words when it fails. `flags` are
 * further options of `event create` (e.g. `--approval`).
 */
export async function createEventCli(
  dataDir: string,
  options: { name?: string; capacity?: number; startsAt?: string; tz?: string; flags?: string[] } = {},
): Promise<{ eventId: string; hostToken: string; registerPath: string; hostPath: string }> {
  // 30 days out, as UTC wall-clock time (the default zone is UTC).
  const startsAt = options.startsAt ?? new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 16);
  const result = await runCli([
    "event",
    "create",
    "--data",
    dataDir,
    "--name",
    options.name ?? "Integration party",
    "--starts-at",
    startsAt,
    "--tz",
    options.tz ?? "UTC",
    "--capacity",
    String(options.capacity ?? 10),
    ...(options.flags ?? []),
    "--json",
  ]);
  if (result.code !== 0) throw new Error(`rsvp event create failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** A running `rsvp start` child process. */
export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  /** Everything it printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** Resolves when it has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with how it exited. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `rsvp start --port 0` on a data dir: the OS picks a free port (no race with other tests for a
 * "free" port), the child prints it in its banner, and we poll /healthz — a bounded number of times — until
 * the server answers.
 */
export async function startServer(
  dataDir: string,
  options: { env?: NodeJS.ProcessEnv; attempts?: number; intervalMs?: number; args?: string[] } = {},
): Promise<ServerProcess> {
  const attempts = options.attempts ?? 200;
  const intervalMs = options.intervalMs ?? 50;
  const child = spawn(
    nodeBin,
    [cliPath, "start", "--port", "0", "--data", dataDir, ...(options.args ?? [])],
    { cwd: repoRoot, env: childEnv(options.env), stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = once(child, "exit").then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });

  const stop = async (graceMs = 15_000) => {
    if (!gone) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    }
    return exited;
  };

  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    if (gone) throw new Error(`rsvp start exited early:\n${output}`);
    const url = /rsvp is running at (\S+)/.exec(output)?.[1];
    if (url) {
      try {
        await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
        return { child, pid: child.pid!, url, output: () => output, exited, stop };
      } catch {
        // not answering yet
      }
    }
    await delay(intervalMs);
  }
  child.kill("SIGKILL");
  throw new Error(`rsvp start did not answer within ${attempts} probes:\n${output}`);
}

export interface RegisterReply {
  /** HTTP status, or null when no answer came (connection refused or reset). */
  status: number | null;
  statusUrl?: string;
  commandId?: string;
  error?: string;
  /** Milliseconds from sending to the answer. */
  ms: number;
}

/** POSTs one JSON registration and reports what came back, never throwing. */
export async function register(
  baseUrl: string,
  eventId: string,
  guest: { name: string; email: string },
  timeoutMs = 20_000,
): Promise<RegisterReply> {
  const started = performance.now();
  try {
    const res = await fetch(`${baseUrl}/e/${eventId}/rsvp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(guest),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await res.json().catch(() => ({}))) as { statusUrl?: string; commandId?: string };
    return {
      status: res.status,
      statusUrl: body.statusUrl,
      commandId: body.commandId,
      ms: performance.now() - started,
    };
  } catch (error) {
    return { status: null, error: String(error), ms: performance.now() - started };
  }
}

/**
 * Polls status links (JSON) until none says "processing", at most `rounds` times; returns each link's last
 * state. Links are re-pointed at `baseUrl`, since a restarted server listens on another port.
 */
export async function settleStatuses(
  baseUrl: string,
  statusUrls: readonly string[],
  options: { rounds?: number; intervalMs?: number; concurrency?: number } = {},
): Promise<Map<string, string>> {
  const rounds = options.rounds ?? 100;
  const states = new Map<string, string>();
  let pending = [...statusUrls];
  for (let round = 0; round < rounds && pending.length > 0; round += 1) {
    await forEachLimited(pending, options.concurrency ?? 20, async (link) => {
      const res = await fetch(`${baseUrl}${new URL(link).pathname}`, {
        headers: { accept: "application/json" },
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await res.json()) as { state?: string };
      states.set(link, res.ok ? (body.state ?? "?") : `http ${res.status}`);
    });
    pending = pending.filter((link) => states.get(link) === "processing");
    if (pending.length > 0) await delay(options.intervalMs ?? 100);
  }
  return states;
}

/** Runs `fn` over items with at most `limit` at a time. */
async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
