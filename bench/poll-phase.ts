import { cpus, loadavg } from "node:os";
import { setTimeout as delay } from "node:timers/promises";
import type { RushResult } from "./paced-rush.ts";
import type { Polling } from "./poll-client.ts";
import { PollerThread } from "./poll-thread.ts";
import { runnableThreads, threadCpuSeconds } from "./readings.ts";

/** Unchanged headcount polls answered 304 per second, at least, while a rush runs. */
export const pollTargetPerS = 30_000;

/**
 * The rush the target is judged beside: 1,000 registrations accepted a second, paced. A very large rush for
 * an RSVP tool (a 500-seat event filled in half a second), and one that leaves this 2-core machine's cores
 * to both sides. Unpaced, the rush takes all the CPU the server and the load generator leave, so the figure
 * beside it says how the two share the cores, not what the polls cost (docs/performance.md).
 */
export const targetRushPerS = 1_000;

/** One window of polling: the answers, and the CPU seconds each side used meanwhile. */
export interface PollWindow extends Polling {
  /** The server's CPU seconds by thread name (request thread "node"/"MainThread", "WorkerThread", "V8Worker" …). */
  serverCpu: Map<string, number>;
  /** The pollers' thread's CPU seconds (a worker thread of the load generator). */
  pollersCpuS: number;
  /** The load generator's CPU seconds in all: the pollers, the rush's client (its main thread), GC. */
  generatorCpuS: number;
  /** The one-minute load average at the window's end (the machine is shared). */
  load: number;
}

/** A window beside a rush: the rush's pace (0: unpaced), and what it got accepted in how long. */
export interface RushWindow extends PollWindow {
  perSecond: number;
  rush: RushResult;
}

export interface PollPhase {
  connections: number;
  alone: PollWindow;
  rushes: RushWindow[];
}

const minus = (after: Map<string, number>, before: Map<string, number>) =>
  new Map([...after].map(([name, s]) => [name, s - (before.get(name) ?? 0)] as const));
const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
/** The request thread: the process's first thread, named after the program ("node") or "MainThread". */
const requestThread = (m: Map<string, number>) => (m.get("node") ?? 0) + (m.get("MainThread") ?? 0);

/** Polls from the pollers' thread until `until` settles, with both sides' CPU accounted. */
async function pollWindow<T>(
  pollers: PollerThread,
  pid: number,
  until: () => Promise<T>,
): Promise<PollWindow & { value: T }> {
  await pollers.start();
  const serverBefore = threadCpuSeconds(pid);
  const generatorBefore = process.cpuUsage();
  const value = await until();
  const polling = await pollers.stop();
  const generator = process.cpuUsage(generatorBefore);
  return {
    ...polling,
    value,
    serverCpu: minus(threadCpuSeconds(pid), serverBefore),
    generatorCpuS: (generator.user + generator.system) / 1e6,
    load: loadavg()[0]!,
  };
}

/**
 * Waits (at most 60 s) until the server is idle again: none of its threads runnable in 20 looks 25 ms apart,
 * and then its threads' CPU time still for four quarter-seconds in a row (at most one 10 ms tick each). After a
 * rush its background thread still renders the rush's emails; the next window should not be measured beside
 * them. (Its CPU time alone would not tell on a busy machine, where a thread with work may get little; the
 * runnable threads alone let work through that comes in bursts with pauses between, as the change feed's
 * pages do.)
 */
async function settled(pid: number): Promise<void> {
  const deadline = performance.now() + 60_000;
  let quiet = 0;
  while (quiet < 20 && performance.now() < deadline) {
    await delay(25);
    quiet = runnableThreads(pid) === 0 ? quiet + 1 : 0;
  }
  const cpuOf = () => sum(threadCpuSeconds(pid));
  let still = 0;
  let last = cpuOf();
  while (still < 4 && performance.now() < deadline) {
    await delay(250);
    const now = cpuOf();
    still = now - last <= 0.0101 ? still + 1 : 0;
    last = now;
  }
}

/**
 * The phase, from a thread of pollers of its own: `aloneMs` of polling alone (what a 304 costs each side), then
 * polling for as long as each rush runs (the registrations driven from this process's main thread), one after
 * the other, the server idle again before each.
 */
