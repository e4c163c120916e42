import { type Context, Hono } from "hono";
import type { RsvpStatus } from "../../contracts/http.ts";
import { translator } from "../../i18n/index.ts";
import type { CalendarSite } from "../../mail/calendar.ts";
import { calendarAttachment } from "../../mail/guest-email-parts.ts";
import { checkInViewOf } from "./check-in-view.ts";
import { NotFoundError, said } from "./errors.ts";
import type { LinkRouteDeps } from "./link-routes.ts";
import { statusLine } from "./link-status.ts";
import { dataLink, manageLinksOf, nameLinkOf } from "./manage-links.ts";
import { type ManageView, statusPage } from "./manage-pages.ts";
import { type WebEnv, wantsJson } from "./negotiation.ts";
import { linkClaimsOf, linkEventOf, linkGuestOf } from "./signed-link.ts";

export interface ManageLinkRouteDeps extends LinkRouteDeps {
  /** The site the emails' calendar UIDs live on, for the .ics download; absent: the placeholder. */
  calendarSite?: (() => CalendarSite) | undefined;
}

/** What a refusal of a manage link adds, as on every link page: that opening it changed nothing. */
const noChange = { hint: said("link.noChange") };

/**
 * The emails' "Manage your RSVP" link, `/l/manage/<token>`: the guest's manage page (manage-pages.ts, the same
 * page a registration's status link shows) with where they stand, their party, and every step they can take,
 * each a signed link of its own to its page (GET shows, POST acts). It only shows: there is no POST, and
 * opening it any number of times changes nothing. A link that does not verify, an event or guest that is gone,
 * and an erased guest are refused as on every other link page (link-routes.ts): 400, 410, 404.
 */
export function manageLinkRoutes(deps: ManageLinkRouteDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  /** The verified link's event and guest (an erased guest is no one a link shows, as on every link). */
  const open = async (c: Context<WebEnv>, token: string) => {
    c.header("Cache-Control", "no-store");
    c.header("Vary", "Accept");
    const now = deps.clock.now();
    const claims = linkClaimsOf(token, deps.keyring(), "manage", now);
    const event = await linkEventOf(c, deps.reader, claims.eventId, noChange);
    const guest = await linkGuestOf(deps.reader, event, claims.guestId, { ...noChange, erased: "refused" });
    return { now, event, guest };
  };

  app.get("/l/manage/:token", async (c) => {
    const token = c.req.param("token");
    const { now, event, guest } = await open(c, token);
    const position =
      guest.status === "waitlisted" ? await deps.reader.waitlistPosition(event.eventId, guest.guestId) : null;
    const status: RsvpStatus = { state: guest.status, name: guest.name, position, duplicate: false };
    const keyring = deps.keyring();
    const links: ManageView["links"] = {
      ...manageLinksOf(event, guest, now, keyring),
      data: dataLink(event, guest, now, keyring),
    };
    const path = `/l/manage/${token}`;
    if (wantsJson(c))
      return c.json({
        ...status,
        action: "manage" as const,
        eventId: event.eventId,
        guestId: guest.guestId,
        party: guest.party ?? 1,
        offerExpiresAt: guest.status === "offered" ? (guest.offer?.expiresAt ?? null) : null,
        statusLine: statusLine({ guest, position }, event),
        links,
      });
    const manage: ManageView = {
      guest,
      links,
      icsPath: guest.status === "confirmed" ? `${path}/calendar.ics` : null,
      manageUrl: `${deps.origin(c)}${path}`,
      checkIn: checkInViewOf(event, guest, keyring, (code) =>
        translator(event.details.language)("door.code.alt", { code }),
      ),
      // The name page is the link's own (`/name/manage/…`), and comes back here.
      nameLink: nameLinkOf(event, guest, now, keyring, token),
    };
    return c.html(statusPage(event, status, now, manage));
  });

  /** The guest's calendar entry while they hold a seat: the same file their confirmation email carries. */
  app.get("/l/manage/:token/calendar.ics", async (c) => {
    const { event, guest } = await open(c, c.req.param("token"));
    if (guest.status !== "confirmed") throw new NotFoundError(said("noCalendar"));
    const page = `${deps.origin(c)}/e/${event.eventId}`;
    const ics = calendarAttachment(event, guest, deps.calendarSite?.(), page).content;
    c.header("Content-Type", "text/calendar; charset=utf-8");
    c.header("Content-Disposition", `attachment; filename="${event.eventId}.ics"`);
    return c.body(ics);
  });

  return app;
}
