import { Hono } from "hono";
import { type GuestDataRouteDeps, guestDataRoutes } from "./guest-data-routes.ts";
import type { WebEnv } from "./negotiation.ts";
import { type VerifyRouteDeps, verifyRoutes } from "./verify-routes.ts";

/** What the guest's data pages need, the address confirmation included (it needs no more). */
export type TrustRouteDeps = GuestDataRouteDeps & VerifyRouteDeps;

/** A guest's own data (see, download, erase) and the confirmation of an address before a seat is asked for. */
export function trustRoutes(deps: TrustRouteDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.route("/", guestDataRoutes(deps));
  app.route("/", verifyRoutes(deps));
  return app;
}
