import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { etag } from "hono/etag";
import type { Logger } from "pino";
import { type Command, RegisterCommand } from "../../contracts/command.ts";
import { headcountOf } from "../../contracts/event.ts";
import { RegisterBody } from "../../contracts/http.ts";
import { hashHostToken } from "../../core/host-token.ts";
import type { Clock, CommandQueue, GuestReader } from "../../core/ports.ts";

export interface WebDeps {
  reader: GuestReader;
  queue: CommandQueue;
  clock: Clock;
  logger: Logger;
  /** The public base URL links are built from (known only once the server listens). */
  baseUrl: () => string;
  newId?: () => string;
}

/** The HTTP surface: one Hono app, served by @hono/node-server embedded and by a Function URL on AWS. */
export function createWebApp(deps: WebDeps): Hono {
  const newId = deps.newId ?? randomUUID;
  const app = new Hono();

  app.post("/e/:eventId/rsvp", async (c) => {
    const eventId = c.req.param("eventId");
    const event = await deps.reader.getEvent(eventId);
    if (!event) return c.json({ error: `no event ${eventId}` }, 404);
    const body = RegisterBody.safeParse(await c.req.json().catch(() => null));
    if (!body.success)
      return c.json({ error: "invalid registration", issues: body.error.issues.map((i) => i.message) }, 400);
    const command: Command = RegisterCommand.parse({
      type: "register",
      eventId,
      commandId: newId(),
      issuedAt: deps.clock.now().toISOString(),
      lane: "web",
      ...body.data,
    });
    await deps.queue.send([command]);
    const statusUrl = `${deps.baseUrl()}/e/${eventId}/s/${command.commandId}`;
    return c.json({ status: "accepted", commandId: command.commandId, statusUrl }, 202);
  });

  app.get("/h/:hostToken/headcount", etag(), async (c) => {
    const event = await deps.reader.findEventByHostTokenHash(hashHostToken(c.req.param("hostToken")));
    if (!event) return c.json({ error: "unknown host link" }, 404);
    return c.json(headcountOf(event));
  });

  return app;
}
