/**
 * The headcount phase of `npm run bench` on its own (`npm run bench:polls`; not a test): a fresh `rsvp start`,
 * one event, then bench/poll-phase.ts: `--connections` pollers with If-None-Match alone, then beside a rush of
 * `--rush` registrations from `--rush-clients` clients (with `--rush-rate`, paced to that many a second: how
 * the 304 rate grows as the rush leaves the cores to it). Prints the rates and the CPU accounts; exit status
 * 0 when the 304s beside the rush reach the target, else 1.
 *
 *   npm run bench:polls
 *   npm run bench:polls -- --rush 5000 --rush-clients 200 --connections 100 --rush-rate 500
 */
import { mkdtempSync, rmSync } from "node:fs";
import { Agent } from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { parseArgs } from "node:util";
import { createEventCli, startServer } from "../test/integration/cli-harness.ts";
import { pollPhaseReport, runPollPhase } from "./poll-phase.ts";
import { postRegistration } from "./post-registration.ts";

const { values } = parseArgs({
  options: {
    rush: { type: "string", default: "5000" },
    "rush-clients": { type: "string", default: "200" },
    "rush-rate": { type: "string", default: "0" },
    connections: { type: "string", default: "100" },
    seats: { type: "string", default: "500" },
    "alone-ms": { type: "string", default: "3000" },
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
const rushRate = number("rush-rate", 0);
const connections = number("connections", 1);
const seats = number("seats", 1);
const aloneMs = number("alone-ms", 100);

/**
 * `rushClients` keep-alive clients post `count` registrations, one at a time each (as bench/rush.ts drives
 * it); with `perSecond`, no faster than that in all.
 */
async function rush(baseUrl: string, eventId: string, count: number, perSecond: number) {
  const { hostname, port } = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: rushClients });
  const path = `/e/${eventId}/rsvp`;
  const post = (body: string) => postRegistration({ agent, hostname, port, path, timeoutMs: 30_000 }, body);
  const started = performance.now();
  let next = 0;
  let accepted = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      if (perSecond > 0) {
        const due = started + (i / perSecond) * 1000;
        if (due > performance.now()) await delay(due - performance.now());
      }
      const body = JSON.stringify({ name: `Guest ${i}`, email: `poll.${i}@example.org` });
      if ((await post(body)) === 202) accepted += 1;
    }
  };
  await Promise.all(Array.from({ length: rushClients }, worker));
  agent.destroy();
  return { accepted };
}

const dataDir = mkdtempSync(join(tmpdir(), "rsvp-bench-polls-"));
let exitCode = 1;
try {
  process.stdout.write(
    `headcount polls: ${connections} connections; rush of ${rushCount} from ${rushClients} clients` +
      `${rushRate > 0 ? ` at ${rushRate}/s` : ""}; node ${process.version}, ${cpus().length} CPUs, ` +
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
      rush: () => rush(server.url, event.eventId, rushCount, rushRate),
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
