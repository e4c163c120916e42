/**
 * The host import lane at scale (`npm run bench:import`; not a test): a generated guest-list CSV goes through
 * the parse + enqueue path of `rsvp import` (importGuestListCsv over the data dir's queue, as the CLI opens it
 * and in its chunks) into a fresh `rsvp start`, whose keeper applies it. Target: every row applied within 10 s of the import's
 * start at up to 100,000 rows (longer lists: the same rate), every row a guest.
 *
 *   npm run bench:import                           # 10,000 rows
 *   npm run bench:import -- --rows 100000          # the issue's target
 *   npm run bench:import -- --rows 10000,100000    # both, with the time and memory a row (linearity)
 *
 * `npm run bench` runs the same phase after its rush (`--import-rows`, `--linearity`). Exit status 0 when
 * every run met the target, else 1.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { embeddedImportChunkSize, queueingConnection } from "../cli/embedded-deployment.ts";
import { importGuestListCsv } from "../producers/import/guest-import.ts";
import { openStores } from "../runtime/embedded/stores.ts";
import { createEventCli, startServer } from "../test/integration/cli-harness.ts";
import { cpuBetween, peakRssMb, threadCpuSeconds, waitCounted } from "./readings.ts";

/** How long an import of up to `importTargetRows` rows may take, from its start until every row is applied. */
const importTargetS = 10;
const importTargetRows = 100_000;
/** Health probes (50 ms apart) a starting `rsvp start` gets: a minute, for a busy shared machine. */
const serverStartProbes = 1_200;

export interface ImportRun {
  rows: number;
  /** Seconds to parse the file and make every row's command durable in the queue. */
  queuedS: number;
  /** Seconds from the import's start until the headcount counts every row; null when it never did. */
  appliedS: number | null;
  problems: number;
  headcount: { confirmed: number; waitlisted: number } | null;
  /** The server's peak RSS (VmHWM) when every row was applied. */
  rssMb: number | null;
  /** The server's CPU seconds by thread from the import's start until applied, as "name 1.23 s" parts. */
  cpu: string;
  /** The load average (1 min) at the start and at the end. */
  load: [number, number];
}

/** The seconds an import of `rows` rows may take. */
export const importTargetSeconds = (rows: number) => importTargetS * Math.max(1, rows / importTargetRows);

/** Whether a run met the target: on time, every row a guest (confirmed while seats last, then waitlisted). */
export function importOk(run: ImportRun, seats: number): boolean {
  return (
    run.appliedS !== null &&
    run.appliedS <= importTargetSeconds(run.rows) &&
    run.problems === 0 &&
    run.headcount?.confirmed === Math.min(seats, run.rows) &&
    run.headcount?.waitlisted === run.rows - Math.min(seats, run.rows)
  );
}

/**
 * One import into a fresh `rsvp start` on `dataDir` (an event of `seats` seats is created there). The keeper
 * learns of commands from another process by polling (within 1 s), which the applied time includes.
 */
export async function runImport(
  dataDir: string,
  rows: number,
  options: { seats: number; children?: Set<ChildProcess> },
): Promise<ImportRun> {
  const event = await createEventCli(dataDir, { name: "bench import", capacity: options.seats });
  const server = await startServer(dataDir, { attempts: serverStartProbes });
  options.children?.add(server.child);
  try {
    const csv = [
      "Name,Email",
      ...Array.from({ length: rows }, (_, i) => `Guest ${i},import.${i}@example.org`),
    ];
    const file = Buffer.from(`${csv.join("\r\n")}\r\n`);
    const loadBefore = loadavg()[0]!;
    const cpuBefore = threadCpuSeconds(server.pid);
    const started = performance.now();
    const stores = openStores(dataDir);
    queueingConnection(stores);
    let problems: number;
    try {
      const result = await importGuestListCsv(
        { queue: stores.queue, reader: stores.store },
        {
          eventId: event.eventId,
          file,
          preConfirmed: true,
          issuedAt: new Date(),
          chunkSize: embeddedImportChunkSize,
        },
      );
      problems = result.errors.length + result.duplicates.length;
    } finally {
      stores.db.close();
    }
    const queued = performance.now();
    const processed = await waitCounted(server.url, event.hostPath, rows, 120_000 + rows * 2);
    return {
      rows,
      queuedS: (queued - started) / 1000,
      appliedS: processed ? (processed.at - started) / 1000 : null,
      problems,
      headcount: processed?.headcount ?? null,
      rssMb: peakRssMb(server.pid),
      cpu: cpuBetween(cpuBefore, threadCpuSeconds(server.pid)),
      load: [loadBefore, loadavg()[0]!],
    };
  } finally {
    // A longer grace lets a profiled server (`--cpu-prof`) write its profile after draining its emails.
    await server.stop(Number(process.env.RSVP_BENCH_STOP_GRACE_MS ?? 15_000));
    options.children?.delete(server.child);
  }
}

