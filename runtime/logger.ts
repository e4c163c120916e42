import pino, { type Logger } from "pino";

/**
 * Structured JSON logs; readable lines when a person is watching a terminal. `RSVP_LOG_LEVEL` sets the level
 * (default info; `silent` in tests).
 */
export function createLogger(level = process.env.RSVP_LOG_LEVEL ?? "info"): Logger {
  const pretty = process.stdout.isTTY && process.env.RSVP_LOG_FORMAT !== "json";
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
