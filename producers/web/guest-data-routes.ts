import { type Context, Hono } from "hono";
import { Command } from "../../contracts/command.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { Accepted } from "../../contracts/http.ts";
import type { LinkClaims } from "../../contracts/link.ts";
import { isErased } from "../../core/guest-erasure.ts";
import { linkDonePath, linkPath } from "../../core/link-minter.ts";
import type { AuditLog } from "../../core/ports.ts";
import { NotFoundError } from "./errors.ts";
import { guestDataOf, guestDataPage, guestErasedPage, guestErasingPage } from "./guest-data-pages.ts";
import { type LinkRouteDeps, linkCommandId } from "./link-routes.ts";
import type { GuestView } from "./link-status.ts";
import { type WebEnv, wantsJson } from "./negotiation.ts";
import { limitBody } from "./request-body.ts";
import { linkClaimsOf, linkEventOf, linkGuestOf } from "./signed-link.ts";

export interface GuestDataRouteDeps extends LinkRouteDeps {
  /** The audit trail the guest's history is read from; without it the data holds no history. */
  audit?: Pick<AuditLog, "list"> | undefined;
}

/** How long the data link of a manage page works: it is minted afresh each time the page is shown. */
export const dataLinkDays = 7;

/**
 * A guest's own data, from the data link of their manage page (`/l/data/<token>`, signed for that guest):
 * GET shows what the guest list keeps about them, `/download` gives it as a JSON file, and only the POST of the
 * page's one button erases it (`erase-guest`, the keeper decides). After that, the same link says the data is
 * erased and shows nothing. Answers as the other link routes: damaged 400, expired 410, unknown 404.
 */
export function guestDataRoutes(deps: GuestDataRouteDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  const open = async (
    c: Context<WebEnv>,
    token: string,
    atAnyTime = false,
  ): Promise<{ claims: LinkClaims; event: EventRecord; view: GuestView }> => {
    const at = atAnyTime ? new Date(0) : deps.clock.now();
    const claims = linkClaimsOf(token, deps.keyring(), "data", at);
    const event = await linkEventOf(c, deps.reader, claims.eventId);
    const guest = await linkGuestOf(deps.reader, event, claims.guestId);
    const position =
      guest.status === "waitlisted" ? await deps.reader.waitlistPosition(event.eventId, guest.guestId) : null;
    return { claims, event, view: { guest, position } };
  };

  const dataOf = async (event: EventRecord, view: GuestView) =>
    guestDataOf(event, view, isErased(view.guest) ? [] : ((await deps.audit?.list(event.eventId)) ?? []));

  // A person's own data: never cached, by a browser or on the way.
  app.use("/l/data/*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
    c.header("Vary", "Accept");
  });

  app.get("/l/data/:token", async (c) => {
    const token = c.req.param("token");
    const { event, view } = await open(c, token);
    if (isErased(view.guest)) return wantsJson(c) ? c.json({ erased: true }) : c.html(guestErasedPage(event));
    const data = await dataOf(event, view);
    if (wantsJson(c)) return c.json(data);
    const postPath = linkPath("data", token);
    return c.html(guestDataPage({ event, view, data, postPath, downloadPath: `${postPath}/download` }));
  });

  app.get("/l/data/:token/download", async (c) => {
    const { event, view } = await open(c, c.req.param("token"));
    if (isErased(view.guest))
      throw new NotFoundError("This guest's data is erased; there is nothing to download.");
    c.header("Content-Disposition", `attachment; filename="rsvp-${event.eventId}-my-data.json"`);
    return c.json(await dataOf(event, view));
  });

  const limit = limitBody(8 * 1024, "the body is larger than 8 KB; the erase button sends nothing");

  app.post("/l/data/:token", limit, async (c) => {
    const token = c.req.param("token");
    const { claims } = await open(c, token);
    // Enqueued even when already erased: the keeper answers "unchanged", and the done page says erased.
    const command = Command.parse({
      type: "erase-guest",
      eventId: claims.eventId,
      guestId: claims.guestId,
      reason: "guest",
      commandId: linkCommandId(token),
      issuedAt: deps.clock.now().toISOString(),
      lane: "link",
    });
    await deps.queue.send([command]);
    const doneUrl = `${deps.origin(c)}${linkDonePath("data", token)}`;
    if (!wantsJson(c)) return c.redirect(doneUrl, 303);
    c.header("Location", doneUrl);
    const accepted: Accepted = { status: "accepted", commandId: command.commandId, statusUrl: doneUrl };
    return c.json(accepted, 202);
  });

  app.get("/l/data/:token/done", async (c) => {
    const token = c.req.param("token");
    const { event, view } = await open(c, token, true);
    const erased = isErased(view.guest);
    if (wantsJson(c)) return c.json(erased ? { state: "done", erased: true } : { state: "processing" });
    return c.html(erased ? guestErasedPage(event) : guestErasingPage(event, linkPath("data", token)));
  });

  return app;
}
