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
): Logger {
  const pretty = format === "pretty" || (format === "auto" && process.stdout.isTTY === true);
  return pino({
    level,
    base: { app: "rsvp" },
    ...(pretty
      ? {
          transport: {
            target: "pino-pretty",
            options: { translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname,app" },
          },
        }
      : {}),
  });
}
