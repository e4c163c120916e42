import { type Command, InvalidArgumentError, Option } from "commander";
import { awsOption, stackOption, webStackOption } from "./aws-options.ts";

/** The environment variables the CLI reads, each the fallback of one option (an explicit flag wins). */
export const env = {
  dataDir: "RSVP_DATA_DIR",
  port: "RSVP_PORT",
  host: "RSVP_HOST",
  baseUrl: "RSVP_BASE_URL",
  logLevel: "RSVP_LOG_LEVEL",
  logFormat: "RSVP_LOG_FORMAT",
} as const;

export const defaults = { dataDir: "./data", port: 3000, host: "127.0.0.1" } as const;

export const dataOption = () =>
  new Option("--data <dir>", "data directory (holds rsvp.db)").env(env.dataDir).default(defaults.dataDir);

export const jsonOption = () => new Option("--json", "print JSON instead of text");

export const portOption = () =>
  new Option("--port <port>", "port to listen on (0 picks a free one)")
    .env(env.port)
    .default(defaults.port)
    .argParser(parsePort);

export const hostOption = () =>
  new Option("--host <address>", "interface to listen on (0.0.0.0 for every interface)")
    .env(env.host)
    .default(defaults.host);

export const baseUrlOption = (
  description = "public address printed links start with (default: http://<host>:<port>)",
) => new Option("--base-url <url>", description).env(env.baseUrl).argParser(parseBaseUrl);

export const logLevelOption = () =>
  new Option("--log-level <level>", "log level")
    .env(env.logLevel)
    .choices(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
    .default("info");

export const logFormatOption = () =>
  new Option("--log-format <format>", "log format: pretty lines on a terminal and JSON otherwise, or forced")
    .env(env.logFormat)
    .choices(["auto", "json", "pretty"])
    .default("auto");

/**
 * Adds the options of a command that works on one deployment, in this order: `--data` (unless `data` is
 * false), `--base-url` for printed links (`links`), `--json` (`json`), `--aws` and `--stack`, and `--web-stack`
 * (`webStack`).
 */
export function addDeploymentOptions(
  command: Command,
  which: { data?: boolean; links?: boolean; json?: boolean; webStack?: boolean },
): Command {
  if (which.data !== false) command.addOption(dataOption());
  if (which.links) command.addOption(linksOption());
  if (which.json) command.addOption(jsonOption());
  command.addOption(awsOption()).addOption(stackOption());
  if (which.webStack) command.addOption(webStackOption());
  return command;
}

/** `--base-url` for commands that print links without running the server. */
const linksOption = () =>
  baseUrlOption("public address printed links start with (without it: paths, and a note)");

/** A port option's value: a whole number from 0 to 65535. */
export function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65_535)
    throw new InvalidArgumentError("a port is a whole number from 0 to 65535.");
  return Number(value);
}

function parseBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError("give a full address such as https://rsvp.example.org.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new InvalidArgumentError("the address must start with http:// or https://.");
  return url.href.replace(/\/+$/, "");
}

/**
 * The base URL for links printed by commands that do not run the server: the configured public address
 * (--base-url or RSVP_BASE_URL), else null. Never a guess: the server may run on another port or behind a
 * proxy, and a wrong link handed to guests is worse than a path and a note saying what to configure.
 */
export function offlineBaseUrl(baseUrl: string | undefined): string | null {
  return baseUrl ?? null;
}

/** What a command prints instead of full links when no base URL is configured. */
export const noBaseUrlNote =
  `No public address is configured (--base-url or ${env.baseUrl}), so links are shown as paths: put the ` +
  "address your server is reached at in front of them, and set it to get full links.";

/** The host to put in a link to a server listening on `host`. */
export function linkHost(host: string): string {
  if (host === "0.0.0.0" || host === "::" || host === "") return "localhost";
  return host.includes(":") ? `[${host}]` : host;
}
