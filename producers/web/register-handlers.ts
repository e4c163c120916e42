import type { Context, Handler } from "hono";
import type * as z from "zod";
import type { RegisterCommand } from "../../contracts/command.ts";
import { Id } from "../../contracts/common.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import type { Accepted } from "../../contracts/http.ts";
import { type Answers, answersSchema } from "../../contracts/questions.ts";
import { translator } from "../../i18n/index.ts";
import { calendarAttachment } from "../../mail/guest-email-parts.ts";
import { checkInViewOf } from "./check-in-view.ts";
import {
  InvalidInputError,
  NotFoundError,
  RegistrationClosedError,
  ServiceUnavailableError,
  said,
} from "./errors.ts";
import { fieldErrorWords } from "./field-error-words.ts";
import { dataLink, manageLinksOf, nameLinkOf } from "./manage-links.ts";
import { type ManageView, statusPage } from "./manage-pages.ts";
import { isFormType, mediaTypeOf, type WebEnv, wantsJson } from "./negotiation.ts";
import { checkAnswers, formAnswers } from "./question-form.ts";
import { type FieldError, type RegistrationState, registerPage } from "./register-pages.ts";
import type { RegisterRouteDeps } from "./register-routes.ts";
import { readRegisterBody, readRegisterForm, validated } from "./request-body.ts";
import { registrationCommandId, registrationGuestOf, rsvpViewOf } from "./rsvp-status.ts";
import { verifyAddressCommandOf } from "./verify-routes.ts";

// The guest's side's handlers (the table is registerRoutes in register-routes.ts): the register page, the
// registration post, the status page, and the status page's ways to the guest's data and calendar entry.

/** Whether an event takes registrations at `now`, and if not, why (closed by the host, or started). */
export function registrationStateOf(event: EventRecord, now: Date): RegistrationState {
  if (!event.registrationOpen) return "closed";
  return now.getTime() >= Date.parse(event.startsAt) ? "started" : "open";
}

/** The event a route is about; its error pages are then in the event's language. */
async function findEvent(c: Context<WebEnv>, deps: RegisterRouteDeps, eventId: string): Promise<EventRecord> {
  const event = Id.safeParse(eventId).success ? await deps.reader.getEvent(eventId) : null;
  if (!event) throw new NotFoundError(said("noEvent"));
  c.set("language", event.details.language);
  return event;
}

/** The register page and its flow may be framed by the sites the host allows (`settings.embedOrigins`). */
function allowEmbedding(c: Context<WebEnv>, event: EventRecord): void {
  if (event.settings.embedOrigins.length > 0) c.set("frameAncestors", event.settings.embedOrigins);
}

/** `GET /e/:eventId`: the register page. */
export function showRegisterPage(deps: RegisterRouteDeps): Handler<WebEnv, "/e/:eventId"> {
  return async (c) => {
    const event = await findEvent(c, deps, c.req.param("eventId"));
    allowEmbedding(c, event);
    c.header("Cache-Control", "no-cache");
    const url = `${deps.origin(c)}/e/${event.eventId}`;
    return c.html(registerPage(event, registrationStateOf(event, deps.clock.now()), { url }));
  };
}

/** A registration's fields and answers, read and checked; or, for a person's form with a problem, the page. */
type ReadRegistration =
  | { body: Awaited<ReturnType<typeof readRegisterBody>>; answers: Answers }
  | { page: Response };

/**
 * Reads a registration as a form (a person's browser: a problem is shown on the form itself, beside the
 * field, with what they typed) or as JSON (a problem is thrown, for the error handler to answer).
 */
