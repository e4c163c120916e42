/** The rush itself (bench/rush.ts): registrations posted by concurrent clients, and the baseline server. */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { Agent } from "node:http";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { nodeBin, repoRoot } from "../test/integration/cli-harness.ts";
import { postRegistration } from "./post-registration.ts";
import { peakRssMb } from "./readings.ts";
import type { Row } from "./rush-report.ts";

const requestTimeoutMs = 30_000;

export interface Load {
  accepted: number;
  errors: number;
  /** The errors by HTTP status (0: no answer, a timeout or a dropped connection). */
  errorStatuses: Record<number, number>;
  /** Milliseconds from sending each accepted request to its 202, in completion order. */
  latencies: number[];
  /** performance.now() of the first request sent and of the last 202 received. */
  started: number;
  lastAccept: number;
}

/**
 * `clients` workers share one keep-alive agent with as many sockets, each posting one registration at a
 * time until `count` are sent. Every request is bounded by a timeout, so the load always ends.
 */
export async function drive(
  baseUrl: string,
  eventId: string,
  count: number,
  clients: number,
  emailPrefix = "guest",
): Promise<Load> {
  const { hostname, port } = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const path = `/e/${eventId}/rsvp`;
  const post = (body: string) =>
    postRegistration({ agent, hostname, port, path, timeoutMs: requestTimeoutMs }, body);

  const load: Load = {
    accepted: 0,
    errors: 0,
    errorStatuses: {},
    latencies: [],
    started: performance.now(),
    lastAccept: 0,
  };
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const body = JSON.stringify({ name: `Guest ${i}`, email: `${emailPrefix}.${i}@example.org` });
      const sent = performance.now();
      const status = await post(body);
      const answered = performance.now();
      if (status === 202) {
        load.accepted += 1;
        load.latencies.push(answered - sent);
        load.lastAccept = answered;
      } else {
        load.errors += 1;
        load.errorStatuses[status] = (load.errorStatuses[status] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  agent.destroy();
  return load;
}

/** Starts bench/baseline-server.ts on a free port; resolves with its address once it listens. */
async function startBaseline(
  dbPath: string,
  children: Set<ChildProcess>,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(nodeBin, [join(repoRoot, "bench/baseline-server.ts"), "--port", "0", "--db", dbPath], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.add(child);
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const url = /baseline listening at (\S+)/.exec(output)?.[1];
    if (url) return { child, url };
    if (child.exitCode !== null) break;
    await delay(50);
  }
  throw new Error(`the baseline server did not start:\n${output}`);
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await gone;
  clearTimeout(timer);
}

/** One baseline run: start bench/baseline-server.ts, drive it, note its peak RSS, stop it. */
export async function runBaseline(
  dbPath: string,
  name: string,
  rush: { total: number; clients: number; children: Set<ChildProcess> },
): Promise<Row> {
  const baseline = await startBaseline(dbPath, rush.children);
  const load = await drive(baseline.url, "baseline", rush.total, rush.clients);
  const row: Row = { name, load, rssMb: peakRssMb(baseline.child.pid!), processedAfterS: null };
  await stopChild(baseline.child);
  return row;
}
