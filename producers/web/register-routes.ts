import type { Context, MiddlewareHandler } from "hono";
import { Hono } from "hono";
import type { Keyring } from "../../contracts/link.ts";
import type { Clock, CommandQueue, DeadLetterLookup, GuestReader } from "../../core/ports.ts";
import type { CalendarSite } from "../../mail/calendar.ts";
import { said } from "./errors.ts";
import type { WebEnv } from "./negotiation.ts";
import { calendarFile, openDataPage, register, showRegisterPage, showStatus } from "./register-handlers.ts";
import { limitBody, maxBodyBytes } from "./request-body.ts";

export interface RegisterRouteDeps {
  reader: GuestReader;
  queue: CommandQueue;
  clock: Clock;
  /** Where the status page learns that a registration was set aside (embedded); absent on AWS. */
  deadLetters?: DeadLetterLookup | undefined;
  /** The public origin absolute links are built from. */
  origin: (c: Context<WebEnv>) => string;
  /** The per-client-address limit in front of the registration post; none when absent. */
  rateLimit?: MiddlewareHandler | undefined;
  /** The keys the manage page signs its action links with; without it the page offers no actions. */
  keyring?: (() => Keyring) | undefined;
  /** The site the emails' calendar UIDs live on, for the .ics download; absent: the placeholder. */
  calendarSite?: (() => CalendarSite) | undefined;
}

/**
 * The guest's side: the register page, the registration post (validate, enqueue one command, answer 202 —
 * the keeper decides the seat later), and the status link that reports what it decided. The handlers are in
 * register-handlers.ts.
 */
export function registerRoutes(deps: RegisterRouteDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const rateLimit = deps.rateLimit ?? (async (_c, next) => next());
  const bodyLimit = limitBody(maxBodyBytes, said("registrationTooLarge", { kb: maxBodyBytes / 1024 }));

  app.get("/e/:eventId", showRegisterPage(deps));
  app.post("/e/:eventId/rsvp", rateLimit, bodyLimit, register(deps));
  app.get("/e/:eventId/s/:commandId", showStatus(deps));
  app.get("/e/:eventId/s/:commandId/data", openDataPage(deps));
  app.get("/e/:eventId/s/:commandId/calendar.ics", calendarFile(deps));
  return app;
}
