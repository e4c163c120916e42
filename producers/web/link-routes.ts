import { createHash } from "node:crypto";
import { type Context, Hono } from "hono";
import type * as z from "zod";
import { Command } from "../../contracts/command.ts";
import { GuestName } from "../../contracts/common.ts";
import type { EventRecord } from "../../contracts/event.ts";
import { roundOf, roundSuffix } from "../../contracts/guest.ts";
import type { Accepted } from "../../contracts/http.ts";
import { type Keyring, LinkAction, type LinkClaims } from "../../contracts/link.ts";
import { linkDonePath, linkPath } from "../../core/link-minter.ts";
import type { Clock, CommandQueue, GuestReader } from "../../core/ports.ts";
import { NotFoundError, said } from "./errors.ts";
import { wordsFor } from "./event-view.ts";
import { fieldErrorWords } from "./field-error-words.ts";
import { type GuestNameForm, guestNamePage, nameCommandId } from "./guest-name-form.ts";
import { linkChoice, linkPage } from "./link-choice-pages.ts";
import { linkDonePage, outcomeMessage } from "./link-outcome-pages.ts";
import { type GuestView, statusLine } from "./link-status.ts";
import { isFormType, mediaTypeOf, type WebEnv, wantsJson } from "./negotiation.ts";
import { claimSeatsField, claimSeatsOf } from "./party-claim.ts";
import { limitBody, readFormBody } from "./request-body.ts";
import { linkClaimsOf, linkEventOf, linkGuestOf } from "./signed-link.ts";
import { wayBackOf } from "./way-back.ts";

export interface LinkRouteDeps {
  reader: GuestReader;
  queue: CommandQueue;
  clock: Clock;
  /** Read on every request, so a rotated key file is used at once (see adapters/local/keyring-cache.ts). */
  keyring: () => Keyring;
  /** The public origin absolute links are built from. */
  origin: (c: Context<WebEnv>) => string;
}

/** The link actions that act: every one but `manage`, whose page only shows (manage-link-routes.ts). */
const ActingAction = LinkAction.exclude(["manage"]);
type ActingAction = z.infer<typeof ActingAction>;

/** The command each link action enqueues. */
const commandTypes = {
  cancel: "cancel",
  claim: "claim-offer",
  decline: "decline",
  confirm: "confirm-invite",
  unsubscribe: "mute-messages",
  rejoin: "register",
  // Its own routes (party-routes.ts): the page has a choice of sizes.
  party: "change-party",
  // Served by their own routes (guest-data-routes.ts, verify-routes.ts), not by the generic ones below.
  data: "erase-guest",
  verify: "register",
  // Served by answer-routes.ts (a form, not one button); listed so every action names its command.
  answers: "set-answers",
  "still-coming": "reconfirm",
  // "No" to "still coming?" is the guest's cancel: the seats go to the line, exactly as a cancel frees them.
  "not-coming": "cancel",
} as const satisfies Record<ActingAction, Command["type"]>;

/** A link's button sends no fields, and a one-click unsubscribe one; anything near this size is not ours. */
const maxLinkBodyBytes = 8 * 1024;

/**
 * Whether a POST is a mail client's one-click unsubscribe (RFC 8058): the body `List-Unsubscribe=One-Click`,
 * form-encoded or multipart. A body that cannot be read is not one: it is then taken as the page's button.
 */
async function isOneClickUnsubscribe(c: Context<WebEnv>): Promise<boolean> {
  if (!isFormType(mediaTypeOf(c.req.header("content-type")))) return false;
  try {
    return (await c.req.parseBody())["List-Unsubscribe"] === "One-Click";
  } catch {
    return false;
  }
}

/**
 * The command id a link's button enqueues under: derived from the token and the guest's round, so a double
 * click, a reload of the post or a replayed request is the same command, which the queue keeps once while it
 * waits and the keeper applies once ever. Two links for the same step (a re-sent email) are two ids; the
 * keeper answers the later one "unchanged". A guest who registered again (round 2, …) may press a link of an
 * older email that they already pressed before they left: that is a new request, so the round is part of the
 * id (the first round's ids are the token's alone, as they always were).
 */
export function linkCommandId(token: string, round = 1): string {
  const hash = createHash("sha256").update(`${token}${roundSuffix(round, "\n")}`);
  return `link-${hash.digest("base64url").slice(0, 32)}`;
}

/** What a page about a link that leads nowhere adds: that pressing it did nothing. */
const noChange = { hint: said("link.noChange") };

