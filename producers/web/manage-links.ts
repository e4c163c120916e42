import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import type { Keyring, LinkAction } from "../../contracts/link.ts";
import { linkPath } from "../../core/link-minter.ts";
import { linkExpiry, signLink } from "../../core/link-token.ts";
import { dataLinkDays } from "./guest-data-routes.ts";
import type { ManageView } from "./manage-pages.ts";
import { partyActionFor } from "./party-claim.ts";

/**
 * The signed links a guest's manage page offers, minted afresh each time it is shown: the page a registration's
 * status link opens (register-routes.ts) and the page the emails' manage link opens (manage-link-routes.ts)
 * offer the same actions, each a link to its own page (GET shows, POST acts).
 */

/** The actions a guest's manage page offers, by where they stand (each opens its one-button link page). */
export const actionsFor: Record<GuestRecord["status"], LinkAction[]> = {
  confirmed: ["cancel"],
  waitlisted: ["cancel"],
  offered: ["claim", "decline"],
  pending: ["confirm", "decline"],
  lapsed: [],
  cancelled: [],
  // Approval mode: the guest may withdraw their request (a cancel).
  requested: ["cancel"],
};

/**
 * Signed links for a guest's actions, valid until the event starts (a claim: until its hold ends). None
 * without a keyring, and none once the event has started.
 */
export function manageLinksOf(
  event: EventRecord,
  guest: GuestRecord,
  now: Date,
  keyring: Keyring | undefined,
): ManageView["links"] {
  if (!keyring) return {};
  const startsAt = new Date(event.startsAt);
  const links: ManageView["links"] = {};
  if (now >= startsAt) return links;
  for (const action of [...actionsFor[guest.status], ...partyActionFor(event, guest)]) {
    const hold = action === "claim" && guest.offer ? new Date(guest.offer.expiresAt) : undefined;
    const claims = {
      eventId: event.eventId,
      guestId: guest.guestId,
      action,
      expiresAt: linkExpiry(startsAt, hold),
      issuedAt: now.toISOString(),
    };
    links[action] = linkPath(action, signLink(claims, keyring));
  }
  // A guest still on the list may change their answers to the event's questions.
  if (event.settings.questions.length > 0 && actionsFor[guest.status].length > 0) {
    const claims = {
      eventId: event.eventId,
      guestId: guest.guestId,
      action: "answers" as const,
      expiresAt: linkExpiry(startsAt),
      issuedAt: now.toISOString(),
    };
    links.answers = linkPath("answers", signLink(claims, keyring));
  }
  return links;
}

/** The guest's data link (`/l/data/<token>`, `dataLinkDays` days), minted afresh each time a manage page is shown. */
export function dataLink(event: EventRecord, guest: GuestRecord, now: Date, keyring: Keyring): string {
  const claims = {
    eventId: event.eventId,
    guestId: guest.guestId,
    action: "data" as const,
    expiresAt: new Date(now.getTime() + dataLinkDays * 86_400_000).toISOString(),
    issuedAt: now.toISOString(),
  };
  return linkPath("data", signLink(claims, keyring));
}

/** A signed `manage` token of the guest, valid until the event starts: the manage page only shows. */
function manageToken(event: EventRecord, guest: GuestRecord, now: Date, keyring: Keyring): string {
  const claims = {
    eventId: event.eventId,
    guestId: guest.guestId,
    action: "manage" as const,
    expiresAt: linkExpiry(new Date(event.startsAt)),
    issuedAt: now.toISOString(),
  };
  return signLink(claims, keyring);
}

/**
 * A signed link to the guest's own manage page (`/l/manage/<token>`, valid until the event starts), for a page
 * that offers a way back to it. The manage page only shows, so this link acts on nothing.
 */
export function manageLink(event: EventRecord, guest: GuestRecord, now: Date, keyring: Keyring): string {
  return linkPath("manage", manageToken(event, guest, now, keyring));
}

/**
 * The page where a guest corrects their own name (`/name/manage/<token>`, link-routes.ts), for a manage page
 * to offer: while the guest is on the list (one who left has no name there to correct) and the event has not
 * started (its token would have expired). `token`: the manage link's own, when the page is that link's.
 */
export function nameLinkOf(
  event: EventRecord,
  guest: GuestRecord,
  now: Date,
  keyring: Keyring | undefined,
  token?: string,
): string | null {
  if (!keyring || guest.status === "cancelled" || guest.status === "lapsed") return null;
  if (now >= new Date(event.startsAt)) return null;
  return `/name/manage/${token ?? manageToken(event, guest, now, keyring)}`;
}
