/**
 * The headcount phase of `npm run bench` on its own (`npm run bench:polls`; not a test): a fresh `rsvp start`,
 * one event, a rush of `--warm-up` registrations that is not measured (the code a rush runs optimised, as on a
 * server that has been up), then bench/poll-phase.ts: `--connections` pollers with If-None-Match (in a thread
 * of their own) alone, then beside one rush of `--rush` registrations from `--rush-clients` clients for each of
 * `--rush-rate`'s paces (registrations a second, 0 unpaced; by default 500, 1,000, 2,000 and unpaced: how the
 * 304 rate falls as the rush takes the cores). Prints the rates and the CPU accounts; exit status 0 when the
 * 304s beside the rush paced at 1,000/s reach the target, else 1.
 *
 *   npm run bench:polls
 *   npm run bench:polls -- --rush 5000 --rush-clients 200 --connections 100 --rush-rate 1000,0
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createEventCli, startServer } from "../test/integration/cli-harness.ts";
import { pacedRush } from "./paced-rush.ts";
import { pollPhaseReport, runPollPhase, targetRushPerS } from "./poll-phase.ts";

const { values } = parseArgs({
  options: {
    rush: { type: "string", default: "5000" },
    "rush-clients": { type: "string", default: "200" },
    "rush-rate": { type: "string", default: `500,${targetRushPerS},2000,0` },
    connections: { type: "string", default: "100" },
    seats: { type: "string", default: "500" },
    "alone-ms": { type: "string", default: "3000" },
    "warm-up": { type: "string", default: "1000" },
  },
});
const number = (name: keyof typeof values, min: number) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < min) {
    process.stderr.write(`--${name} must be a whole number of at least ${min} (got "${values[name]}")\n`);
    process.exit(2);
  }
  return n;
};
const rushCount = number("rush", 1);
const rushClients = number("rush-clients", 1);
const rushRates = (values["rush-rate"] ?? "").split(",").map((rate) => {
  const n = Number(rate);
  if (rate.trim() === "" || !Number.isInteger(n) || n < 0) {
    process.stderr.write(
      `--rush-rate must be whole numbers of at least 0, comma-separated (got "${values["rush-rate"]}")\n`,
    );
    process.exit(2);
  }
  return n;
});
const connections = number("connections", 1);
const seats = number("seats", 1);
const aloneMs = number("alone-ms", 100);
const warmUp = number("warm-up", 0);

const dataDir = mkdtempSync(join(tmpdir(), "rsvp-bench-polls-"));
let exitCode = 1;
try {
  process.stdout.write(
    `headcount polls: ${connections} connections; rush of ${rushCount} from ${rushClients} clients` +
      ` at ${rushRates.map((r) => (r > 0 ? `${r}/s` : "unpaced")).join(", ")}; node ${process.version}, ${cpus().length} CPUs, ` +
      `load average ${loadavg()[0]!.toFixed(2)}\n`,
  );
  const event = await createEventCli(dataDir, { name: "bench polls", capacity: seats });
  const server = await startServer(dataDir, { attempts: 1_200 });
  try {
    const phase = await runPollPhase({
      baseUrl: server.url,
      hostPath: event.hostPath,
      pid: server.pid,
      connections,
      aloneMs,
      ...(warmUp > 0
        ? {
            warmUp: () =>
              pacedRush({
                baseUrl: server.url,
                eventId: event.eventId,
                count: warmUp,
                clients: rushClients,
                perSecond: 0,
                emailPrefix: "warm",
              }),
          }
        : {}),
      rushes: rushRates.map((perSecond, i) => ({
        perSecond,
        run: () =>
          pacedRush({
            baseUrl: server.url,
            eventId: event.eventId,
            count: rushCount,
            clients: rushClients,
            perSecond,
            emailPrefix: `poll${i}`,
          }),
      })),
      say: (line) => process.stdout.write(`${line}\n`),
    });
    const report = pollPhaseReport(phase);
    process.stdout.write(`\n${report.lines.join("\n")}\n`);
    exitCode = report.ok ? 0 : 1;
  } finally {
    await server.stop();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
process.exitCode = exitCode;