/**
 * The name form a link page shows: on the links a guest acts on their own RSVP with, while they are on the
 * list (a guest who left has no name there to correct). Null otherwise.
 */
function nameFormFor(action: LinkAction, token: string, view: GuestView): GuestNameForm | null {
  if (action === "unsubscribe" || action === "rejoin") return null;
  if (view.guest.status === "cancelled" || view.guest.status === "lapsed") return null;
  return { path: `/name/${action}/${token}`, value: view.guest.name };
}

/** A link that verified and names a guest of an event that exist. */
interface OpenedLink {
  token: string;
  claims: LinkClaims;
  event: EventRecord;
  view: GuestView;
}

/**
 * The signed links in emails (confirm, cancel, claim, decline, unsubscribe). GET shows a page with one button
 * and changes nothing, because mail scanners and link previews fetch every link in an email; only the POST the
 * button sends acts, by enqueuing one command (the keeper decides). Every answer is a page (or JSON when asked
 * for), never a 5xx for a bad link: damaged or edited 400, expired 410, unknown event or guest 404.
 *
 * The unsubscribe link is also a host message's List-Unsubscribe, with List-Unsubscribe-Post: a mail client's
 * own unsubscribe button then POSTs `List-Unsubscribe=One-Click` to it (RFC 8058), with no page and no
 * redirect to follow; that POST acts the same way and is answered 200 at once.
 */
