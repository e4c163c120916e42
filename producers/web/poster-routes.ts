import type { Hono } from "hono";
import type { HostEnv, HostRouteDeps, HostRouteKit } from "./host-routes.ts";
import { posterPage } from "./poster-page.ts";

/** The poster's route: a page of the host's, behind the host link like the others. */
export function posterRoutes(app: Hono<HostEnv>, deps: HostRouteDeps, kit: HostRouteKit): void {
  const { host, eventOf, base } = kit;
  app.get("/h/:hostToken/poster", host, (c) => {
    const event = eventOf(c);
    return c.html(
      posterPage({ event, registerUrl: `${deps.origin(c)}/e/${event.eventId}`, hostBase: base(c) }),
    );
  });
}
