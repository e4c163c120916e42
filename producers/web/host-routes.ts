import { type Context, Hono } from "hono";
import { type EventRecord, headcountOf } from "../../contracts/event.ts";
import { hashHostToken } from "../../core/host-token.ts";
import type { GuestReader } from "../../core/ports.ts";
import { NotFoundError } from "./errors.ts";
import type { WebEnv } from "./negotiation.ts";
import { hostPage } from "./pages.ts";

export interface HostRouteDeps {
  reader: GuestReader;
  /** The public origin absolute links are built from. */
  origin: (c: Context<WebEnv>) => string;
}

/** The event version names the headcount: every committed change of the event or its guests bumps it. */
const etagOf = (event: EventRecord) => `W/"${event.eventId}-${event.version}"`;

/** If-None-Match holds `*` or a list of tags; weak comparison, as RFC 9110 asks for If-None-Match. */
function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim() === "*" || opaque(tag) === opaque(etag));
}

/**
 * The host's side, reached only through the secret host link. An unknown or forged token is answered
 * exactly like any other unknown link, so a guess reveals nothing about which events exist.
 */
export function hostRoutes(deps: HostRouteDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  // Tokens are stored only as hashes: look the event up by the hash of what was presented.
  const findByToken = async (token: string): Promise<EventRecord> => {
    const event = await deps.reader.findEventByHostTokenHash(hashHostToken(token));
    if (!event) throw new NotFoundError("unknown host link");
    return event;
  };

  app.get("/h/:hostToken/headcount", async (c) => {
    c.set("jsonOnly", true);
    const event = await findByToken(c.req.param("hostToken"));
    const etag = etagOf(event);
    // no-cache: a browser may keep it, but must ask again every time (cheap: a 304 when nothing changed).
    c.header("ETag", etag);
    c.header("Cache-Control", "no-cache");
    if (matchesIfNoneMatch(c.req.header("if-none-match"), etag)) return c.body(null, 304);
    return c.json(headcountOf(event));
  });

  app.get("/h/:hostToken", async (c) => {
    const token = c.req.param("hostToken");
    const event = await findByToken(token);
    c.header("Cache-Control", "no-store");
    return c.html(
      hostPage({
        headcount: headcountOf(event),
        etag: etagOf(event),
        headcountPath: `/h/${encodeURIComponent(token)}/headcount`,
        registerUrl: `${deps.origin(c)}/e/${event.eventId}`,
      }),
    );
  });

  return app;
}
