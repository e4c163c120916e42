import type { EventRecord } from "../../contracts/event.ts";

/**
 * The host page's live headcount, kept in memory per host link for a moment (`maxAgeMs`, about a second in
 * `rsvp start`): the polls of that moment are answered from it, unchanged polls with a 304, without a read of
 * the store, a hash of the token or a rendering. It also coalesces the ETag: under a rush every commit moves
 * the event's version, but a poller sees a new version at most once per `maxAgeMs`, so its other polls are
 * 304s. The price is that long: the host sees a change (or a replaced host link stops working for the
 * headcount) up to `maxAgeMs` late. With `maxAgeMs` 0 (tests, the default) nothing is kept.
 *
 * Only polls that hold an ETag (If-None-Match) are answered from what is kept; a request without one is read
 * from the store, so whoever asks once sees the headcount as it is. Only a link the store said opens an event
 * is kept; an unknown one is asked of the store every time.
 */
export interface HeadcountCache {
  /**
   * The event a host link opens, as read at most `maxAgeMs` ago; `read` asks the store otherwise, or always
   * when `fresh` (a request that holds no ETag yet: a first load, a script or CLI asking once), and the copy
   * read is then the one kept.
   */
  eventFor(
    token: string,
    read: () => Promise<EventRecord | null>,
    fresh?: boolean,
  ): Promise<EventRecord | null>;
  /**
   * The ETag an unchanged poll may be answered 304 with, in front of everything else: the headcount's ETag for a
   * host link whose copy was read at most `maxAgeMs` ago, and when the copy is near the end of its moment (the
   * last fifth), one read in the background (the one `eventFor` was given) starts its next moment. So while polls keep coming (under a rush, 100 pollers) the copy never runs
   * out and the polls stay on the fast path, instead of all going the long way at each moment's end until a
   * read is back; the copy is still never older than `maxAgeMs`. Null when no fresh copy is kept (then only
   * the route, which reads the store, may answer).
   */
  answerTag(token: string): string | null;
}

/** The event version names the headcount: every committed change of the event or its guests bumps it. */
export const headcountTagOf = (event: EventRecord) => `W/"${event.eventId}-${event.version}"`;

/** If-None-Match holds `*` or a list of tags; weak comparison, as RFC 9110 asks for If-None-Match. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header === etag) return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim() === "*" || opaque(tag) === opaque(etag));
}

/** How far into its moment a copy that is still being polled is read again in the background (see `answerTag`). */
const refreshAt = 0.8;

/** Host links whose headcount is kept; past this the cache starts over rather than grow. */
const maxEntries = 1_000;

export function headcountCache(options: { maxAgeMs?: number; now?: () => number } = {}): HeadcountCache {
  const maxAgeMs = options.maxAgeMs ?? 0;
  const now = options.now ?? (() => performance.now());
  interface Kept {
    event: EventRecord;
    tag: string;
    readAt: number;
    read: () => Promise<EventRecord | null>;
    refreshing: boolean;
  }
  const kept = new Map<string, Kept>();
  const fresh = (token: string) => {
    const entry = kept.get(token);
    return entry && now() - entry.readAt < maxAgeMs ? entry : null;
  };
  const keep = (token: string, event: EventRecord, read: Kept["read"]) => {
    if (kept.size >= maxEntries && !kept.has(token)) kept.clear();
    kept.set(token, { event, tag: headcountTagOf(event), readAt: now(), read, refreshing: false });
  };
  /** One read in the background; a link the store no longer knows (or a failed read) is forgotten. */
  const refresh = (token: string, entry: Kept) => {
    entry.refreshing = true;
    entry.read().then(
      (event) => {
        if (kept.get(token) !== entry) return;
        if (event) keep(token, event, entry.read);
        else kept.delete(token);
      },
      () => {
        if (kept.get(token) === entry) kept.delete(token);
      },
    );
  };
  return {
    async eventFor(token, read, readAnyway = false) {
      if (maxAgeMs <= 0) return read();
      const entry = readAnyway ? null : fresh(token);
      if (entry) return entry.event;
      const event = await read();
      if (!event) {
        kept.delete(token);
        return null;
      }
      keep(token, event, read);
      return event;
    },
    answerTag(token) {
      const entry = maxAgeMs > 0 ? fresh(token) : null;
      if (!entry) return null;
      if (!entry.refreshing && now() - entry.readAt >= maxAgeMs * refreshAt) refresh(token, entry);
      return entry.tag;
    },
  };
}
