import type { Context } from "hono";
import { Hono } from "hono";
import type { Keyring } from "../../contracts/link.ts";
import type { Clock, CommandQueue, GuestReader } from "../../core/ports.ts";
import {
  checkIn,
  type DoorEnv,
  doorGuard,
  listDoorGuests,
  serveDoorWorker,
  showDoorPage,
} from "./door-handlers.ts";
import {
  hostGuard,
  mintDoorLink,
  revokeDoorLink,
  saveDoorSettings,
  showHostDoorPage,
} from "./host-door-handlers.ts";
import type { WebEnv } from "./negotiation.ts";
import { limitBody } from "./request-body.ts";
import { sameOrigin } from "./same-origin.ts";

export interface DoorRouteDeps {
  reader: GuestReader;
  queue: CommandQueue;
  clock: Clock;
  keyring: () => Keyring;
  newId: () => string;
  origin: (c: Context<WebEnv>) => string;
}

/**
 * The door: `/door/TOKEN` (a door link, which can only check guests in: it opens this page, its list and its
 * check-in, nothing of the host's) and the host's side of it, `/h/HOSTTOKEN/door` (make a door link; the
 * thank-you setting for those who came). Like every producer these only read and enqueue. The door link's
 * handlers are in door-handlers.ts, the host's in host-door-handlers.ts.
 */
export function doorRoutes(deps: DoorRouteDeps): Hono<DoorEnv> {
  const app = new Hono<DoorEnv>();
  const door = doorGuard(deps);
  const smallBody = limitBody(4096, "a check-in is a code or a guest, not this much", "Send the code alone.");

  app.post("/door/:doorToken/*", sameOrigin(deps.origin));
  app.get("/door/:doorToken", door, showDoorPage(deps));
  // The page's service worker (door-worker.ts), for this link's page alone: its scope is the page's path,
  // which is above the script's folder, so the header allows it. Revalidated on every check for an update.
  app.get("/door/:doorToken/sw.js", door, serveDoorWorker);
  app.get("/door/:doorToken/list", door, listDoorGuests(deps));
  app.post("/door/:doorToken/check-in", door, smallBody, checkIn(deps));

  // ——— the host's side ———
  const host = hostGuard(deps);
  app.post("/h/:hostToken/door", sameOrigin(deps.origin));
  app.post("/h/:hostToken/door/*", sameOrigin(deps.origin));
  app.get("/h/:hostToken/door", host, showHostDoorPage(deps));
  app.post("/h/:hostToken/door", host, mintDoorLink(deps));
  app.post("/h/:hostToken/door/revoke", host, revokeDoorLink(deps));
  app.post("/h/:hostToken/door/settings", host, saveDoorSettings(deps));

  return app;
}
