import { type Context, Hono } from "hono";
import type { Keyring } from "../../contracts/link.ts";
import type { AuditLog, Clock, CommandQueue, GuestReader } from "../../core/ports.ts";
import { guestDataRoutes } from "./guest-data-routes.ts";
import type { WebEnv } from "./negotiation.ts";
import { verifyRoutes } from "./verify-routes.ts";

export interface TrustRouteDeps {
  reader: GuestReader;
  queue: CommandQueue;
  clock: Clock;
  keyring: () => Keyring;
  origin: (c: Context<WebEnv>) => string;
  audit?: Pick<AuditLog, "list"> | undefined;
}

/** A guest's own data (see, download, erase) and the confirmation of an address before a seat is asked for. */
export function trustRoutes(deps: TrustRouteDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.route("/", guestDataRoutes(deps));
  app.route("/", verifyRoutes(deps));
  return app;
}
