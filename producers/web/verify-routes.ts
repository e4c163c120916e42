import { type Context, Hono } from "hono";
import { html } from "hono/html";
import type * as z from "zod";
import { Command, type RegisterCommand, VerifyAddressCommand } from "../../contracts/command.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { Accepted } from "../../contracts/http.ts";
import {
  type PendingRegistration,
  readVerificationPayload,
  verificationDigest,
} from "../../core/address-verification.ts";
import { linkPath } from "../../core/link-minter.ts";
import { BadLinkError } from "./errors.ts";
import { eventLine, wordsFor } from "./event-view.ts";
import type { LinkRouteDeps } from "./link-routes.ts";
import { type WebEnv, wantsJson } from "./negotiation.ts";
import { type Html, layout } from "./pages.ts";
import { limitBody } from "./request-body.ts";
import { linkClaimsOf, linkEventOf } from "./signed-link.ts";

/** A verify link's routes need what every link route needs. */
export type VerifyRouteDeps = LinkRouteDeps;

/** The command a web registration becomes when its event confirms addresses first. */
export function verifyAddressCommandOf(register: z.infer<typeof RegisterCommand>): Command {
  return VerifyAddressCommand.parse({
    type: "verify-address",
    eventId: register.eventId,
    commandId: `verify-${register.commandId}`,
    issuedAt: register.issuedAt,
    lane: register.lane,
    name: register.name,
    email: register.email,
    party: register.party,
    registrationId: register.commandId,
  });
}

/** The page of a confirmation link: who asks for how many seats, and the one button. */
function verifyPage(event: EventRecord, r: PendingRegistration, postPath: string): Html {
  const { lang, t } = wordsFor(event);
  const heading = t("trust.verify.heading", { event: event.name });
  const values = { name: r.name, email: r.email, count: r.party };
  return layout(
    heading,
    html`${eventLine(event)}
<h1>${heading}</h1>
<p>${r.party > 1 ? t("trust.verify.consequenceParty", values) : t("trust.verify.consequence", values)}</p>
<form method="post" action="${postPath}"><button type="submit">${t("trust.verify.button")}</button></form>
<p class="note">${t("trust.verify.nothingChangesUntil")}</p>`,
    html`<meta name="robots" content="noindex">`,
    { lang },
  );
}

/**
 * The confirmation link of a registration held for its address (`/l/verify/<token>?r=<registration>`): the
 * token is signed for the event and for the digest of the registration it carries, so neither can be changed.
 * GET shows the registration and one button; only the POST sends it (as the `link` lane: the address's owner
 * pressed it), under the id of the status page the registrant was shown, and answers with that page. Pressed
 * twice, the queue and the keeper take it once. An unpressed link expires (24 hours, or the start): nothing
 * was stored for it.
 */
export function verifyRoutes(deps: VerifyRouteDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  const open = async (c: Context<WebEnv>) => {
    const token = c.req.param("token") ?? "";
    const payload = c.req.query("r") ?? "";
    const claims = linkClaimsOf(token, deps.keyring(), "verify", deps.clock.now());
    const registration = readVerificationPayload(payload);
    if (!registration || claims.guestId !== verificationDigest(claims.eventId, payload))
      throw new BadLinkError("This link is damaged: open it from your email again, whole.");
    const event = await linkEventOf(c, deps.reader, claims.eventId);
    return { token, payload, registration, event };
  };

  app.use("/l/verify/*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
  });

  app.get("/l/verify/:token", async (c) => {
    const { token, payload, registration, event } = await open(c);
    if (wantsJson(c))
      return c.json({
        action: "verify",
        eventId: event.eventId,
        name: registration.name,
        email: registration.email,
        party: registration.party,
      });
    return c.html(verifyPage(event, registration, `${linkPath("verify", token)}?r=${payload}`));
  });

  app.post(
    "/l/verify/:token",
    limitBody(8 * 1024, "the body is larger than 8 KB; the button sends nothing"),
    async (c) => {
      const { registration, event } = await open(c);
      const command = Command.parse({
        type: "register",
        eventId: event.eventId,
        commandId: registration.registrationId,
        issuedAt: deps.clock.now().toISOString(),
        lane: "link",
        name: registration.name,
        email: registration.email,
        party: registration.party,
      });
      await deps.queue.send([command]);
      const statusPath = `/e/${event.eventId}/s/${registration.registrationId}`;
      if (!wantsJson(c)) return c.redirect(statusPath, 303);
      const statusUrl = `${deps.origin(c)}${statusPath}`;
      c.header("Location", statusUrl);
      const accepted: Accepted = { status: "accepted", commandId: command.commandId, statusUrl };
      return c.json(accepted, 202);
    },
  );

  return app;
}
