import type { GuestRecord } from "../contracts/guest.ts";

/**
 * The shapes a long guest list is read in (the host's page, its JSON and its CSV): streamed a page at a time
 * (`GuestReader.guestListPages`: the embedded CSV), or paged by the host in registration order
 * (`guestListWindow`, `guestListSearch`: the page and JSON on both runtimes; `guestListMarks` and
 * `guestListPart`: the AWS CSV's parts). The methods are on `GuestReader` (core/ports.ts).
 */

/** See `GuestReader.guestListMarks`. */
export interface GuestListMarks {
  count: number;
  /** The last guest of each full run of `every` guests, in order. */
  marks: readonly GuestListKey[];
}

/** A guest's place in the guest list's registration order: what a page starts after or ends before. */
export interface GuestListKey {
  createdAt: string;
  guestId: string;
}

/** Registration order: `createdAt`, then guest id (the order both stores list and page in). */
export function compareListKeys(a: GuestListKey, b: GuestListKey): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.guestId < b.guestId ? -1 : a.guestId > b.guestId ? 1 : 0;
}

/**
 * Which part of a download in parts (see `GuestReader.guestListPart`): the guests after `after` (absent: from
 * the first) up to and including `through` (absent: to the last), in registration order (`compareListKeys`).
 */
export interface GuestListPartRequest {
  after?: GuestListKey;
  through?: GuestListKey;
  /** At most this many guests; a part that holds more answers `hasNext` and no promise about which it gave. */
  most: number;
}

/**
 * Which page of the guest list: the first (neither key), the one after `after`, or the one before `before`
 * (the first page, full, when fewer than `size` guests come before `before`).
 */
export interface GuestListWindowRequest {
  after?: GuestListKey;
  before?: GuestListKey;
  /** At most this many guests. */
  size: number;
}

/** See `GuestReader.guestListWindow`. */
export interface GuestListWindow {
  /** The page's guests, in registration order. */
  guests: readonly GuestRecord[];
  /** The places in line (1-based) of the page's waitlisted guests, by guest id. */
  waitlistPositions: ReadonlyMap<string, number>;
  /** Whether guests come before the page's first, and after its last. */
  hasPrevious: boolean;
  hasNext: boolean;
  /**
   * How many guests of the whole event have each status, where the store counts them cheaply (SQLite); absent,
   * the page says the event's own counters.
   */
  statusCounts?: Readonly<Partial<Record<GuestRecord["status"], number>>>;
}

/** A search of the guest list: a page of the guests whose name or email holds `match`, case aside. */
export interface GuestListSearchRequest extends GuestListWindowRequest {
  /** Words the host typed (contracts/guest-list-cursor.ts `GuestListSearch`). */
  match: string;
}

/** The form a name, an address and a search are compared in: Unicode lower case, composed. */
export function searchFold(text: string): string {
  return text.normalize("NFC").toLowerCase();
}

/** See `GuestReader.guestListPages`. */
export interface GuestListPages {
  /** Waitlisted guests' ids in line order. */
  waitlistOrder: readonly string[];
  /** How many guests have each status. */
  statusCounts: Readonly<Partial<Record<GuestRecord["status"], number>>>;
  /** The requests waiting for the host (approval mode), in list order: the page shows them above the list. */
  requested?: readonly GuestRecord[];
  pages: AsyncIterable<readonly GuestRecord[]>;
}
