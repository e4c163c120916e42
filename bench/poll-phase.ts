import { cpus, loadavg } from "node:os";
import { setTimeout as delay } from "node:timers/promises";
import { type Polling, pollWithIfNoneMatch } from "./poll-client.ts";
import { threadCpuSeconds } from "./readings.ts";

/** Unchanged headcount polls answered 304 per second, at least, while a rush runs. */
export const pollTargetPerS = 30_000;

/** One window of polling: the answers, and the CPU seconds each side used meanwhile. */
export interface PollWindow extends Polling {
  /** The server's CPU seconds by thread name (request thread "node"/"MainThread", "WorkerThread", "V8Worker" …). */
  serverCpu: Map<string, number>;
  /** The load generator's CPU seconds (this process: the pollers, and the rush's client when one runs). */
  clientCpuS: number;
  /** The one-minute load average at the window's end (the machine is shared). */
  load: number;
}

export interface PollPhase {
  connections: number;
  alone: PollWindow;
  /** Beside the rush, and how many registrations the rush got accepted meanwhile. */
  rush: PollWindow & { rushAccepted: number };
}

const minus = (after: Map<string, number>, before: Map<string, number>) =>
  new Map([...after].map(([name, s]) => [name, s - (before.get(name) ?? 0)] as const));
const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
/** The request thread: the process's first thread, named after the program ("node") or "MainThread". */
const requestThread = (m: Map<string, number>) => (m.get("node") ?? 0) + (m.get("MainThread") ?? 0);

/** Polls `path` from `connections` sockets until `until` settles, with both sides' CPU accounted. */
export async function pollWindow(options: {
  hostname: string;
  port: number;
  path: string;
  pid: number;
  connections: number;
  until: Promise<unknown>;
}): Promise<PollWindow> {
  const serverBefore = threadCpuSeconds(options.pid);
  const clientBefore = process.cpuUsage();
  const polling = await pollWithIfNoneMatch(options);
  const client = process.cpuUsage(clientBefore);
  return {
    ...polling,
    serverCpu: minus(threadCpuSeconds(options.pid), serverBefore),
    clientCpuS: (client.user + client.system) / 1e6,
    load: loadavg()[0]!,
  };
}

/**
 * The phase: `aloneMs` of polling alone (what a 304 costs each side), then polling for as long as `rush`
 * runs (a rush of registrations driven from this process, beside the pollers).
 */
export async function runPollPhase(options: {
  baseUrl: string;
  hostPath: string;
  pid: number;
  connections: number;
  aloneMs: number;
  rush: () => Promise<{ accepted: number }>;
  say?: (line: string) => void;
}): Promise<PollPhase> {
  const { hostname, port } = new URL(options.baseUrl);
  const common = {
    hostname,
    port: Number(port),
    path: `${options.hostPath}/headcount`,
    pid: options.pid,
    connections: options.connections,
  };
  const say = options.say ?? (() => {});
  say(`headcount: ${options.connections} connections polling with If-None-Match, alone …`);
  const alone = await pollWindow({ ...common, until: delay(options.aloneMs) });
  say(`headcount: ${options.connections} connections polling with If-None-Match during a rush …`);
  const rush = options.rush();
  const beside = await pollWindow({ ...common, until: rush });
  return {
    connections: options.connections,
    alone,
    rush: { ...beside, rushAccepted: (await rush).accepted },
  };
}

const us = (s: number, n: number) => `${((s / Math.max(1, n)) * 1e6).toFixed(0)} µs`;
const perS = (n: number, s: number) => `${Math.round(n / s).toLocaleString("en")}/s`;
const threads = (m: Map<string, number>) =>
  [...m]
    .filter(([, s]) => s >= 0.005)
    .sort((a, b) => b[1] - a[1])
    .map(([name, s]) => `${name} ${s.toFixed(2)} s`)
    .join(", ");