export function linkRoutes(deps: LinkRouteDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  /**
   * Verifies the token for the address it was opened on and finds its event and guest. The page's action is
   * the URL's; the page's event is the one the token names (the address does not repeat it), which is sound
   * because the MAC covers it: verification fails for any token whose event field was changed. `atAnyTime`
   * skips the expiry, for the read-only result page: a claim pressed in the hold's last second must still be
   * able to show its outcome.
   */
  const open = async (
    c: Context<WebEnv>,
    action: LinkAction,
    token: string,
    atAnyTime = false,
  ): Promise<OpenedLink> => {
    const at = atAnyTime ? new Date(0) : deps.clock.now();
    const claims = linkClaimsOf(token, deps.keyring(), action, at);
    const event = await linkEventOf(c, deps.reader, claims.eventId, noChange);
    // An erased guest is no longer anyone a link can act for (their data page says what happened).
    const guest = await linkGuestOf(deps.reader, event, claims.guestId, { ...noChange, erased: "refused" });
    const position =
      guest.status === "waitlisted" ? await deps.reader.waitlistPosition(event.eventId, guest.guestId) : null;
    return { token, claims, event, view: { guest, position } };
  };

  // A link page names a guest and changes with their state: never cached, by a browser or on the way.
  app.use("/l/*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
    c.header("Vary", "Accept");
  });

  // The alternation grouped: hono's RegExpRouter splices a bare `a|b` into its combined pattern, where it then
  // matches a token that merely contains an action's word (`/l/delete/….cancel.…` served as a cancel link).
  const actions =
    "/l/:action{(?:confirm|cancel|claim|decline|unsubscribe|rejoin|still-coming|not-coming)}/:token";

  app.get(actions, async (c) => {
    const action = LinkAction.parse(c.req.param("action"));
    const { event, view, token } = await open(c, action, c.req.param("token"));
    const choice = linkChoice(action, view, event, deps.clock.now());
    if (wantsJson(c))
      return c.json({
        action,
        eventId: event.eventId,
        guestId: view.guest.guestId,
        status: view.guest.status,
        position: view.position,
        statusLine: statusLine(view, event),
        ...choice,
      });
    const nameLink = nameFormFor(action, token, view)?.path ?? null;
    // An offer to a party: the page lets it take fewer seats (a partial accept).
    const extra = action === "claim" && choice.applies ? claimSeatsField(event, view.guest) : null;
    // A page that would give something up offers the way back to the guest's manage page, before the press.
    const wayBack = choice.applies
      ? wayBackOf(action, event, view.guest, deps.clock.now(), deps.keyring())
      : null;
    return c.html(
      linkPage({ event, view, choice, postPath: linkPath(action, token), nameLink, extra, wayBack }),
    );
  });

  const limit = limitBody(
    maxLinkBodyBytes,
    said("link.tooLarge", { kb: maxLinkBodyBytes / 1024 }),
    said("link.tooLargeHint"),
  );

  app.post(actions, limit, async (c) => {
    const action = ActingAction.parse(c.req.param("action"));
    const { claims, token, event, view } = await open(c, action, c.req.param("token"));
    // Enqueued even when the page said there is nothing to do: the guest may have changed since, and the
    // keeper is the one to decide. The result page reports what it made of it.
    const command = Command.parse({
      type: commandTypes[action],
      eventId: claims.eventId,
      guestId: claims.guestId,
      // A register-again link registers the address it was sent to, under the name on the list.
      ...(action === "rejoin" ? { name: view.guest.name, email: view.guest.email } : {}),
      // The seats an offered party takes, when the page's choice says fewer than offered.
      ...(action === "claim" ? await claimSeatsOf(c, view.guest) : {}),
      commandId: linkCommandId(token, roundOf(view.guest)),
      issuedAt: deps.clock.now().toISOString(),
      lane: "link",
    });
    await deps.queue.send([command]);
    // Same command id as the button's: unsubscribing by both, or twice, is one command.
    if (action === "unsubscribe" && (await isOneClickUnsubscribe(c)))
      return c.text(wordsFor(event).t("pages.link.oneClickUnsubscribed", { event: event.name }), 200);
    const doneUrl = `${deps.origin(c)}${linkDonePath(action, token)}`;
    if (!wantsJson(c)) return c.redirect(doneUrl, 303);
    c.header("Location", doneUrl);
    const accepted: Accepted = { status: "accepted", commandId: command.commandId, statusUrl: doneUrl };
    return c.json(accepted, 202);
  });

  // The guest corrects their own name (issue 14 §3), on a page of its own that the link's page links to (that
  // page keeps its one button): GET shows the form, POST sends one `edit-guest` with the name only, under the
  // link's authority (lane `link`), and comes back to the form, which says so.
  // Its own first segment: a second route shape under `/l/:action{…}` confuses the router's action pattern.
  const nameRoute = "/name/:action/:token";
  app.use("/name/*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
  });
  const nameView = async (c: Context<WebEnv>) => {
    const parsedAction = LinkAction.safeParse(c.req.param("action"));
    if (!parsedAction.success) throw new NotFoundError(said("nothingHere"), undefined, noChange);
    const action = parsedAction.data;
    const opened = await open(c, action, c.req.param("token") ?? "");
    const form = nameFormFor(action, opened.token, opened.view);
    if (!form) throw new NotFoundError(said("link.noNameToCorrect"), undefined, noChange);
    return { ...opened, action, form };
  };

  app.get(nameRoute, async (c) => {
    const { event, view, form } = await nameView(c);
    return c.html(guestNamePage({ event, view, form: { ...form, saved: c.req.query("saved") === "1" } }));
  });

  app.post(nameRoute, limit, async (c) => {
    const { claims, token, event, view, form } = await nameView(c);
    const fields = isFormType(mediaTypeOf(c.req.header("content-type")))
      ? await readFormBody(c.req, said("link.formUnreadable"))
      : {};
    const typed = typeof fields.name === "string" ? fields.name : "";
    const parsed = GuestName.safeParse(typed);
    if (!parsed.success) {
      const error = fieldErrorWords(
        parsed.error.issues[0]?.message ?? "name must not be empty",
        wordsFor(event).t,
      );
      return c.html(guestNamePage({ event, view, form: { ...form, value: typed, error } }), 422);
    }
    const command = Command.parse({
      type: "edit-guest",
      eventId: claims.eventId,
      guestId: claims.guestId,
      name: parsed.data,
      commandId: nameCommandId(token, roundOf(view.guest), parsed.data),
      issuedAt: deps.clock.now().toISOString(),
      lane: "link",
    });
    await deps.queue.send([command]);
    return c.redirect(`${form.path}?saved=1`, 303);
  });

  app.get(`${actions}/done`, async (c) => {
    const action = LinkAction.parse(c.req.param("action"));
    const { event, view, token } = await open(c, action, c.req.param("token"), true);
    // The press of this round, else of the latest earlier round it was pressed in (the guest registered again
    // since, and came back to this page).
    let result = null;
    for (let round = roundOf(view.guest); round >= 1 && !result; round -= 1)
      result = await deps.reader.getCommandResult(event.eventId, linkCommandId(token, round));
    const message = result ? outcomeMessage(action, result.outcome, view, event) : null;
    if (wantsJson(c))
      return c.json(
        result && message
          ? { state: "done", outcome: result.outcome, ...message }
          : { state: "processing" as const },
      );
    return c.html(linkDonePage({ event, result: message, linkPath: linkPath(action, token) }));
  });

  return app;
}
