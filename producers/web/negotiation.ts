import type { Context } from "hono";

/**
 * Context variables the web app sets: a route that only ever speaks JSON says so; a page the host lets other
 * sites frame names their origins (see security-headers.ts).
 */
export type WebEnv = { Variables: { jsonOnly?: boolean; frameAncestors?: readonly string[] } };

/** The media type of a Content-Type header, lower-cased, without parameters ("" when absent). */
export function mediaTypeOf(header: string | undefined): string {
  return (header ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

export const isJsonType = (type: string) => type === "application/json" || type.endsWith("+json");
export const isFormType = (type: string) =>
  type === "application/x-www-form-urlencoded" || type === "multipart/form-data";

/**
 * Whether to answer this request with JSON rather than a page. A form post gets a page (a person is looking
 * at it), a JSON post gets JSON; otherwise the Accept header decides, and without one a GET gets a page and
 * anything else JSON (a program sent it).
 */
export function wantsJson(c: Context<WebEnv>): boolean {
  if (c.get("jsonOnly")) return true;
  const type = mediaTypeOf(c.req.header("content-type"));
  if (isJsonType(type)) return true;
  if (isFormType(type)) return false;
  const accept = (c.req.header("accept") ?? "").toLowerCase();
  if (accept.includes("text/html")) return false;
  if (accept.includes("json")) return true;
  return c.req.method !== "GET" && c.req.method !== "HEAD";
}
