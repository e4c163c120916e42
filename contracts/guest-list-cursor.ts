import * as z from "zod";
import { Id, Instant } from "./common.ts";

/**
 * A page link of the host's guest list where it is paged (the AWS runtime): which event's list, whether the
 * page comes after or before a guest, that guest's place in registration order, and how many guests come
 * before the page (for "Guests 501–1,000"). Opaque to the host (base64url JSON), and validated on the way in:
 * a link of another event's list is refused, and the store reads only the event the host link names anyway.
 */
export const GuestListCursor = z
  .object({
    /** The event whose list it pages. */
    e: Id,
    /** `through`: a part of the download in parts ends with guest `g` (its last, included). */
    d: z.enum(["after", "before", "through"]),
    /** The guest the page comes after or before (or a part ends with): registered at `c`, id `g`. */
    c: Instant,
    g: Id,
    /** Guests before the page ("after"), or before guest `g` ("before"), or up to guest `g` ("through"). */
    n: z.number().int().min(0).max(100_000_000),
  })
  .strict();
export type GuestListCursor = z.infer<typeof GuestListCursor>;

/** The cursor as a URL-safe string, its fields always in one order (so one cursor has one text). */
export function encodeGuestListCursor(cursor: GuestListCursor): string {
  const { e, d, c, g, n } = cursor;
  return Buffer.from(JSON.stringify({ e, d, c, g, n })).toString("base64url");
}

/**
 * The cursor a page link carries, if it is one of this event's: `damaged` for anything that is not a cursor
 * (edited, cut short), `other-event` for one of another event's list.
 */
export function decodeGuestListCursor(
  text: string,
  eventId: string,
): { ok: true; cursor: GuestListCursor } | { ok: false; problem: "damaged" | "other-event" } {
  if (text.length > 512 || !/^[A-Za-z0-9_-]+$/.test(text)) return { ok: false, problem: "damaged" };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    return { ok: false, problem: "damaged" };
  }
  const parsed = GuestListCursor.safeParse(json);
  // Only the text this encoder writes: base64 decoding forgives a stray character at the end, this does not.
  if (!parsed.success || encodeGuestListCursor(parsed.data) !== text)
    return { ok: false, problem: "damaged" };
  if (parsed.data.e !== eventId) return { ok: false, problem: "other-event" };
  return { ok: true, cursor: parsed.data };
}

/** The most a search of the guest list (`?q=` on the host's list) holds, in characters. */
export const guestSearchMaxLength = 100;

/**
 * The host's search of the guest list: words a guest's name or email holds (case aside), spaces at either end
 * dropped; empty means no search.
 */
export const GuestListSearch = z.string().trim().max(guestSearchMaxLength);