/**
 * The phase's report lines and whether the target held. The accounting: alone, the server's request thread
 * and the client each spend so much CPU per answer; beside the rush, the 304s' part of the request thread is
 * their count times that, the rest is the rush's; the client's part likewise. What 30,000/s would cost on
 * both sides is set against the cores there are.
 */
export function pollPhaseReport(phase: PollPhase): { lines: string[]; ok: boolean } {
  const { alone, rush } = phase;
  const answers = (w: Polling) => w.notModified + w.ok + w.other;
  const serverPer = requestThread(alone.serverCpu) / Math.max(1, answers(alone));
  // What a 304 costs the server: its request thread and V8's helper threads (GC); not the keeper's worker,
  // which may still be busy with what an earlier rush left.
  const serverAllPer =
    (requestThread(alone.serverCpu) + (alone.serverCpu.get("V8Worker") ?? 0)) / Math.max(1, answers(alone));
  const clientPer = alone.clientCpuS / Math.max(1, answers(alone));
  const rate = rush.notModified / rush.seconds;
  const ok = rate >= pollTargetPerS;
  const window = (w: PollWindow) =>
    `${perS(w.notModified, w.seconds)} from ${phase.connections} connections (${w.notModified} × 304, ${w.ok} × 200, ${w.other} other in ${w.seconds.toFixed(1)} s; load average ${w.load.toFixed(2)})`;
  // Beside the rush: how the request thread's time split between the 304s and the rest (the accepts).
  const httpS = requestThread(rush.serverCpu);
  const pollsHttpS = Math.min(httpS, answers(rush) * serverPer);
  const pollsClientS = Math.min(rush.clientCpuS, answers(rush) * clientPer);
  const rushCpuS = sum(rush.serverCpu) - pollsHttpS + (rush.clientCpuS - pollsClientS);
  const cores = cpus().length;
  const needed = pollTargetPerS * (serverAllPer + clientPer);
  const lines = [
    `headcount 304s alone        ${window(alone)}`,
    `  CPU alone                 server ${threads(alone.serverCpu)}: ${us(requestThread(alone.serverCpu), answers(alone))} an answer on the request thread, ${us(sum(alone.serverCpu), answers(alone))} all threads; client ${alone.clientCpuS.toFixed(2)} s, ${us(alone.clientCpuS, answers(alone))} a poll`,
    `headcount 304s in a rush    ${window(rush)}, beside a rush of ${rush.rushAccepted} accepted (${perS(rush.rushAccepted, rush.seconds)})   target >= ${pollTargetPerS.toLocaleString("en")}/s   ${ok ? "OK" : "MISSED"}`,
    `  CPU in the rush           server ${threads(rush.serverCpu)}; client ${rush.clientCpuS.toFixed(2)} s; ${(((sum(rush.serverCpu) + rush.clientCpuS) / rush.seconds / cores) * 100).toFixed(0)}% of ${cores} cores`,
    `  request thread's share    304s ~${((pollsHttpS / Math.max(1e-9, httpS)) * 100).toFixed(0)}% (${pollsHttpS.toFixed(2)} s at the alone cost), accepts and the rest ~${(((httpS - pollsHttpS) / Math.max(1e-9, httpS)) * 100).toFixed(0)}% (${us(httpS - pollsHttpS, rush.rushAccepted)} an accept); the rush's CPU on both sides ${us(rushCpuS, rush.rushAccepted)} an accept`,
    `  30,000/s would take       ${needed.toFixed(2)} cores for the 304s alone (server ${us(serverAllPer, 1)} with GC + client ${us(clientPer, 1)} a poll), ${(pollTargetPerS * serverPer).toFixed(2)} of them on the server's one request thread; beside it the rush's ${us(rushCpuS, rush.rushAccepted)} an accept: ${cores} cores leave ${Math.max(0, Math.round((cores - needed) / Math.max(1e-9, rushCpuS / Math.max(1, rush.rushAccepted)))).toLocaleString("en")} accepts/s at most`,
  ];
  return { lines, ok };
}