/** The figures of one run, as the bench's aligned report lines. */
export function importLines(run: ImportRun, seats: number): string[] {
  const mb = (x: number | null) => (x === null ? "?" : `${x.toFixed(0)} MB`);
  const rate = (s: number) => `${Math.round(run.rows / s).toLocaleString("en")} rows/s`;
  const applied =
    run.appliedS === null
      ? "never (gave up)"
      : `${run.appliedS.toFixed(2)} s (${rate(run.appliedS)} end to end, ${((run.appliedS / run.rows) * 1e6).toFixed(0)} µs a row)`;
  const h = run.headcount;
  return [
    `import parsed + queued      ${run.rows} rows in ${run.queuedS.toFixed(2)} s (${rate(run.queuedS)})`,
    `import all applied after    ${applied}   target <= ${importTargetSeconds(run.rows)} s   ${importOk(run, seats) ? "OK" : "MISSED"}`,
    `import final headcount      ${h ? `confirmed ${h.confirmed}, waitlisted ${h.waitlisted} of ${run.rows}` : "unknown"}, ${run.problems} rows refused`,
    `import peak RSS             ${mb(run.rssMb)} (${run.rssMb === null ? "?" : ((run.rssMb * 1024) / run.rows).toFixed(1)} KB a row)`,
    `import server CPU           ${run.cpu} (load average ${run.load[0].toFixed(2)} → ${run.load[1].toFixed(2)})`,
  ];
}

/**
 * The bench's import phase: each size in `rows` into its own fresh data dir under `dataDir`, smallest first;
 * the report lines (with time and memory a row side by side when there are several sizes) and whether every
 * run met the target.
 */
export async function importPhase(options: {
  dataDir: string;
  rows: readonly number[];
  seats: number;
  children?: Set<ChildProcess>;
  log?: (line: string) => void;
}): Promise<{ ok: boolean; lines: string[] }> {
  const runs: ImportRun[] = [];
  for (const rows of [...options.rows].sort((a, b) => a - b)) {
    options.log?.(`import: a ${rows}-row CSV into a fresh rsvp start (parse, enqueue, keeper) …\n`);
    const run = await runImport(join(options.dataDir, `rsvp-import-${rows}`), rows, options);
    options.log?.(`${importLines(run, options.seats).join("\n")}\n`);
    runs.push(run);
  }
  const lines = runs.flatMap((run) => importLines(run, options.seats));
  if (runs.length > 1)
    lines.push(
      `import linearity            ${runs
        .map(
          (r) =>
            `${r.rows} rows: ${r.appliedS === null ? "?" : ((r.appliedS / r.rows) * 1e6).toFixed(0)} µs a row, peak RSS ${r.rssMb?.toFixed(0) ?? "?"} MB`,
        )
        .join("; ")}`,
    );
  return { ok: runs.every((run) => importOk(run, options.seats)), lines };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      rows: { type: "string", default: "10000" },
      seats: { type: "string", default: "500" },
    },
  });
  const rows = values.rows.split(",").map(Number);
  const seats = Number(values.seats);
  if (rows.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(seats) || seats < 1) {
    process.stderr.write("--rows takes whole numbers (comma-separated), --seats a whole number\n");
    return 2;
  }
  const dataDir = mkdtempSync(join(tmpdir(), "rsvp-bench-import-"));
  const children = new Set<ChildProcess>();
  const watchdog = setTimeout(
    () => {
      process.stderr.write("bench:import: still running after its deadline; giving up\n");
      for (const child of children) child.kill("SIGKILL");
      process.exit(2);
    },
    5 * 60_000 + rows.reduce((a, b) => a + b, 0) * 6,
  );
  watchdog.unref();
  try {
    process.stdout.write(
      `rsvp import: ${rows.join(", ")} rows, ${seats} seats; node ${process.version}, load average ${loadavg()[0]!.toFixed(2)}\n`,
    );
    const { ok, lines } = await importPhase({ dataDir, rows, seats, children });
    process.stdout.write(`\n${lines.join("\n")}\n`);
    return ok ? 0 : 1;
  } finally {
    for (const child of children) child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.main) process.exitCode = await main();