export async function runPollPhase(options: {
  baseUrl: string;
  hostPath: string;
  pid: number;
  connections: number;
  aloneMs: number;
  rushes: { perSecond: number; run: () => Promise<RushResult> }[];
  /**
   * Registrations sent before anything is measured (bench:polls on a fresh server): a first rush runs in V8's
   * lower tiers until its code is optimised, which cost the first of three short rushes a third of its 304s.
   */
  warmUp?: () => Promise<unknown>;
  say?: (line: string) => void;
}): Promise<PollPhase> {
  const { hostname, port } = new URL(options.baseUrl);
  const pollers = new PollerThread({
    hostname,
    port: Number(port),
    path: `${options.hostPath}/headcount`,
    connections: options.connections,
  });
  const say = options.say ?? (() => {});
  try {
    if (options.warmUp) {
      say("headcount: a rush to warm the server up (not measured) …");
      await options.warmUp();
    }
    // What the server still does of an earlier rush (its emails) is not part of what an answer costs.
    await settled(options.pid);
    say(`headcount: ${options.connections} connections polling with If-None-Match, alone …`);
    const alone = await pollWindow(pollers, options.pid, () => delay(options.aloneMs));
    const rushes: RushWindow[] = [];
    for (const { perSecond, run } of options.rushes) {
      await settled(options.pid);
      say(
        `headcount: … beside a rush ${perSecond > 0 ? `paced at ${perSecond.toLocaleString("en")}/s` : "unpaced"} …`,
      );
      const { value: rush, ...window } = await pollWindow(pollers, options.pid, run);
      rushes.push({ ...window, perSecond, rush });
    }
    return { connections: options.connections, alone, rushes };
  } finally {
    await pollers.close();
  }
}

const us = (s: number, n: number) => `${((s / Math.max(1, n)) * 1e6).toFixed(0)} µs`;
const perS = (n: number, s: number) => `${Math.round(n / Math.max(1e-9, s)).toLocaleString("en")}/s`;
const threads = (m: Map<string, number>) =>
  [...m]
    .filter(([, s]) => s >= 0.005)
    .sort((a, b) => b[1] - a[1])
    .map(([name, s]) => `${name} ${s.toFixed(2)} s`)
    .join(", ");
const answers = (w: Polling) => w.notModified + w.ok + w.other;
const paceOf = (w: RushWindow) =>
  w.perSecond > 0 ? `paced ${w.perSecond.toLocaleString("en")}/s` : "unpaced";

/** Whether the phase meets the target: beside the rush paced at `targetRushPerS`, or, without one, beside every rush. */
function targetHeld(phase: PollPhase): boolean {
  const judged = phase.rushes.filter((w) => w.perSecond === targetRushPerS);
  return (judged.length > 0 ? judged : phase.rushes).every(
    (w) => w.notModified / w.seconds >= pollTargetPerS,
  );
}

/**
 * What one accept of a rush cost in CPU on both sides: the server's threads less its request thread's time for
 * the 304s (at their cost alone), and the load generator's less its pollers' thread.
 */
function rushCpuPerAccept(w: RushWindow, serverPerAnswer: number): number {
  const pollsHttpS = Math.min(requestThread(w.serverCpu), answers(w) * serverPerAnswer);
  const rushClientS = Math.max(0, w.generatorCpuS - w.pollersCpuS);
  return (sum(w.serverCpu) - pollsHttpS + rushClientS) / Math.max(1, w.rush.accepted);
}

/**
 * The phase's report lines and whether the target held. The accounting: alone, the server's request thread
 * and the pollers each spend so much CPU per answer; beside a rush, the 304s' part of the request thread is
 * their count times that, the rest is the rush's (per accept); the pollers' thread is measured on its own.
 */
