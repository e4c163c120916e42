/**
 * The rush at scale (`npm run bench`; not a test): N registrations from C concurrent clients for S seats
 * against `rsvp start` in a child process, and the same load against a bare Hono + node:sqlite insert
 * endpoint (bench/baseline-server.ts) as the baseline. Everything runs on loopback on this machine; the load
 * generator is this process.
 *
 *   npm run bench                                   # 20,000 registrations, 200 clients, 500 seats
 *   npm run bench -- --registrations 2000 --clients 50 --seats 100
 *   npm run bench -- --import-rows 0                # without the import measurement
 *
 * Targets: rsvp accepts at least half as fast as the baseline, and has processed everything within 2 s of
 * the last accept, with a peak RSS of at most 300 MB. Exit status 0 when every target holds and every
 * registration ended as a guest, else 1.
 *
 * Then, on the same server with all those guests: the host's guest-list page and CSV download (time, bytes,
 * the server's RSS while serving them), and the host page's live headcount: 100 connections polling with
 * If-None-Match from a thread of their own, first alone for 3 s (the server's CPU per answer), then while a
 * smaller rush of --poll-rush registrations runs, paced at 1,000 a second, and once more beside one unpaced;
 * target: 304s at >= 30,000/s beside the paced rush (bench/poll-phase.ts says why that one).
 *
 * Then the host import lane (bench/import.ts, also `npm run bench:import` on its own): a generated CSV of
 * --import-rows guests (default 10,000) through the parse + enqueue path of `rsvp import` into a fresh
 * `rsvp start`, whose keeper applies it; target: all applied within 10 s of the import's start.
 * With --linearity the import also runs at a tenth of the rows, and both are printed per row.
 *
 *   npm run bench -- --registrations 100000 --import-rows 100000 --linearity   # the 100k targets
 *
 * Last, the size of each AWS Lambda bundle (bench/bundle-sizes.ts); target: each under 1 MB.
 *
 * With `--runtime aws-local`, the rush on the AWS runtime instead (DynamoDB Local and the stand-ins, SES at
 * 14/s): bench/aws-rush.ts, with its own options.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent } from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { parseArgs } from "node:util";
import {
  createEventCli,
  nodeBin,
  repoRoot,
  type ServerProcess,
  startServer,
} from "../test/integration/cli-harness.ts";
import { reportBundleSizes } from "./bundle-sizes.ts";
import { importPhase } from "./import.ts";
import { pacedRush } from "./paced-rush.ts";
import { type PollPhase, pollPhaseReport, runPollPhase, targetRushPerS } from "./poll-phase.ts";
import { postRegistration } from "./post-registration.ts";
import { cpuBetween, peakRssMb, rssMb, threadCpuSeconds, waitCounted } from "./readings.ts";

// `--runtime aws-local`: the rush on the AWS runtime instead, with its own options (bench/aws-rush.ts).
if (process.argv.some((arg) => arg === "--runtime" || arg.startsWith("--runtime="))) {
  const { awsRush } = await import("./aws-rush.ts");
  process.exit(await awsRush(process.argv.slice(2)));
}

const { values } = parseArgs({
  options: {
    registrations: { type: "string", default: "20000" },
    clients: { type: "string", default: "200" },
    seats: { type: "string", default: "500" },
    "import-rows": { type: "string", default: "10000" },
    "poll-rush": { type: "string", default: "5000" },
    "poll-clients": { type: "string", default: "100" },
    linearity: { type: "boolean", default: false },
  },
});
const total = positive("registrations", values.registrations);
const clients = positive("clients", values.clients);
const seats = positive("seats", values.seats);
const importRows = positive("import-rows", values["import-rows"], 0);
const pollRush = positive("poll-rush", values["poll-rush"], 0);
const pollClients = positive("poll-clients", values["poll-clients"]);

function positive(name: string, value: string, min = 1): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    process.stderr.write(`--${name} must be a whole number of at least ${min} (got "${value}")\n`);
    process.exit(2);
  }
  return n;
}

/** The most memory `rsvp start` may hold at its peak (VmHWM), whatever the run's size. */
const rssTargetMb = 300;
/** How long the pollers run alone, before the rush beside them: what an answer costs (bench/poll-phase.ts). */
const pollAloneMs = 3_000;

