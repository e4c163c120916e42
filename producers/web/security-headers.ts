import { secureHeaders } from "hono/secure-headers";
import { adminStyleHash, stackedTablesStyleHash } from "./admin-style.ts";
import { hostPageScriptHash, pageStyleHash } from "./inline-assets.ts";

/**
 * Security headers on every response. The policy allows only our own inline style and host script (by
 * hash), fetches to our own origin and form posts to our own origin. No referrer is ever sent: host links
 * carry their token in the path, and a click from the host page must not hand it to another site.
 * HSTS is left to whatever terminates TLS; the embedded runtime usually serves plain HTTP on loopback.
 */
export const securityHeaders = () =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: [hostPageScriptHash],
      styleSrc: [pageStyleHash, stackedTablesStyleHash, adminStyleHash],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
    },
    referrerPolicy: "no-referrer",
    xContentTypeOptions: "nosniff",
    strictTransportSecurity: false,
  });
