import type { Context, MiddlewareHandler } from "hono";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import { ForbiddenError, said } from "./errors.ts";

/**
 * Refuses a form post that another site's page made (cross-site request forgery). A browser says where a post
 * comes from in `Sec-Fetch-Site` and `Origin`; a post passes when either names this site — `origin(c)`, the
 * public origin links are built from. hono's `csrf` middleware does the checking; it looks only at what a page
 * of another site can send without asking (form and plain-text bodies), since a JSON post from another origin
 * needs a CORS preflight that this app never grants. A refused post is a ForbiddenError (403). `Origin: null`
 * (a sandboxed frame, a privacy redirect) is refused too.
 *
 * One small file so every form that acts (the host's, the admin's) can put it in front of its routes:
 * `app.post("/h/:hostToken/*", sameOrigin(origin))`.
 */
export function sameOrigin(origin: (c: Context) => string): MiddlewareHandler {
  const check = csrf({
    origin: (requestOrigin, c) => requestOrigin === origin(c),
    secFetchSite: "same-origin",
  });
  return async (c, next) => {
    // Every browser of the last years sends Origin with a POST, and Sec-Fetch-Site besides; a post with neither
    // comes from no web page (curl, a script), so no other site made it. The server-issued form id still
    // stands in front of every host action.
    if (c.req.header("origin") === undefined && c.req.header("sec-fetch-site") === undefined) return next();
    try {
      await check(c, async () => {});
    } catch (error) {
      if (error instanceof HTTPException && error.status === 403)
        throw new ForbiddenError(said("otherSite"), undefined, { hint: said("otherSiteHint") });
      throw error;
    }
    await next();
  };
}
