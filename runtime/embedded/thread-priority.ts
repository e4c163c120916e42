import { setPriority } from "node:os";
import type { Logger } from "pino";

/**
 * How much `rsvp start`'s background thread (keeper, change feed, timers) gives way to the request thread when
 * both want a core, as a nice value (0 is the request thread's, 19 the least). The keeper's seats and the
 * emails have seconds to spare; a person waiting for a page has not. At 5 the scheduler gives a thread at 0
 * about three times this one's share while both run; with a core to itself, it runs as fast as before.
 */
export const backgroundNice = niceFrom(process.env.RSVP_BACKGROUND_NICE);

/** `RSVP_BACKGROUND_NICE` (0–19; 0: no giving way), else 5. */
export function niceFrom(setting: string | undefined): number {
  const nice = Number(setting);
  return setting?.trim() && Number.isInteger(nice) && nice >= 0 && nice <= 19 ? nice : 5;
}

/**
 * Lowers the calling thread's priority to `backgroundNice`: only on Linux, where a nice value belongs to one
 * thread (elsewhere it would lower the whole server's). A system that refuses is no reason not to run.
 */
export function yieldToRequests(logger: Logger): void {
  if (process.platform !== "linux" || backgroundNice === 0) return;
  try {
    // Pid 0: the calling thread, on Linux.
    setPriority(0, backgroundNice);
  } catch (error) {
    logger.warn({ err: error }, "the background thread keeps its priority");
  }
}
