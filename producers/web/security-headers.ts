import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { adminStyleHash, stackedTablesStyleHash, tableLabelsStyleHashes } from "./admin-style.ts";
import { requestsStyleHash } from "./approval-pages.ts";
import { copyLinkScriptHash, copyLinkStyleHash } from "./copy-link.ts";
import { doorPageScriptHash, doorStyleHash } from "./door-script.ts";
import { hostHandStyleHash } from "./host-hand-pages.ts";
import { hostPageScriptHash, livePageScriptHash, pageStyleHash } from "./inline-assets.ts";
import { listSearchStyleHash } from "./list-search-style.ts";
import type { WebEnv } from "./negotiation.ts";

/**
 * Security headers on every response. The policy allows only our own inline style and scripts (by hash),
 * fetches to our own origin and form posts to our own origin. No referrer is ever sent: host links carry
 * their token in the path, and a click from the host page must not hand it to another site.
 * HSTS is left to whatever terminates TLS; the embedded runtime usually serves plain HTTP on loopback.
 * No page may be framed (`frame-ancestors 'none'`), except where `allowFraming` says otherwise.
 */
export const securityHeaders = () =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: [hostPageScriptHash, livePageScriptHash, doorPageScriptHash, copyLinkScriptHash],
      styleSrc: [
        pageStyleHash,
        stackedTablesStyleHash,
        adminStyleHash,
        requestsStyleHash,
        hostHandStyleHash,
        doorStyleHash,
        ...tableLabelsStyleHashes,
        copyLinkStyleHash,
        listSearchStyleHash,
      ],
      imgSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
    },
    referrerPolicy: "no-referrer",
    xContentTypeOptions: "nosniff",
    strictTransportSecurity: false,
  });

/**
 * Lets the sites a host named (`settings.embedOrigins`) frame the register form and its flow: a route sets
 * `frameAncestors` for its response, and this swaps the policy's `frame-ancestors 'none'` for those origins
 * (and drops X-Frame-Options, which cannot name another origin). Registered before `securityHeaders`, so it
 * runs after that has set the headers. Every other response keeps `'none'`.
 */
export const allowFraming = (): MiddlewareHandler<WebEnv> => async (c, next) => {
  await next();
  const origins = c.get("frameAncestors");
  if (!origins || origins.length === 0) return;
  const csp = c.res.headers.get("Content-Security-Policy");
  if (!csp) return;
  c.res.headers.set(
    "Content-Security-Policy",
    csp.replace("frame-ancestors 'none'", `frame-ancestors ${origins.join(" ")}`),
  );
  c.res.headers.delete("X-Frame-Options");
};

/**
 * Lets one page run a script the global policy does not name: a route sets `pageScripts` (CSP hashes) for its
 * response, and they are added to `script-src` there alone. The door page's QR decoder is one (its hash is
 * known only once the decoder has been read, on the first door page; see door-script.ts); the door page also
 * sets `serviceWorker`, which allows its own-origin service worker (`worker-src 'self'`). Registered before
 * `securityHeaders`, like `allowFraming`.
 */
export const allowPageScripts = (): MiddlewareHandler<WebEnv> => async (c, next) => {
  await next();
  const hashes = c.get("pageScripts") ?? [];
  const worker = c.get("serviceWorker") === true;
  if (hashes.length === 0 && !worker) return;
  let csp = c.res.headers.get("Content-Security-Policy");
  if (!csp) return;
  if (hashes.length > 0) csp = csp.replace("script-src ", `script-src ${hashes.join(" ")} `);
  if (worker) csp = `${csp}; worker-src 'self'`;
  c.res.headers.set("Content-Security-Policy", csp);
};
