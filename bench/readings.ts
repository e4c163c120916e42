/**
 * What the benches read of the server under test: its memory and CPU time by thread from /proc (on a shared
 * machine these hardly move with the load, unlike wall-clock rates), and its headcount.
 */
import { readdirSync, readFileSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";

/** A `Vm…` figure of /proc/<pid>/status in MB; null once the process is gone. */
function statusMb(pid: number, field: "VmHWM" | "VmRSS"): number | null {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Peak resident set size of a live process, in MB (VmHWM). */
export const peakRssMb = (pid: number): number | null => statusMb(pid, "VmHWM");

/** Resident set size of a live process now, in MB (VmRSS). */
export const rssMb = (pid: number): number | null => statusMb(pid, "VmRSS");

/**
 * CPU seconds (user + system) each thread of a live process has used so far, summed by thread name
 * (`/proc/<pid>/task/<tid>/stat`): the request thread ("node" or "MainThread"), the background worker
 * ("WorkerThread"), V8's helper threads (garbage collection, "V8Worker"), libuv's pool. On a shared machine
 * these hardly move with the load, unlike wall-clock rates.
 */
export function threadCpuSeconds(pid: number): Map<string, number> {
  const ticksPerSecond = 100; // USER_HZ on Linux
  const byName = new Map<string, number>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ticks = Number(fields[11]) + Number(fields[12]);
      byName.set(name, (byName.get(name) ?? 0) + ticks / ticksPerSecond);
    }
  } catch {
    // The process is gone: what was read so far.
  }
  return byName;
}

/**
 * How many threads of a live process are running or waiting for a CPU right now (state R in
 * `/proc/<pid>/task/<tid>/stat`): a thread with work left is, even when a busy machine gives it little CPU.
 */
export function runnableThreads(pid: number): number {
  let runnable = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      if (stat[stat.lastIndexOf(")") + 2] === "R") runnable += 1;
    }
  } catch {
    // The process is gone: nothing runs.
  }
  return runnable;
}

/** What each thread used between two readings of `threadCpuSeconds`, as "name 1.23 s" parts. */
export function cpuBetween(before: Map<string, number>, after: Map<string, number>): string {
  return [...after]
    .map(([name, s]) => [name, s - (before.get(name) ?? 0)] as const)
    .filter(([, s]) => s > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([name, s]) => `${name} ${s.toFixed(2)} s`)
    .join(", ");
}

/** The host's headcount JSON, as far as the benches read it. */
export interface Headcount {
  capacity: number;
  confirmed: number;
  waitlisted: number;
}

/** Polls the host's headcount JSON until `expected` guests are counted; null once `deadlineMs` passed. */
export async function waitCounted(
  baseUrl: string,
  hostPath: string,
  expected: number,
  deadlineMs: number,
): Promise<{ at: number; headcount: Headcount } | null> {
  const deadline = performance.now() + deadlineMs;
  while (performance.now() < deadline) {
    const res = await fetch(`${baseUrl}${hostPath}/headcount`, { signal: AbortSignal.timeout(10_000) });
    const headcount = (await res.json()) as Headcount;
    if (headcount.confirmed + headcount.waitlisted >= expected) return { at: performance.now(), headcount };
    await delay(10);
  }
  return null;
}
