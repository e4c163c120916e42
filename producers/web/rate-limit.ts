import type { Context, MiddlewareHandler } from "hono";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { said, TooManyRequestsError } from "./errors.ts";

export interface RateLimitConfig {
  /** Requests per minute per client address; 0 turns the limit off (load tests on loopback). */
  perMinute: number;
  /** The client's address (the socket's peer, or the Function URL's source IP); undefined when unknown. */
  clientAddress: (c: Context) => string | undefined;
}

/**
 * A per-client-address limit on an endpoint that sends mail or takes seats (the register form, the host's
 * re-send): one script must not take every seat or flood an inbox. Counted in memory by rate-limiter-flexible
 * (per process: the embedded server is one; on AWS each warm function counts its own, and the Function URL's
 * own throttling backs it). A refusal is a 429 with Retry-After. Requests whose address is unknown (in-process
 * tests) are not limited.
 */
export function rateLimit(config: RateLimitConfig | undefined, scope: string): MiddlewareHandler {
  if (!config || config.perMinute <= 0) return async (_c, next) => next();
  const limiter = new RateLimiterMemory({ keyPrefix: scope, points: config.perMinute, duration: 60 });
  return async (c, next) => {
    const address = config.clientAddress(c);
    if (address !== undefined) {
      try {
        await limiter.consume(address);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        throw new TooManyRequestsError(said("tooManyRequests", { count: seconds }), undefined, {
          retryAfterSeconds: seconds,
        });
      }
    }
    await next();
  };
}