export function pollPhaseReport(phase: PollPhase): { lines: string[]; ok: boolean } {
  const { alone } = phase;
  const cores = cpus().length;
  const serverPer = requestThread(alone.serverCpu) / Math.max(1, answers(alone));
  // What a 304 costs the server: its request thread and V8's helper threads (GC); not the keeper's worker,
  // which may still be busy with what an earlier rush left.
  const serverAllPer =
    (requestThread(alone.serverCpu) + (alone.serverCpu.get("V8Worker") ?? 0)) / Math.max(1, answers(alone));
  const clientPer = alone.generatorCpuS / Math.max(1, answers(alone));
  const ok = targetHeld(phase);
  const counts = (w: PollWindow) =>
    `${w.notModified} × 304, ${w.ok} × 200, ${w.other} other in ${w.seconds.toFixed(1)} s; load average ${w.load.toFixed(2)}`;
  const busy = (w: PollWindow) => ((sum(w.serverCpu) + w.generatorCpuS) / w.seconds / cores) * 100;
  const lines = [
    `headcount 304s alone        ${perS(alone.notModified, alone.seconds)} from ${phase.connections} connections (${counts(alone)})`,
    `  CPU alone                 server ${threads(alone.serverCpu)}: ${us(requestThread(alone.serverCpu), answers(alone))} an answer on the request thread, ${us(sum(alone.serverCpu), answers(alone))} all threads; pollers ${alone.pollersCpuS.toFixed(2)} s, ${us(alone.pollersCpuS, answers(alone))} a poll (${us(alone.generatorCpuS, answers(alone))} with GC); ${busy(alone).toFixed(0)}% of ${cores} cores`,
  ];
  for (const w of phase.rushes) {
    const judged = w.perSecond === targetRushPerS;
    const rate = w.notModified / w.seconds;
    const httpS = requestThread(w.serverCpu);
    const pollsHttpS = Math.min(httpS, answers(w) * serverPer);
    const rushClientS = Math.max(0, w.generatorCpuS - w.pollersCpuS);
    const rushCpuS = rushCpuPerAccept(w, serverPer) * w.rush.accepted;
    lines.push(
      `headcount 304s, rush ${paceOf(w).padEnd(13)} ${perS(w.notModified, w.seconds)} (${counts(w)}) beside ${w.rush.accepted} accepted at ${perS(w.rush.accepted, w.rush.seconds)}${w.rush.failed > 0 ? ` (${w.rush.failed} failed)` : ""}${judged ? `   target >= ${pollTargetPerS.toLocaleString("en")}/s   ${rate >= pollTargetPerS ? "OK" : "MISSED"}` : ""}`,
      `  CPU                       server ${threads(w.serverCpu)}; pollers ${w.pollersCpuS.toFixed(2)} s (${us(w.pollersCpuS, answers(w))} a poll), rush's client and GC ${rushClientS.toFixed(2)} s; ${busy(w).toFixed(0)}% of ${cores} cores`,
      `  request thread            304s ~${((pollsHttpS / Math.max(1e-9, httpS)) * 100).toFixed(0)}% (${pollsHttpS.toFixed(2)} s at the alone cost), accepts and the rest ${us(httpS - pollsHttpS, w.rush.accepted)} an accept; ${((httpS / w.seconds) * 100).toFixed(0)}% busy; the rush's CPU on both sides ${us(rushCpuS, w.rush.accepted)} an accept`,
    );
  }
  const needed = pollTargetPerS * (serverAllPer + clientPer);
  // Beside the judged rush: the 304s at the target's rate, and that rush's accepts at what each cost both sides.
  const judged = phase.rushes.find((w) => w.perSecond === targetRushPerS);
  const rushCores = judged ? judged.perSecond * rushCpuPerAccept(judged, serverPer) : 0;
  lines.push(
    `  30,000/s would take       ${needed.toFixed(2)} cores for the 304s (server ${us(serverAllPer, 1)} with GC + load generator ${us(clientPer, 1)} a poll), ${(pollTargetPerS * serverPer).toFixed(2)} of them on the server's one request thread${judged ? `; beside ${judged.perSecond.toLocaleString("en")} accepts/s at ${us(rushCpuPerAccept(judged, serverPer), 1)} each (both sides) ${(needed + rushCores).toFixed(2)}` : ""}, of ${cores} cores`,
  );
  if (!phase.rushes.some((w) => w.perSecond === targetRushPerS))
    lines.push(
      `  (the target is judged beside a rush paced at ${targetRushPerS.toLocaleString("en")}/s; this run had none, so every rush was held to it)`,
    );
  return { lines, ok };
}
