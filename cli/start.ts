import { type Command, InvalidArgumentError, Option } from "commander";
import type { Logger } from "pino";
import { mailEnv, smtpConfigFromEnv, smtpConfigProblems } from "../adapters/local/smtp-delivery.ts";
import { inboundEnv } from "../adapters/local/smtp-listener.ts";
import type { EventRecord } from "../contracts/event.ts";
import { hashHostToken } from "../core/host-token.ts";
import type { EmbeddedRuntime } from "../runtime/embedded/embedded-runtime.ts";
import { boundHeaps } from "../runtime/embedded/memory.ts";
import { AssistantConfigError, assistantConfig, hostAssistantFromEnv } from "../runtime/host-assistant.ts";
import { createLogger, type LogFormat } from "../runtime/logger.ts";

import { createDemoEvent, demoLinksPath, readDemoLinks } from "./demo.ts";
import { CliError } from "./errors.ts";
import {
  baseUrlOption,
  dataOption,
  hostOption,
  linkHost,
  logFormatOption,
  logLevelOption,
  parsePort,
  portOption,
} from "./options.ts";
import { eventStart, printLines } from "./output.ts";

interface StartOptions {
  data: string;
  port: number;
  host: string;
  baseUrl?: string;
  logLevel: string;
  logFormat: LogFormat;
  smtpPort?: number;
  inboundDomain?: string;
  rateLimit: number;
}

// ——— the email-reply lane's options ———

function parseDomain(value: string): string {
  const domain = value.trim().toLowerCase();
  if (!/^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/.test(domain))
    throw new InvalidArgumentError("give a domain name such as rsvp.example.org.");
  return domain;
}

const smtpPortOption = () =>
  new Option(
    "--smtp-port <port>",
    "receive email replies over SMTP on this port (0 picks a free one; off if unset)",
  )
    .env(inboundEnv.smtpPort)
    .argParser(parsePort);

const inboundDomainOption = () =>
  new Option(
    "--inbound-domain <domain>",
    "domain of the RSVP mailbox (rsvp@domain, rsvp+EVENT@domain): guest emails' Reply-To, what --smtp-port takes",
  )
    .env(inboundEnv.domain)
    .argParser(parseDomain);

/** Requests per minute per client address on the register form and the host's re-send, unless configured. */
const defaultRateLimitPerMinute = 30;

const rateLimitOption = () =>
  new Option(
    "--rate-limit <per-minute>",
    "requests per minute each client address may make to the register form and the host's re-send (0: no limit)",
  )
    .env("RSVP_RATE_LIMIT")
    .default(defaultRateLimitPerMinute)
    .argParser((value) => {
      if (!/^\d{1,7}$/.test(value.trim()))
        throw new InvalidArgumentError("give a whole number of requests per minute (0 turns the limit off).");
      return Number(value.trim());
    });

/** How many events the start banner lists; a data dir with more names the rest by count. */
const listedEvents = 10;

/** `rsvp start`: the embedded runtime (queue, keeper, change feed, HTTP) on one data dir. */
export function registerStartCommand(program: Command): void {
  program
    .command("start")
    .description("run rsvp: web pages, command queue, keeper and change feed over one SQLite data dir")
    .addOption(dataOption())
    .addOption(portOption())
    .addOption(hostOption())
    .addOption(baseUrlOption())
    .addOption(logLevelOption())
    .addOption(logFormatOption())
    .addOption(smtpPortOption())
    .addOption(inboundDomainOption())
    .addOption(rateLimitOption())
    .addHelpText(
      "after",
      `
On an empty data dir a demo event is created; its register and host links are printed and the host link is
kept in <data>/demo-links.txt (mode 0600). SIGTERM or Ctrl-C applies everything queued, lets the change
feed catch up for up to 10 s (emails left are sent after the next start), then exits 0; a second signal
exits at once (anything accepted stays queued for the next start).

Email replies: with --inbound-domain every guest email carries Reply-To rsvp+EVENT@<domain>; with
--smtp-port as well, an SMTP listener on --host takes mail for rsvp@<domain> and rsvp+EVENT@<domain> (every
other recipient is refused) without authentication or TLS: keep it on loopback behind your mail server.
A reply registers its sender, or cancels them when it clearly says they cannot come.`,
    )
    .action(async (o: StartOptions) => {
      if (o.smtpPort !== undefined && !o.inboundDomain)
        throw new CliError(
          `--smtp-port needs the mailbox's domain: --inbound-domain or ${inboundEnv.domain} (e.g. rsvp.example.org)`,
        );
      // The server's heaps stay small under a rush (docs/performance.md).
      boundHeaps();
      const logger = createLogger(o.logLevel, o.logFormat);
      checkMailSetup(o, logger);
      const runtime = await listen(o, logger);
      stopOnSignals(runtime, logger);
      logger.info({ url: runtime.url, dataDir: o.data }, "listening");
      await announce(runtime, o.data, o.inboundDomain);
    });
}

