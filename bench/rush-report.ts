/** The rush's report (bench/rush.ts): the table of both servers, then each target's verdict. */
import type { Download } from "./downloads.ts";
import { type PollPhase, pollPhaseReport } from "./poll-phase.ts";
import { cpuBetween, type Headcount } from "./readings.ts";
import type { Load } from "./rush-load.ts";

/** The most memory `rsvp start` may hold at its peak (VmHWM), whatever the run's size. */
const rssTargetMb = 300;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export interface Row {
  name: string;
  load: Load;
  rssMb: number | null;
  processedAfterS: number | null;
}

export function summarize(row: Row) {
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

/** What one run of bench/rush.ts measured, for its report. */
export interface RushRun {
  total: number;
  seats: number;
  baselineBefore: Row;
  rsvpRow: Row;
  baselineAfter: Row;
  /** When every registration was counted, with the headcount then; null when it never was. */
  processed: { at: number; headcount: Headcount } | null;
  /** rsvp's CPU by thread before the rush, after it, and once everything was processed. */
  cpu: { before: Map<string, number>; rush: Map<string, number>; processed: Map<string, number> };
  downloads: readonly Download[];
  polling: PollPhase | null;
  stopped: { code: number | null; signal: NodeJS.Signals | null };
  importRun: { ok: boolean; lines: string[] } | null;
}

/** Prints the table and every target's verdict; true when each target held. */
export function reportRush(run: RushRun): boolean {
  const {
    total,
    seats,
    baselineBefore,
    rsvpRow,
    baselineAfter,
    processed,
    downloads,
    polling,
    stopped,
    importRun,
  } = run;
  const rsvpLoad = rsvpRow.load;
  const { before: cpuBefore, rush: cpuRush, processed: cpuProcessed } = run.cpu;
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
        ? [`rsvp's failed requests      by HTTP status (0: none): ${JSON.stringify(rsvpLoad.errorStatuses)}`]
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
  return ratioOk && processedOk && countsOk && rssOk && pollOk && downloadsOk && importOk;
}
