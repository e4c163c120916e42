import type { Hono } from "hono";
import { auditPage } from "./audit-pages.ts";
import { NotFoundError, said } from "./errors.ts";
import type { HostEnv, HostRouteDeps, HostRouteKit } from "./host-routes.ts";
import { wantsJson } from "./negotiation.ts";

/** The audit trail's route: the page, or the entries as JSON. */
export function auditRoutes(app: Hono<HostEnv>, deps: HostRouteDeps, kit: HostRouteKit): void {
  const { host, eventOf, base } = kit;

  app.get("/h/:hostToken/audit", host, async (c) => {
    const event = eventOf(c);
    if (!deps.audit) throw new NotFoundError(said("host.noAudit"));
    const entries = await deps.audit.list(event.eventId);
    c.header("Cache-Control", "no-store");
    c.header("Vary", "Accept");
    if (wantsJson(c)) return c.json(entries);
    return c.html(
      auditPage({
        eventName: event.name,
        language: event.details.language,
        base: base(c),
        timeZone: event.timeZone,
        entries,
      }),
    );
  });
}
