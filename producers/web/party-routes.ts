import { createHash } from "node:crypto";
import { type Context, Hono } from "hono";
import * as z from "zod";
import { ChangePartyCommand } from "../../contracts/command.ts";
import { Id } from "../../contracts/common.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import type { Accepted } from "../../contracts/http.ts";
import type { LinkClaims } from "../../contracts/link.ts";
import { linkPath } from "../../core/link-minter.ts";
import { seatsOf } from "../../core/seat-rules.ts";
import { InvalidInputError, NotFoundError, said } from "./errors.ts";
import { linkDonePage } from "./link-outcome-pages.ts";
import type { LinkRouteDeps } from "./link-routes.ts";
import { isFormType, mediaTypeOf, type WebEnv, wantsJson } from "./negotiation.ts";
import { partyChoice, partyOutcomeMessage, partyPage } from "./party-pages.ts";
import { limitBody } from "./request-body.ts";
import { linkClaimsOf, linkEventOf, linkGuestOf } from "./signed-link.ts";

/**
 * The party link (`/l/party/<token>`), from the guest's manage page: GET shows their party and a choice of
 * sizes with one button; only the POST acts, by enqueuing one `change-party` command (the keeper decides, see
 * core/party-changes.ts); its result page reports what came of it. Same trust as every signed link: the token
 * names event, guest and action under the MAC; damaged 400, expired 410, unknown event or guest 404.
 */

/**
 * The command id of a press: from the token, the guest row's and the event row's versions as the post read
 * them, and the size asked for. A double click or a replayed post is the same command (applied once); asking
 * again once anything changed (a seat freed since a refused raise), or for another size, is a new one. Asking
 * again with nothing changed would be decided the same way, so it may be the same command.
 */
export function partyCommandId(
  token: string,
  versions: { guest: number; event: number },
  party: number,
): string {
  const hash = createHash("sha256").update(`${token}\n${versions.guest}\n${versions.event}\n${party}`);
  return `party-${hash.digest("base64url").slice(0, 32)}`;
}

/** The body of the press: `party`, a whole number of seats (form field or JSON). */
const PartyBody = z.object({ party: z.coerce.number().int().min(1) });

const maxBodyBytes = 8 * 1024;

/** A party page names a guest and changes with their state: never cached, by a browser or on the way. */
const noStore = async (c: Context<WebEnv>, next: () => Promise<void>) => {
  await next();
  c.header("Cache-Control", "no-store");
  c.header("Vary", "Accept");
};

export function partyRoutes(deps: LinkRouteDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  const open = async (
    c: Context<WebEnv>,
    token: string,
    atAnyTime = false,
  ): Promise<{ claims: LinkClaims; event: EventRecord; guest: GuestRecord }> => {
    const at = atAnyTime ? new Date(0) : deps.clock.now();
    const claims = linkClaimsOf(token, deps.keyring(), "party", at);
    const event = await linkEventOf(c, deps.reader, claims.eventId);
    const guest = await linkGuestOf(deps.reader, event, claims.guestId);
    return { claims, event, guest };
  };

  const party = "/l/:action{party}/:token";
  app.use(`${party}/*`, noStore);
  app.use(party, noStore);

  app.get(party, async (c) => {
    const token = c.req.param("token");
    const { event, guest } = await open(c, token);
    if (wantsJson(c)) {
      const stop = partyChoice(event, guest);
      return c.json({
        action: "party",
        eventId: event.eventId,
        guestId: guest.guestId,
        status: guest.status,
        party: seatsOf(guest),
        maxParty: event.settings.maxParty,
        applies: stop === null,
        ...(stop ? { heading: stop.title, message: stop.message } : {}),
      });
    }
    return c.html(partyPage({ event, guest, postPath: linkPath("party", token) }));
  });

  app.post(party, limitBody(maxBodyBytes, said("link.partyTooLarge")), async (c) => {
    const token = c.req.param("token");
    const { claims, event, guest } = await open(c, token);
    const isForm = isFormType(mediaTypeOf(c.req.header("content-type")));
    const raw = await (isForm ? c.req.parseBody() : c.req.json().catch(() => null));
    const body = PartyBody.safeParse(raw);
    if (!body.success) throw new InvalidInputError(said("partyWhole"));
    const max = Math.max(event.settings.maxParty, seatsOf(guest));
    if (body.data.party > max) throw new InvalidInputError(said("partyMax", { max }));
    const command = ChangePartyCommand.parse({
      type: "change-party",
      eventId: claims.eventId,
      guestId: claims.guestId,
      party: body.data.party,
      commandId: partyCommandId(token, { guest: guest.version, event: event.version }, body.data.party),
      issuedAt: deps.clock.now().toISOString(),
      lane: "link",
    });
    await deps.queue.send([command]);
    const donePath = `${linkPath("party", token)}/done/${command.commandId}`;
    if (!wantsJson(c)) return c.redirect(donePath, 303);
    const doneUrl = `${deps.origin(c)}${donePath}`;
    c.header("Location", doneUrl);
    const accepted: Accepted = { status: "accepted", commandId: command.commandId, statusUrl: doneUrl };
    return c.json(accepted, 202);
  });

  app.get(`${party}/done/:commandId`, async (c) => {
    const token = c.req.param("token");
    const { event, guest } = await open(c, token, true);
    const commandId = c.req.param("commandId");
    const found = Id.safeParse(commandId).success
      ? await deps.reader.getCommandResult(event.eventId, commandId)
      : null;
    // Only this guest's own press: another command's result is none of this link's business.
    const outcome =
      found && "guestId" in found.outcome && found.outcome.guestId === guest.guestId ? found.outcome : null;
    if (found && !outcome) throw new NotFoundError(said("link.noPartyChange"));
    const message = outcome ? partyOutcomeMessage(outcome, guest, event) : null;
    if (wantsJson(c))
      return c.json(message ? { state: "done", outcome, ...message } : { state: "processing" as const });
    return c.html(linkDonePage({ event, result: message, linkPath: linkPath("party", token) }));
  });

  return app;
}
