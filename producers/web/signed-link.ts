import type { Context } from "hono";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import type { Keyring, LinkAction, LinkClaims } from "../../contracts/link.ts";
import { type LinkFailure, verifyLink } from "../../core/link-token.ts";
import type { GuestReader } from "../../core/ports.ts";
import { BadLinkError, LinkExpiredError, NotFoundError, type Said, said } from "./errors.ts";
import type { WebEnv } from "./negotiation.ts";

/**
 * Opening a guest's signed link (`/l/<action>/<token>`), as every link route does: the token verified for its
 * step, then the event and the guest it names. Each refusal is said in the catalog's words: a link whose time
 * is over is gone (410), any other failure is a link not right as presented (400), a missing event or guest 404.
 */

/**
 * What a person who opened a link that did not verify is told (the catalog's words for core/link-token's
 * `describeLinkFailure`); an expired claim or unsubscribe link says why such a link expires.
 */
export function linkFailureSaid(reason: LinkFailure, action: LinkAction): Said {
  if (reason !== "expired") return said(`link.${reason}`);
  if (action === "claim") return said("link.expiredClaim");
  return said(action === "unsubscribe" ? "link.expiredUnsubscribe" : "link.expired");
}

/** What a refusal of a link's event or guest adds (link-routes.ts: that pressing it changed nothing). */
type RefusalOptions = { hint?: Said };

/** The claims of `token` as a link of `action` at `at`, or the refusal. */
export function linkClaimsOf(token: string, keyring: Keyring, action: LinkAction, at: Date): LinkClaims {
  const eventField = token.split(".")[1] ?? "";
  const verified = verifyLink(token, keyring, { eventId: eventField, action }, at);
  if (verified.ok) return verified.claims;
  const message = linkFailureSaid(verified.reason, action);
  throw verified.reason === "expired" ? new LinkExpiredError(message) : new BadLinkError(message);
}

/** The event a verified link is for, whose language the answer then speaks; 404 when it is gone. */
export async function linkEventOf(
  c: Context<WebEnv>,
  reader: GuestReader,
  eventId: string,
  options: RefusalOptions = {},
): Promise<EventRecord> {
  const event = await reader.getEvent(eventId);
  if (!event) throw new NotFoundError(said("link.eventGone"), undefined, options);
  c.set("language", event.details.language);
  return event;
}

/** The guest a verified link names; 404 when they are not on the list (or, unless `erased`, erased). */
export async function linkGuestOf(
  reader: GuestReader,
  event: EventRecord,
  guestId: string,
  options: RefusalOptions & { erased?: "refused" } = {},
): Promise<GuestRecord> {
  const guest = await reader.getGuest(event.eventId, guestId);
  if (!guest || (options.erased === "refused" && guest.erasedAt !== undefined))
    throw new NotFoundError(
      said("link.guestGone", { event: event.name }),
      undefined,
      options.hint ? { hint: options.hint } : {},
    );
  return guest;
}
