import { type Context, Hono, type MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Clock } from "../../core/ports.ts";
import { adminEventRoutes, readFields } from "./admin-event-routes.ts";
import { eventListPage, signInPage } from "./admin-pages.ts";
import type { AdminService } from "./admin-service.ts";
import { ForbiddenError, said } from "./errors.ts";
import type { WebEnv } from "./negotiation.ts";
import { pageLanguageOf } from "./negotiation.ts";
import { limitBody } from "./request-body.ts";

export interface AdminRouteDeps {
  service: AdminService;
  /** Whether a presented admin token is the right one (constant-time; see adapters/local/admin-token.ts). */
  verifyAdminToken: (token: string) => boolean;
  clock: Clock;
  newId: () => string;
  /** The public origin (the base URL): host forms must come from it, and links start with it. */
  origin: (c: Context<WebEnv>) => string;
  /** The zone a new event's form starts in. */
  defaultTimeZone?: string;
}

/** The session cookie: the admin token itself, HttpOnly so no script reads it, sent only to /admin. */
const cookieName = "rsvp_admin";
const sessionSeconds = 7 * 24 * 3600;
const maxAdminFormBytes = 64 * 1024;

/**
 * The instance owner's admin area under `/admin`: every event, creating and editing one, closing and
 * reopening registration, and a new host link. Signing in with the admin token (the one the outbox link
 * carries) sets a cookie, so the token leaves the address bar and the history; every form post must come from
 * the base URL's own origin (the Origin header), so another site cannot make a signed-in browser act.
 */
export function adminRoutes(deps: AdminRouteDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const { service } = deps;
  const ownOrigin = (c: Context<WebEnv>) => new URL(deps.origin(c)).origin;
  const signedIn = (c: Context<WebEnv>) => {
    const token = getCookie(c, cookieName);
    return token !== undefined && deps.verifyAdminToken(token);
  };

  // No page here carries a secret in its address (the session is a cookie), so a form post may say where it
  // came from: with the app-wide no-referrer policy a browser sends "Origin: null" even to the same origin.
  const adminHeaders: MiddlewareHandler<WebEnv> = async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
    c.header("Referrer-Policy", "same-origin");
  };
  app.use("/admin", adminHeaders);
  app.use("/admin/*", adminHeaders);

  /** Every form post: from our own origin (checked first, before the session or the body). */
  const sameOrigin: MiddlewareHandler<WebEnv> = async (c, next) => {
    const origin = c.req.header("origin");
    // "null" is what a browser sends when a policy hides the origin; Sec-Fetch-Site (which no page can set)
    // then still says whether the form came from this very site.
    const sameSite = origin === "null" && c.req.header("sec-fetch-site") === "same-origin";
    if (origin !== ownOrigin(c) && !sameSite)
      throw new ForbiddenError(said("otherSite"), undefined, { hint: said("admin.otherSiteHint") });
    await next();
  };
  /** A post that acts: signed in, too. */
  const admin: MiddlewareHandler<WebEnv> = async (c, next) => {
    if (!signedIn(c))
      throw new ForbiddenError(said("admin.notSignedIn"), undefined, { hint: said("admin.notSignedInHint") });
    await next();
  };
  /** A page behind the session: without one, the sign-in page. */
  const adminPage: MiddlewareHandler<WebEnv> = async (c, next) => {
    if (!signedIn(c)) return c.redirect("/admin", 303);
    await next();
  };
  const bodyLimit = limitBody(maxAdminFormBytes, said("admin.formTooLarge"));
  const posted = [sameOrigin, admin, bodyLimit] as const;

  app.get("/admin", async (c) => {
    if (!signedIn(c))
      return c.html(
        signInPage({
          failed: false,
          token: "",
          signedOut: c.req.query("signed-out") !== undefined,
          language: pageLanguageOf(c),
        }),
      );
    return c.html(
      eventListPage({
        events: await service.listEvents(),
        now: deps.clock.now(),
        language: pageLanguageOf(c),
      }),
    );
  });

  // A sign-in link (`rsvp start` prints one) only fills the form in: the post that signs in comes from a click.
  app.get("/admin/sign-in", (c) =>
    c.html(signInPage({ failed: false, token: c.req.query("token") ?? "", language: pageLanguageOf(c) })),
  );

  app.post("/admin/sign-in", sameOrigin, bodyLimit, async (c) => {
    const fields = await readFields(c);
    const token = typeof fields.token === "string" ? fields.token.trim() : "";
    if (!deps.verifyAdminToken(token))
      return c.html(signInPage({ failed: true, token: "", language: pageLanguageOf(c) }), 403);
    setCookie(c, cookieName, token, {
      httpOnly: true,
      sameSite: "Strict",
      secure: ownOrigin(c).startsWith("https:"),
      path: "/admin",
      maxAge: sessionSeconds,
    });
    return c.redirect("/admin", 303);
  });

  app.post("/admin/sign-out", sameOrigin, async (c) => {
    deleteCookie(c, cookieName, { path: "/admin", secure: ownOrigin(c).startsWith("https:") });
    return c.redirect("/admin?signed-out", 303);
  });

  adminEventRoutes(app, deps, { adminPage, posted });
  return app;
}