/**
 * With SMTP configured, mail goes to real people: refuse to start when its links would point at this machine
 * or its sender is on no real domain (loopback, an IP address, a private name), rather than send mail that
 * cannot be used or is junked. RSVP_MAIL_ALLOW_LOCAL=1 (a local mail catcher) only warns.
 */
function checkMailSetup(o: StartOptions, logger: Logger): void {
  const env = { ...process.env, ...(o.inboundDomain ? { [inboundEnv.domain]: o.inboundDomain } : {}) };
  const smtp = smtpConfigFromEnv(env, o.baseUrl);
  if (!smtp) return;
  const problems = smtpConfigProblems(smtp, o.baseUrl);
  if (problems.length === 0) return;
  if (process.env[mailEnv.allowLocal] === "1") {
    for (const problem of problems) logger.warn(`${mailEnv.smtpUrl} is set, but ${problem}`);
    return;
  }
  throw new CliError(
    [
      `${mailEnv.smtpUrl} is set, so emails go to real people, but:`,
      ...problems.map((p) => `  - ${p}`),
      `(For a local mail catcher, ${mailEnv.allowLocal}=1 turns this into a warning.)`,
    ].join("\n"),
    1,
  );
}

async function listen(o: StartOptions, logger: Logger): Promise<EmbeddedRuntime> {
  // Links to a server on every interface point at localhost unless a public address is configured.
  const wildcard = o.host === "0.0.0.0" || o.host === "::";
  const baseUrl =
    o.baseUrl ?? (wildcard && o.port !== 0 ? `http://${linkHost(o.host)}:${o.port}` : undefined);
  try {
    const assistant = await hostAssistantFromEnv(process.env);
    const model = assistantConfig(process.env)?.modelId;
    if (model) logger.info({ model }, "the host's questions are answered by the assistant (Bedrock)");
    // Loaded here, not at the top: every other rsvp command shares this program and needs none of it.
    const { startEmbedded } = await import("../runtime/embedded/embedded-runtime.ts");
    return await startEmbedded({
      assistant,
      dataDir: o.data,
      port: o.port,
      host: o.host,
      baseUrl,
      logger,
      background: "thread",
      smtpPort: o.smtpPort,
      inboundDomain: o.inboundDomain,
      rateLimitPerMinute: o.rateLimit,
    });
  } catch (error) {
    throw explainStartFailure(error, o);
  }
}

/** The usual reasons a start fails, as one line a person can act on; anything else stays a bug report. */
function explainStartFailure(error: unknown, o: StartOptions): unknown {
  const e = error as NodeJS.ErrnoException & { port?: number };
  if (error instanceof AssistantConfigError) return new CliError(error.message);
  // Named by class name: the runtime module is loaded lazily (see `listen`).
  if ((error as Error).name === "DataDirLockedError") return new CliError((error as Error).message, 1);
  if ((error as Error).name === "DatabaseCorruptError") return new CliError((error as Error).message, 3);
  // The SMTP listener starts after HTTP; its port is named so the right option gets changed.
  if (e.syscall === "listen" && o.smtpPort !== undefined && o.smtpPort !== o.port && e.port === o.smtpPort)
    return new CliError(
      `cannot receive mail on ${o.host}:${o.smtpPort} (${e.code}); pick another --smtp-port or ${inboundEnv.smtpPort}`,
      1,
    );
  if (e.syscall === "listen" && e.code === "EADDRINUSE")
    return new CliError(
      `port ${o.port} is already in use on ${o.host} (is another rsvp running?); pick another with --port or RSVP_PORT`,
      1,
    );
  if (e.syscall === "listen" && e.code === "EACCES")
    return new CliError(`not allowed to listen on port ${o.port}; use one above 1023 (--port, RSVP_PORT)`, 1);
  if (e.syscall === "listen" || e.syscall === "getaddrinfo")
    return new CliError(`cannot listen on ${o.host}:${o.port} (${e.code}); check --host / RSVP_HOST`, 1);
  // The data dir is opened before anything listens: an unwritable directory or a file that is not a database.
  if (e.syscall === "mkdir" || e.syscall === "open" || e.code === "ERR_SQLITE_ERROR")
    return new CliError(`cannot use the data dir ${o.data}: ${e.message}`, 1);
  return error;
}