async function readRegistration(
  c: Context<WebEnv>,
  deps: RegisterRouteDeps,
  event: EventRecord,
  state: RegistrationState,
): Promise<ReadRegistration> {
  const isForm = isFormType(mediaTypeOf(c.req.header("content-type"))) && !wantsJson(c);
  const questions = event.settings.questions;
  const t = translator(event.details.language);
  if (!isForm) {
    const body = await readRegisterBody(c.req);
    return { body, answers: validated(answersSchema(questions), body.answers ?? {}, "question") };
  }
  const form = await readRegisterForm(c.req);
  const given = formAnswers(questions, form.fields);
  const checked = checkAnswers(questions, given, t);
  if (!form.ok || !checked.ok) {
    const errors: FieldError[] = (form.ok ? [] : form.errors).map(({ field, issue }) => ({
      field,
      message: fieldErrorWords(issue.message, t),
    }));
    if (!checked.ok) errors.push(...checked.errors);
    const values = form.ok ? { name: form.body.name, email: form.body.email } : form.values;
    const url = `${deps.origin(c)}/e/${event.eventId}`;
    return {
      page: await c.html(
        registerPage(event, state, { url, form: { values: { ...values, answers: given }, errors } }),
        422,
      ),
    };
  }
  return { body: form.body, answers: checked.answers };
}

/**
 * `POST /e/:eventId/rsvp`: validate, enqueue one command, answer 202 (or, to a browser, redirect to the status
 * page); the keeper decides the seat later.
 */
export function register(deps: RegisterRouteDeps): Handler<WebEnv, "/e/:eventId/rsvp"> {
  return async (c) => {
    const event = await findEvent(c, deps, c.req.param("eventId"));
    const now = deps.clock.now();
    // A courtesy: the keeper refuses these too, but a person should hear it now, not on the status page.
    const state = registrationStateOf(event, now);
    if (state === "closed") throw new RegistrationClosedError(said("registrationClosed"));
    if (state === "started") throw new RegistrationClosedError(said("eventStarted"));
    allowEmbedding(c, event);
    const read = await readRegistration(c, deps, event, state);
    if ("page" in read) return read.page;
    const { body, answers } = read;
    const party = body.party ?? 1;
    if (party > event.settings.maxParty)
      throw new InvalidInputError(
        event.settings.maxParty === 1 ? said("partyOne") : said("partyMax", { max: event.settings.maxParty }),
      );
    // Built from the body and answers just validated (RegisterBody, answersSchema) and ids minted here: not
    // parsed again (a tenth of the request's time under a rush); the keeper parses every command it takes.
    const command: z.output<typeof RegisterCommand> = {
      type: "register",
      eventId: event.eventId,
      // Time-ordered: the status link tells when it was sent (see rsvp-status.ts).
      commandId: registrationCommandId(now),
      issuedAt: now.toISOString(),
      lane: "web",
      name: body.name,
      email: body.email,
      invite: false,
      party,
      answers,
    };
    try {
      // An event that confirms addresses first asks for the seat only from the emailed link; the answer
      // here is the same either way, whatever the address (core/address-verification.ts).
      await deps.queue.send([event.settings.verifyEmail ? verifyAddressCommandOf(command) : command]);
    } catch (error) {
      // The queue cannot take a write (a full disk, the queue service down): nothing was recorded, and
      // the sender must hear that now rather than hold a status link to nothing.
      throw new ServiceUnavailableError(said("queueDown"), undefined, {
        retryAfterSeconds: 60,
        cause: error,
      });
    }
    const statusPath = `/e/${event.eventId}/s/${command.commandId}`;
    const statusUrl = `${deps.origin(c)}${statusPath}`;
    // Post/redirect/get: the browser shows the status page, and reloading it never posts again.
    if (!wantsJson(c)) return c.redirect(statusPath, 303);
    c.header("Location", statusUrl);
    const accepted: Accepted = { status: "accepted", commandId: command.commandId, statusUrl };
    return c.json(accepted, 202);
  };
}

