import type { Context } from "hono";
import { type Language, languages } from "../../contracts/language.ts";

/**
 * Context variables the web app sets: a route that only ever speaks JSON says so; a page the host lets other
 * sites frame names their origins (see security-headers.ts); a route that found its event names the event's
 * language, which its error pages are then in.
 */
export type WebEnv = {
  Variables: {
    jsonOnly?: boolean;
    frameAncestors?: readonly string[];
    language?: Language;
    /** Script hashes this response's page adds to the policy (see `allowPageScripts`). */
    pageScripts?: readonly string[];
    /** This page registers its own service worker (the door page). */
    serviceWorker?: boolean;
  };
};

/**
 * The language of an error page: the event's when the route knew the event, otherwise the Accept-Language
 * header's best of the languages rsvp speaks (English when it names none of them).
 */
export function pageLanguageOf(c: Context<WebEnv>): Language {
  return c.get("language") ?? acceptedLanguageOf(c) ?? "en";
}

/** The Accept-Language header's best of the languages rsvp speaks; null when it names none of them. */
export function acceptedLanguageOf(c: Context<WebEnv>): Language | null {
  let best: { language: Language; q: number } | null = null;
  for (const part of (c.req.header("accept-language") ?? "").split(",")) {
    const [tag = "", ...params] = part.trim().toLowerCase().split(";");
    const language = languages.find((l) => tag === l || tag.startsWith(`${l}-`));
    if (!language) continue;
    const qParam = params.map((x) => x.trim()).find((x) => x.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (Number.isFinite(q) && q > 0 && (!best || q > best.q)) best = { language, q };
  }
  return best?.language ?? null;
}

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
