import { type Context, Hono, type MiddlewareHandler } from "hono";
import { RegisterCommand } from "../../contracts/command.ts";
import { Id } from "../../contracts/common.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { Accepted } from "../../contracts/http.ts";
import type { Clock, CommandQueue, DeadLetterLookup, GuestReader } from "../../core/ports.ts";
import { NotFoundError, RegistrationClosedError, ServiceUnavailableError } from "./errors.ts";
import { type WebEnv, wantsJson } from "./negotiation.ts";
import { acceptedPage, type RegistrationState, registerPage, statusPage } from "./pages.ts";
import { limitBody, maxBodyBytes, readRegisterBody } from "./request-body.ts";
import { registrationCommandId, rsvpStatusOf } from "./rsvp-status.ts";

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
}

/** Whether an event takes registrations at `now`, and if not, why (closed by the host, or started). */
export function registrationStateOf(event: EventRecord, now: Date): RegistrationState {
  if (!event.registrationOpen) return "closed";
  return now.getTime() >= Date.parse(event.startsAt) ? "started" : "open";
}

/**
 * The guest's side: the register page, the registration post (validate, enqueue one command, answer 202 —
 * the keeper decides the seat later), and the status link that reports what it decided.
 */
export function registerRoutes(deps: RegisterRouteDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  const findEvent = async (eventId: string): Promise<EventRecord> => {
    const event = Id.safeParse(eventId).success ? await deps.reader.getEvent(eventId) : null;
    if (!event) throw new NotFoundError("there is no event at this address; check the link you were given");
    return event;
  };

  app.get("/e/:eventId", async (c) => {
    const event = await findEvent(c.req.param("eventId"));
    c.header("Cache-Control", "no-cache");
    return c.html(registerPage(event, registrationStateOf(event, deps.clock.now())));
  });

  app.post(
    "/e/:eventId/rsvp",
    deps.rateLimit ?? (async (_c, next) => next()),
    limitBody(
      maxBodyBytes,
      `the body is larger than ${maxBodyBytes / 1024} KB; a registration needs only a name and an email address`,
    ),
    async (c) => {
      const event = await findEvent(c.req.param("eventId"));
      const now = deps.clock.now();
      // A courtesy: the keeper refuses these too, but a person should hear it now, not on the status page.
      const state = registrationStateOf(event, now);
      if (state === "closed")
        throw new RegistrationClosedError(
          "registration for this event is closed; the host takes no more guests",
        );
      if (state === "started")
        throw new RegistrationClosedError("this event has already started; registration is closed");
      const body = await readRegisterBody(c.req);
      const command = RegisterCommand.parse({
        type: "register",
        eventId: event.eventId,
        // Time-ordered: the status link tells when it was sent (see rsvp-status.ts).
        commandId: registrationCommandId(now),
        issuedAt: now.toISOString(),
        lane: "web",
        name: body.name,
        email: body.email,
      });
      try {
        await deps.queue.send([command]);
      } catch (error) {
        // The queue cannot take a write (a full disk, the queue service down): nothing was recorded, and
        // the sender must hear that now rather than hold a status link to nothing.
        throw new ServiceUnavailableError(
          "we cannot take registrations right now, and yours was not recorded; please try again in a minute",
          undefined,
          { retryAfterSeconds: 60, cause: error },
        );
      }
      const statusPath = `/e/${event.eventId}/s/${command.commandId}`;
      const statusUrl = `${deps.origin(c)}${statusPath}`;
      c.header("Location", statusUrl);
      if (!wantsJson(c)) return c.html(acceptedPage(event, statusPath), 202);
      const accepted: Accepted = { status: "accepted", commandId: command.commandId, statusUrl };
      return c.json(accepted, 202);
    },
  );

  app.get("/e/:eventId/s/:commandId", async (c) => {
    const event = await findEvent(c.req.param("eventId"));
    const commandId = c.req.param("commandId");
    const now = deps.clock.now();
    const status = Id.safeParse(commandId).success
      ? await rsvpStatusOf(deps.reader, event.eventId, commandId, { now, deadLetters: deps.deadLetters })
      : null;
    if (!status)
      throw new NotFoundError("no registration has this status link; check the link, or register again");
    // The answer changes as the keeper works, and differs by Accept.
    c.header("Cache-Control", "no-store");
    c.header("Vary", "Accept");
    return wantsJson(c) ? c.json(status) : c.html(statusPage(event, status, now));
  });

  return app;
}
