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
 * Then, on the same server with all those guests: the host's guest-list page (its first 500), a search of it
 * that matches nobody, and the CSV download of the whole list (time, bytes,
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
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createEventCli, type ServerProcess, startServer } from "../test/integration/cli-harness.ts";
import { reportBundleSizes } from "./bundle-sizes.ts";
import { type Download, download } from "./downloads.ts";
import { importPhase } from "./import.ts";
import { pacedRush } from "./paced-rush.ts";
import { type PollPhase, runPollPhase, targetRushPerS } from "./poll-phase.ts";
import { cpuBetween, peakRssMb, threadCpuSeconds, waitCounted } from "./readings.ts";
import { drive, runBaseline, stopChild } from "./rush-load.ts";
import { type Row, reportRush, summarize } from "./rush-report.ts";

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

/** How long the pollers run alone, before the rush beside them: what an answer costs (bench/poll-phase.ts). */
const pollAloneMs = 3_000;

/**
 * The whole run may not take longer than this, whatever hangs: 10 minutes, and 6 ms more per registration and
 * imported row (a 100,000-guest run on a busy shared machine takes longer than 10 minutes without hanging).
 */
const runDeadlineMs = 10 * 60_000 + (total + importRows) * 6;
/** How long to wait, after the last accept, for rsvp to have processed everything. */
const processDeadlineMs = 120_000;
/** Health probes (50 ms apart) a starting `rsvp start` gets: a minute, for a busy shared machine. */
const serverStartProbes = 1_200;

const children = new Set<ChildProcess>();
/** The rush both servers get, and the processes to stop whatever happens. */
const rushShape = { total, clients, children };

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
    const baselineBefore = await runBaseline(join(dataDir, "baseline-1.db"), "baseline (before)", rushShape);
    process.stdout.write("rsvp: rsvp start (queue → keeper → change feed) …\n");
    const event = await createEventCli(join(dataDir, "rsvp"), {
      name: "bench rush",
      capacity: seats,
    });
    rsvp = await startServer(join(dataDir, "rsvp"), { attempts: serverStartProbes });
    children.add(rsvp.child);
    const cpuBefore = threadCpuSeconds(rsvp.pid);
    const rsvpLoad = await drive(rsvp.url, event.eventId, total, clients);
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
    // The host's views of the list, on the same server, each read to the end: the page (its first 500 guests:
    // the list is paged), a search that matches nobody (it reads every guest of the event), and the CSV (the
    // whole list in one file).
    const downloads: Download[] = [];
    for (const [name, path] of [
      ["guest-list page (first 500)", `${event.hostPath}/guests`],
      ["guest-list search, no match", `${event.hostPath}/guests?q=no-such-guest`],
      ["guest-list CSV (whole list)", `${event.hostPath}/guests.csv`],
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
    const baselineAfter = await runBaseline(join(dataDir, "baseline-2.db"), "baseline (after)", rushShape);
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

    const ok = reportRush({
      total,
      seats,
      baselineBefore,
      rsvpRow,
      baselineAfter,
      processed,
      cpu: { before: cpuBefore, rush: cpuRush, processed: cpuProcessed },
      downloads,
      polling,
      stopped,
      importRun,
    });
    const bundlesOk = await reportBundleSizes();
    return ok && bundlesOk ? 0 : 1;
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
