import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import type { Keyring, LinkAction } from "../../contracts/link.ts";
import { type Translate, wordsFor } from "./event-view.ts";
import { manageLink } from "./manage-links.ts";

/**
 * The way back on a cancel, leave or decline page before the press: a guest who opened it by mistake should not
 * have to close the tab. It is an outlined button, a GET to the guest's own manage page (a signed link of that
 * guest, minted afresh), named for what the guest keeps by taking it: "Keep my RSVP", "Stay on the waitlist".
 * It acts on nothing; the manage page only shows.
 */
export interface WayBack {
  href: string;
  label: string;
}

/** What the way back is called for a guest in this state on this link's page; null: the page has none. */
export function wayBackLabel(action: LinkAction, guest: GuestRecord, t: Translate): string | null {
  const leaving = action === "cancel" || action === "not-coming";
  if (!leaving && action !== "decline") return null;
  switch (guest.status) {
    case "offered":
      return t("wayBack.backToOffer");
    case "pending":
      return t("wayBack.backToInvitation");
    case "confirmed":
      return leaving ? t("wayBack.keepRsvp") : null;
    case "waitlisted":
      return leaving ? t("wayBack.stayWaitlisted") : null;
    case "requested":
      return leaving ? t("wayBack.keepRequest") : null;
    case "lapsed":
    case "cancelled":
      return null;
  }
}

/** The way back for a page whose button still applies, or null (no such page, or the event has started). */
export function wayBackOf(
  action: LinkAction,
  event: EventRecord,
  guest: GuestRecord,
  now: Date,
  keyring: Keyring,
): WayBack | null {
  if (now >= new Date(event.startsAt)) return null;
  const label = wayBackLabel(action, guest, wordsFor(event).t);
  return label ? { href: manageLink(event, guest, now, keyring), label } : null;
}
