import pino, { type Logger } from "pino";

/** `json`: one JSON object per line; `pretty`: readable lines; `auto`: pretty on a terminal, else JSON. */
export type LogFormat = "auto" | "json" | "pretty";

/**
 * Structured JSON logs; readable lines when a person is watching a terminal. `RSVP_LOG_LEVEL` sets the level
 * (default info; `silent` in tests), `RSVP_LOG_FORMAT` the format (default auto).
 */
export function createLogger(
  level = process.env.RSVP_LOG_LEVEL ?? "info",
  format: LogFormat = (process.env.RSVP_LOG_FORMAT as LogFormat | undefined) ?? "auto",
  destination?: pino.DestinationStream,
): Logger {
  const pretty = format === "pretty" || (format === "auto" && process.stdout.isTTY === true);
  const options: pino.LoggerOptions = {
    level,
    base: { app: "rsvp" },
    ...redaction,
    ...(pretty
      ? {
          transport: {
            target: "pino-pretty",
            options: { translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname,app" },
          },
        }
      : {}),
  };
  return destination ? pino(options, destination) : pino(options);
}

// ——— redaction ———

/**
 * What must never reach a log: the secrets in addresses (a host link's token, an email link's token, the
 * outbox's admin token) and guests' email addresses (only their domain is kept, which is what a mail problem
 * is usually about). Applied to every string of every line — the message, the fields, an error's message
 * and stack — so a path or an address logged anywhere, now or later, is covered.
 */
export function redactText(text: string): string {
  return text
    .replace(/\/h\/[A-Za-z0-9_-]{8,}/g, "/h/[token]")
    .replace(/\/l\/([a-z-]+)\/[A-Za-z0-9_.~-]{8,}/g, "/l/$1/[token]")
    .replace(/\/name\/([a-z-]+)\/[A-Za-z0-9_.~-]{8,}/g, "/name/$1/[token]")
    .replace(/\/outbox\/[A-Za-z0-9_-]{8,}/g, "/outbox/[token]")
    .replace(/[^\s@<>()[\]"'`,;:]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g, "[email]@$1");
}

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === "string") return redactText(value);
  if (depth > 5 || value === null || typeof value !== "object") return value;
  // Serialized here, as pino would later, so its message and stack are redacted too.
  if (value instanceof Error) return redactValue(pino.stdSerializers.err(value), depth + 1);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, depth + 1);
  return out;
}

const redaction: Pick<pino.LoggerOptions, "formatters" | "hooks"> = {
  formatters: { log: (object) => redactValue(object, 0) as Record<string, unknown> },
  hooks: {
    logMethod(args, method) {
      // The message (and any format arguments) too; the fields go through `formatters.log`.
      const redacted = args.map((a) => (typeof a === "string" ? redactText(a) : a)) as typeof args;
      return method.apply(this, redacted);
    },
  },
};