/**
 * The whole run may not take longer than this, whatever hangs: 10 minutes, and 6 ms more per registration and
 * imported row (a 100,000-guest run on a busy shared machine takes longer than 10 minutes without hanging).
 */
const runDeadlineMs = 10 * 60_000 + (total + importRows) * 6;
/** How long to wait, after the last accept, for rsvp to have processed everything. */
const processDeadlineMs = 120_000;
const requestTimeoutMs = 30_000;
/** Health probes (50 ms apart) a starting `rsvp start` gets: a minute, for a busy shared machine. */
const serverStartProbes = 1_200;

interface Load {
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
 * time until `total` are sent. Every request is bounded by a timeout, so the load always ends.
 */
async function drive(baseUrl: string, eventId: string, count = total, emailPrefix = "guest"): Promise<Load> {
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

/** The highest RSS of `pid` seen while `work` runs (sampled every 20 ms), with what `work` gave. */
async function withPeakRss<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ value: T; peakMb: number | null }> {
  let peak = rssMb(pid);
  const sampler = setInterval(() => {
    const now = rssMb(pid);
    if (now !== null && (peak === null || now > peak)) peak = now;
  }, 20);
  try {
    const value = await work();
    return { value, peakMb: peak };
  } finally {
    clearInterval(sampler);
  }
}

interface Download {
  name: string;
  status: number;
  bytes: number;
  seconds: number;
  /** The server's highest RSS while it served this, and its RSS just before. */
  rssBeforeMb: number | null;
  rssPeakMb: number | null;
}

/** One GET of a host page or download, read to the end; its time, size and the server's RSS meanwhile. */
async function download(pid: number, url: string, name: string): Promise<Download> {
  const rssBeforeMb = rssMb(pid);
  const { value, peakMb } = await withPeakRss(pid, async () => {
    const started = performance.now();
    const res = await fetch(url, { signal: AbortSignal.timeout(120_000) });
    let bytes = 0;
    for await (const chunk of res.body ?? []) bytes += (chunk as Uint8Array).byteLength;
    return { status: res.status, bytes, seconds: (performance.now() - started) / 1000 };
  });
  return { name, ...value, rssBeforeMb, rssPeakMb: peakMb };
}

/** Starts bench/baseline-server.ts on a free port; resolves with its address once it listens. */
async function startBaseline(dbPath: string): Promise<{ child: ChildProcess; url: string }> {
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

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await gone;
  clearTimeout(timer);
}

const children = new Set<ChildProcess>();

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Row {
  name: string;
  load: Load;
  rssMb: number | null;
  processedAfterS: number | null;
}

function summarize(row: Row) {
  const sorted = [...row.load.latencies].sort((a, b) => a - b);
  const seconds = (row.load.lastAccept - row.load.started) / 1000;
  return {
    rate: seconds > 0 ? row.load.accepted / seconds : 0,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
  };
}

function printTable(rows: readonly Row[]): void {
  const header = [
    "",
    "accepted/s",
    "p50 ms",
    "p99 ms",
    "errors",
    "peak RSS MB",
    "processed after last accept",
  ];
  const cells = rows.map((r) => {
    const s = summarize(r);
    return [
      r.name,
      s.rate.toFixed(0),
      s.p50.toFixed(1),
      s.p99.toFixed(1),
      String(r.load.errors),
      r.rssMb === null ? "?" : r.rssMb.toFixed(0),
      r.processedAfterS === null ? "-" : `${r.processedAfterS.toFixed(2)} s`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) =>
    c.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join("  ");
  process.stdout.write(`${[line(header), ...cells.map(line)].join("\n")}\n`);
}

/** One baseline run: start bench/baseline-server.ts, drive it, note its peak RSS, stop it. */
async function runBaseline(dbPath: string, name: string): Promise<Row> {
  const baseline = await startBaseline(dbPath);
  const load = await drive(baseline.url, "baseline");
  const row: Row = { name, load, rssMb: peakRssMb(baseline.child.pid!), processedAfterS: null };
  await stopChild(baseline.child);
  return row;
}

async function main(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), "rsvp-bench-"));
  let rsvp: ServerProcess | null = null;
  try {
    process.stdout.write(
      `rsvp rush: ${total} registrations, ${clients} concurrent clients, ${seats} seats; ` +
        `node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? "?"}), ` +
        `load average ${loadavg()[0]!.toFixed(2)}\n`,
    );

    // The baseline runs before and after rsvp, each in its own process and never beside another server: two
    // runs show whether the machine's load moved under the measurement (this bench shares the machine).
    process.stdout.write("baseline: bare Hono + node:sqlite insert …\n");
    const baselineBefore = await runBaseline(join(dataDir, "baseline-1.db"), "baseline (before)");
    process.stdout.write("rsvp: rsvp start (queue → keeper → change feed) …\n");
    const event = await createEventCli(join(dataDir, "rsvp"), {
      name: "bench rush",
      capacity: seats,
    });
    rsvp = await startServer(join(dataDir, "rsvp"), { attempts: serverStartProbes });
    children.add(rsvp.child);
    const cpuBefore = threadCpuSeconds(rsvp.pid);
    const rsvpLoad = await drive(rsvp.url, event.eventId);
    const cpuRush = threadCpuSeconds(rsvp.pid);
    const processed = await waitCounted(rsvp.url, event.hostPath, rsvpLoad.accepted, processDeadlineMs);
    const cpuProcessed = threadCpuSeconds(rsvp.pid);
    const rsvpRow: Row = {
      name: "rsvp",
      load: rsvpLoad,
      rssMb: peakRssMb(rsvp.pid),
      processedAfterS: processed ? (processed.at - rsvpLoad.lastAccept) / 1000 : null,
    };
    // Said now as well: a long run that is given up later still leaves its main figures.
    const rush = summarize(rsvpRow);
    process.stdout.write(
      `rsvp: ${rush.rate.toFixed(0)} accepted/s, p50 ${rush.p50.toFixed(1)} ms, ${rsvpLoad.errors} errors, ` +
        `peak RSS ${rsvpRow.rssMb?.toFixed(0) ?? "?"} MB, processed ${rsvpRow.processedAfterS?.toFixed(2) ?? "never"} s ` +
        `after the last accept; CPU during the rush: ${cpuBetween(cpuBefore, cpuRush)} ` +
        `(load average ${loadavg()[0]!.toFixed(2)})\n`,
    );
    // The host's views of the whole list, on the same server: page and CSV, each read to the end.
    const downloads: Download[] = [];
    for (const [name, path] of [
      ["guest-list page", `${event.hostPath}/guests`],
      ["guest-list CSV", `${event.hostPath}/guests.csv`],
    ] as const)
      downloads.push(await download(rsvp.pid, `${rsvp.url}${path}`, name));
    // The host page's live headcount under load: pollers with If-None-Match while a second rush runs
    // (bench/poll-phase.ts: alone first, what an answer costs; then beside the rush, the target).
    const polling: PollPhase | null =
      pollRush > 0
        ? await runPollPhase({
            baseUrl: rsvp.url,
            hostPath: event.hostPath,
            pid: rsvp.pid,
            connections: pollClients,
            aloneMs: pollAloneMs,
            // The rush the target is judged beside (paced at 1,000/s), then one unpaced, for the record.
            rushes: [targetRushPerS, 0].map((perSecond) => ({
              perSecond,
              run: () =>
                pacedRush({
                  baseUrl: rsvp!.url,
                  eventId: event.eventId,
                  count: pollRush,
                  clients,
                  perSecond,
                  emailPrefix: `poll${perSecond}`,
                }),
            })),
            say: (line) => process.stdout.write(`${line}\n`),
          })
        : null;
    const stopped = await rsvp.stop();
    process.stdout.write("baseline again …\n");
    const baselineAfter = await runBaseline(join(dataDir, "baseline-2.db"), "baseline (after)");
    // The host import lane on a fresh server: bench/import.ts (also `npm run bench:import` on its own).
    const importRun =
      importRows > 0
        ? await importPhase({
            dataDir,
            rows:
              values.linearity && importRows >= 10 ? [Math.round(importRows / 10), importRows] : [importRows],
            seats,
            children,
            log: (line) => process.stdout.write(line),
          })
        : null;

    process.stdout.write("\n");
    printTable([baselineBefore, rsvpRow, baselineAfter]);

    const before = summarize(baselineBefore).rate;
    const after = summarize(baselineAfter).rate;
    const ratio = summarize(rsvpRow).rate / ((before + after) / 2);
    const drift = Math.abs(before - after) / Math.max(before, after);
    const ratioOk = ratio >= 0.5;
    const processedOk = rsvpRow.processedAfterS !== null && rsvpRow.processedAfterS <= 2;
    const rssOk = rsvpRow.rssMb !== null && rsvpRow.rssMb <= rssTargetMb;
    const pollReport = polling ? pollPhaseReport(polling) : null;
    const pollOk = pollReport?.ok ?? true;
    const downloadsOk = downloads.every((d) => d.status === 200);
    const mb = (x: number | null) => (x === null ? "?" : `${x.toFixed(0)} MB`);
    const h = processed?.headcount;
    const countsOk =
      rsvpLoad.errors === 0 &&
      h !== undefined &&
      h.confirmed === Math.min(seats, total) &&
      h.waitlisted === total - Math.min(seats, total);
    const importOk = importRun?.ok ?? true;
    const verdict = (ok: boolean) => (ok ? "OK" : "MISSED");
    process.stdout.write(
      [
        "",
        `accept rate rsvp/baseline   ${ratio.toFixed(2)}   target >= 0.50   ${verdict(ratioOk)}   (baseline = mean of both runs)`,
        ...(drift > 0.25
          ? [
              `WARNING: the two baseline runs differ by ${(drift * 100).toFixed(0)}%: the machine was busy; rerun when idle`,
            ]
          : []),
        `processed after last accept ${rsvpRow.processedAfterS === null ? "never (gave up)" : `${rsvpRow.processedAfterS.toFixed(2)} s`}   target <= 2 s   ${verdict(processedOk)}`,
        `final headcount             ${h ? `confirmed ${h.confirmed}, waitlisted ${h.waitlisted} of ${total}` : "unknown"}   ${verdict(countsOk)}`,
        ...(rsvpLoad.errors > 0
          ? [
              `rsvp's failed requests      by HTTP status (0: none): ${JSON.stringify(rsvpLoad.errorStatuses)}`,
            ]
          : []),
        `rsvp's CPU by thread        during the rush: ${cpuBetween(cpuBefore, cpuRush)}; until processed: ${cpuBetween(cpuRush, cpuProcessed)}`,
        `peak RSS of rsvp start      ${mb(rsvpRow.rssMb)} with ${total} guests (${rsvpRow.rssMb === null ? "?" : ((rsvpRow.rssMb * 1024) / total).toFixed(1)} KB a guest)   target <= ${rssTargetMb} MB   ${verdict(rssOk)}`,
        `rush per registration       ${((summarize(rsvpRow).rate > 0 ? 1 / summarize(rsvpRow).rate : 0) * 1e6).toFixed(0)} µs of wall time at ${total} (compare runs of 10k and 100k for linearity)`,
        ...downloads.map(
          (d) =>
            `${d.name.padEnd(27)} ${d.status === 200 ? `${(d.bytes / 1048576).toFixed(1)} MB in ${d.seconds.toFixed(2)} s` : `HTTP ${d.status}`}; server RSS ${mb(d.rssBeforeMb)} → peak ${mb(d.rssPeakMb)}   ${verdict(d.status === 200)}`,
        ),
        ...(pollReport?.lines ?? []),
        `rsvp stopped with           ${stopped.code === 0 ? "exit 0" : JSON.stringify(stopped)}`,
        ...(importRun?.lines ?? []),
        "",
      ].join("\n"),
    );
    const bundlesOk = await reportBundleSizes();
    return ratioOk && processedOk && countsOk && rssOk && pollOk && downloadsOk && importOk && bundlesOk
      ? 0
      : 1;
  } finally {
    await rsvp?.stop();
    for (const child of children) await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const watchdog = setTimeout(() => {
  process.stderr.write(
    `bench: still running after ${Math.round(runDeadlineMs / 60_000)} minutes; giving up\n`,
  );
  for (const child of children) child.kill("SIGKILL");
  process.exit(2);
}, runDeadlineMs);
watchdog.unref();

process.exitCode = await main();
