import type { IncomingMessage, ServerResponse } from "node:http";
import { type HeadcountCache, matchesIfNoneMatch } from "../../producers/web/headcount-cache.ts";

/** `/h/<token>/headcount`, the host page's live headcount (tokens are URL-safe: no escapes to decode). */
const headcountPath = /^\/h\/([A-Za-z0-9_-]+)\/headcount$/;

/**
 * An unchanged headcount poll answered 304 on the socket, before the web app sees it: no Request object, no
 * routing, no middleware, no read. It answers only when the host link was read within the cache's moment and
 * the poller already holds that ETag; everything else (and every other request) goes on to the app, which
 * gives the same answer the long way. Returns whether it answered.
 */
export function answerUnchangedHeadcount(
  cache: HeadcountCache,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  if (req.method !== "GET") return false;
  const ifNoneMatch = req.headers["if-none-match"];
  if (!ifNoneMatch) return false;
  const token = headcountPath.exec(req.url ?? "")?.[1];
  if (!token) return false;
  const tag = cache.answerTag(token);
  if (tag === null || !matchesIfNoneMatch(ifNoneMatch, tag)) return false;
  // The headers the app's 304 carries (its security headers matter for documents, not for an empty 304).
  res.writeHead(304, {
    ETag: tag,
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
  });
  res.end();
  return true;
}
