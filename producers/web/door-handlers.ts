import type { Context, Handler, MiddlewareHandler } from "hono";
import { DoorCheckInRequest } from "../../contracts/door.ts";
import type { EventRecord } from "../../contracts/event.ts";
import { verifyDoorToken } from "../../core/check-in-code.ts";
import { isDoorLinkRevoked } from "../../core/door-link-decisions.ts";
import { doorCheckIn, doorList, doorSearch } from "../door/door-check-in.ts";
import { revokedDoorAnswer, revokedDoorPage } from "./door-link-pages.ts";
import { doorPage } from "./door-pages.ts";
import type { DoorRouteDeps } from "./door-routes.ts";
import { doorDecoder } from "./door-script.ts";
import { doorServiceWorker } from "./door-worker.ts";
import { InvalidInputError, LinkExpiredError, NotFoundError, said } from "./errors.ts";
import { acceptedLanguageOf, type WebEnv, wantsJson } from "./negotiation.ts";

// The door link's side of the door routes (door-routes.ts): its guard, its page, the page's service worker,
// the guest list it checks in from, and the check-in.

/** The door routes' context: the event the door link (or, on the host's side, the host link) opened. */
export type DoorEnv = { Variables: WebEnv["Variables"] & { event?: EventRecord } };

/** The event the route's middleware found; a route without it is a bug. */
export const eventOf = (c: Context<DoorEnv>): EventRecord => {
  const event = c.get("event");
  if (!event) throw new Error(`door route ${c.req.routePath} runs without its middleware`);
  return event;
};

/** The door token must verify and name an event that exists; a bad one is answered like any unknown link. */
export function doorGuard(deps: DoorRouteDeps): MiddlewareHandler<DoorEnv> {
  return async (c, next) => {
    const verified = verifyDoorToken(c.req.param("doorToken") ?? "", deps.keyring(), deps.clock.now());
    if (!verified.ok) {
      if (verified.reason === "expired")
        throw new LinkExpiredError(said("link.doorExpired"), undefined, {
          hint: said("link.doorExpiredHint"),
        });
      throw new NotFoundError("unknown door link");
    }
    const event = await deps.reader.getEvent(verified.claims.eventId);
    if (!event) throw new NotFoundError("unknown door link");
    const { linkId } = verified.claims;
    if (linkId !== undefined && isDoorLinkRevoked(event, linkId)) {
      // Whoever holds it is told so in their own language (the event's when their browser names none we
      // speak): a person opening it or posting its form without script gets a page; the page's sync, JSON.
      const language = acceptedLanguageOf(c) ?? event.details.language;
      c.header("Cache-Control", "no-store");
      c.header("Vary", "Accept-Language");
      if (wantsJson(c)) return c.json(revokedDoorAnswer(event, language), 410);
      return c.html(revokedDoorPage(event, language), 410);
    }
    c.set("event", event);
    c.set("language", event.details.language);
    await next();
  };
}

const base = (c: Context<DoorEnv>) => `/door/${encodeURIComponent(c.req.param("doorToken") ?? "")}`;

/** The page's frame, with the decoder (read on the first door page) allowed by this response's policy. */
async function frame(c: Context<DoorEnv>, event: EventRecord) {
  const decoder = await doorDecoder();
  if (decoder.hash) c.set("pageScripts", [decoder.hash]);
  c.set("serviceWorker", true);
  return { ...pageFrame(event, base(c)), decoder: decoder.source };
}

/** What the door's check-in and list read and write with, at this moment. */
const doorDeps = (deps: DoorRouteDeps) => ({
  reader: deps.reader,
  queue: deps.queue,
  keyring: deps.keyring(),
  now: deps.clock.now(),
});

/**
 * `GET /door/:doorToken`: the door page, with the guests `?q=` finds by name (`doorSearch`: any part of a name
 * on the embedded runtime, the names that begin with it from the AWS store's index).
 */
export function showDoorPage(deps: DoorRouteDeps): Handler<DoorEnv> {
  return async (c) => {
    const event = eventOf(c);
    const query = (c.req.query("q") ?? "").trim().slice(0, 100);
    const matches = query.length > 0 ? await doorSearch(doorDeps(deps), event, query) : [];
    c.header("Cache-Control", "no-store");
    return c.html(
      doorPage({
        ...(await frame(c, event)),
        result: null,
        query,
        matches,
      }),
    );
  };
}

/** `GET /door/:doorToken/sw.js`: the page's service worker. */
export const serveDoorWorker: Handler<DoorEnv> = (c) => {
  c.header("Content-Type", "text/javascript; charset=utf-8");
  c.header("Service-Worker-Allowed", base(c));
  c.header("Cache-Control", "no-cache");
  return c.body(doorServiceWorker);
};

/** `GET /door/:doorToken/list`: the guests the door checks in, as JSON. */
export function listDoorGuests(deps: DoorRouteDeps): Handler<DoorEnv> {
  return async (c) => {
    c.set("jsonOnly", true);
    c.header("Cache-Control", "no-store");
    return c.json(await doorList(doorDeps(deps), eventOf(c)));
  };
}

/** `POST /door/:doorToken/check-in`: a code or a guest checked in; JSON for the page's script, else the page. */
export function checkIn(deps: DoorRouteDeps): Handler<DoorEnv> {
  return async (c) => {
    const event = eventOf(c);
    const json = (c.req.header("content-type") ?? "").includes("application/json");
    const body = json ? await c.req.json().catch(() => null) : await c.req.parseBody().catch(() => null);
    const parsed = DoorCheckInRequest.safeParse(body ?? {});
    if (!parsed.success)
      throw new InvalidInputError(
        "the check-in needs a code or a guest",
        parsed.error.issues.map((i) => i.message),
      );
    const result = await doorCheckIn({ ...doorDeps(deps) }, event, parsed.data);
    if (json || wantsJson(c)) return c.json(result);
    c.header("Cache-Control", "no-store");
    return c.html(doorPage({ ...(await frame(c, event)), result, query: "", matches: [] }));
  };
}

function pageFrame(event: EventRecord, base: string) {
  return {
    eventId: event.eventId,
    eventName: event.name,
    language: event.details.language,
    timeZone: event.timeZone,
    base,
    arrived: event.arrived ?? 0,
    expected: event.confirmed,
  };
}