/**
 * The first signal drains: the server stops taking requests, the keeper applies everything queued, the change
 * feed catches up for up to 10 s (what is left resumes from its checkpoints on the next start), and the
 * process exits 0. A second signal exits at once; nothing accepted
 * is lost either way, because a 202 is only sent once the command is durable in the queue.
 */
function stopOnSignals(runtime: EmbeddedRuntime, logger: Logger): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(
        `${signal} again: exiting without draining; the queue resumes on the next start\n`,
      );
      process.exit(signal === "SIGINT" ? 130 : 143);
    }
    stopping = true;
    logger.info({ signal }, "stopping: draining the queue and change feed (signal again to exit at once)");
    runtime.stop().then(
      () => {
        logger.info("stopped");
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, "failed to stop cleanly");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

/** Prints where rsvp runs and the links of its events; on an empty data dir, creates the demo event first. */
async function announce(runtime: EmbeddedRuntime, dataDir: string, inboundDomain?: string): Promise<void> {
  const base = runtime.url;
  let events = await runtime.store.listEvents();
  let fresh: { eventId: string; hostPath: string } | null = null;
  if (events.length === 0) {
    const created = await createDemoEvent(runtime.store, dataDir, base, new Date());
    runtime.logger.info({ eventId: created.event.eventId }, "created the demo event");
    fresh = { eventId: created.event.eventId, hostPath: created.hostPath };
    events = [created.event];
  }
  const demo = fresh ?? readDemoLinks(dataDir);

  const lines = ["", `rsvp is running at ${base}  (data: ${dataDir}; Ctrl-C to stop)`, ""];
  const shown = events.slice(-listedEvents);
  for (const e of shown) lines.push(...eventLines(e, base, dataDir, demo, fresh !== null));
  if (events.length > shown.length)
    lines.push(
      `… and ${events.length - shown.length} older events (rsvp headcount <event> --data ${dataDir})`,
    );
  const delivery = process.env.RSVP_SMTP_URL
    ? "sent through RSVP_SMTP_URL, and kept"
    : "kept (no RSVP_SMTP_URL set)";
  lines.push(
    "",
    `  emails    ${base}/outbox/${runtime.adminToken}`,
    `            (${delivery}; secret link: the token is in ${dataDir}/admin-token)`,
    `  admin     ${base}/admin/sign-in?token=${runtime.adminToken}`,
    "            (your events: create, edit, close; the same secret token)",
  );
  if (inboundDomain) {
    const smtp =
      runtime.smtpPort === null ? "not received here (no --smtp-port)" : `SMTP on port ${runtime.smtpPort}`;
    lines.push(`  replies   rsvp+<event>@${inboundDomain}, rsvp@${inboundDomain}: ${smtp}`);
  }
  printLines(...lines);
}

function eventLines(
  e: EventRecord,
  base: string,
  dataDir: string,
  demo: { eventId: string; hostPath: string } | null,
  justCreated: boolean,
): string[] {
  const lines = [
    `  ${e.name} · ${eventStart(e)} · ${e.capacity} seats${justCreated ? " (demo event, created now)" : ""}`,
    `    register  ${base}/e/${e.eventId}`,
  ];
  const hostPath = demo?.eventId === e.eventId ? demo.hostPath : null;
  // Only print a host link that still opens this event's host page.
  if (hostPath && hashHostToken(hostPath.replace(/^\/h\//, "")) === e.hostTokenHash) {
    lines.push(`    host      ${base}${hostPath}`);
    lines.push(`              (secret: it shows the host page; saved in ${demoLinksPath(dataDir)})`);
  } else {
    lines.push("    host      printed once by `rsvp event create` (rsvp keeps only a hash of it)");
  }
  lines.push("");
  return lines;
}