/** `GET /e/:eventId/s/:commandId`: what the keeper made of a registration, and the guest's manage page. */
export function showStatus(deps: RegisterRouteDeps): Handler<WebEnv, "/e/:eventId/s/:commandId"> {
  /** Signed links for a guest's actions (manage-links.ts). */
  const manageLinks = (event: EventRecord, guest: GuestRecord): ManageView["links"] =>
    manageLinksOf(event, guest, deps.clock.now(), deps.keyring?.());

  return async (c) => {
    const event = await findEvent(c, deps, c.req.param("eventId"));
    const commandId = c.req.param("commandId");
    const now = deps.clock.now();
    const view = Id.safeParse(commandId).success
      ? await rsvpViewOf(deps.reader, event.eventId, commandId, {
          now,
          deadLetters: deps.deadLetters,
          verifyEmail: event.settings.verifyEmail,
        })
      : null;
    if (!view) throw new NotFoundError(said("noStatus"));
    // The answer changes as the keeper works, and differs by Accept.
    c.header("Cache-Control", "no-store");
    c.header("Vary", "Accept");
    if (wantsJson(c)) return c.json(view.status);
    allowEmbedding(c, event);
    const { status, guest } = view;
    const statusPath = `/e/${event.eventId}/s/${commandId}`;
    const manage: ManageView | null = guest
      ? {
          guest,
          // The guest's own data stays theirs to see and erase after the event too (until it is erased): a
          // path of this page's, which hands out a fresh signed data link (see openDataPage).
          links: {
            ...manageLinks(event, guest),
            ...(guest.erasedAt === undefined && deps.keyring ? { data: `${statusPath}/data` } : {}),
          },
          icsPath: guest.status === "confirmed" ? `${statusPath}/calendar.ics` : null,
          manageUrl: `${deps.origin(c)}${statusPath}`,
          framed: c.req.header("sec-fetch-dest") === "iframe",
          checkIn: checkInViewOf(event, guest, deps.keyring?.(), (code) =>
            translator(event.details.language)("door.code.alt", { code }),
          ),
          // The same steps as the emails' manage page: the guest's own name correction too.
          nameLink: guest.erasedAt === undefined ? nameLinkOf(event, guest, now, deps.keyring?.()) : null,
        }
      : null;
    return c.html(statusPage(event, status, now, manage));
  };
}

/**
 * `GET /e/:eventId/s/:commandId/data`: the way from the manage page to the guest's data page: a fresh signed
 * data link (`/l/data/…`, 7 days), by redirect. Only for the guest this registration placed (never for a
 * duplicate's sender), as the manage page.
 */
export function openDataPage(deps: RegisterRouteDeps): Handler<WebEnv, "/e/:eventId/s/:commandId/data"> {
  return async (c) => {
    const event = await findEvent(c, deps, c.req.param("eventId"));
    const commandId = c.req.param("commandId");
    const keyring = deps.keyring?.();
    const now = deps.clock.now();
    const guest =
      keyring && Id.safeParse(commandId).success
        ? (await rsvpViewOf(deps.reader, event.eventId, commandId, { now }))?.guest
        : null;
    if (!guest || !keyring || guest.erasedAt !== undefined)
      throw new NotFoundError("there is no data page here; open your manage page again");
    c.header("Cache-Control", "no-store");
    return c.redirect(dataLink(event, guest, now, keyring), 303);
  };
}

/**
 * `GET /e/:eventId/s/:commandId/calendar.ics`: the guest's calendar entry while they hold a seat: the same
 * file their confirmation email carries.
 */
export function calendarFile(
  deps: RegisterRouteDeps,
): Handler<WebEnv, "/e/:eventId/s/:commandId/calendar.ics"> {
  return async (c) => {
    const event = await findEvent(c, deps, c.req.param("eventId"));
    const commandId = c.req.param("commandId");
    const guest = Id.safeParse(commandId).success
      ? await registrationGuestOf(deps.reader, event.eventId, commandId)
      : null;
    if (guest?.status !== "confirmed") throw new NotFoundError(said("noCalendar"));
    // The emails' UID (same site): a later update or cancellation email replaces or removes this copy too.
    const page = `${deps.origin(c)}/e/${event.eventId}`;
    const ics = calendarAttachment(event, guest, deps.calendarSite?.(), page).content;
    c.header("Cache-Control", "no-store");
    c.header("Content-Type", "text/calendar; charset=utf-8");
    c.header("Content-Disposition", `attachment; filename="${event.eventId}.ics"`);
    return c.body(ics);
  };
}
