/**
 * The host's guest list and its download where the store pages it (`GuestReader.guestListWindow`: SQLite on
 * the embedded runtime, DynamoDB on AWS, whose web function answers at most 6 MB); these routes read one page,
 * or one part of the download, per request.
 *
 * - The page: 500 guests in registration order, "Previous 500" / "Next 500" links carrying an opaque cursor
 *   (contracts/guest-list-cursor.ts). A cursor that is damaged, or belongs to another event's list, is a 400.
 * - The search (`?q=`, where the store searches: `GuestReader.guestListSearch`, embedded): the guests whose
 *   name or email holds the words, paged the same way.
 * - The download, where the store cannot stream the whole list (AWS, `downloadsInParts`): one CSV when the list
 *   fits one part, else a page of links to its parts (each a CSV with the headings; together the embedded
 *   download's rows). A part too large for one answer sends the host back to that page with parts half the
 *   size. The embedded download is one streamed file (guest-list-routes.ts).
 */
import type { Context } from "hono";
import { html } from "hono/html";
import { type EventRecord, partiesOf, requestsOf } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import {
  decodeGuestListCursor,
  encodeGuestListCursor,
  type GuestListCursor,
  GuestListSearch,
  guestSearchMaxLength,
} from "../../contracts/guest-list-cursor.ts";
import type { GuestListKey, GuestListWindow } from "../../core/guest-list-reads.ts";
import type { GuestReader } from "../../core/ports.ts";
import { noticeApplies } from "../../core/seat-keeper.ts";
import { type CsvOptions, type GuestListRow, guestListCsv, guestListRowsPlaced } from "../host/guest-list.ts";
import { InvalidInputError, said } from "./errors.ts";
import { type GuestListFrame, type GuestListPaging, guestListPagedPage } from "./guest-list-pages.ts";
import { backLink, type HostFrame, hostLayout, hostText } from "./host-frame.ts";
import type { HostEnv } from "./host-routes.ts";
import type { Html } from "./pages.ts";

/** A store that pages the list. */
export type PagedReader = Required<Pick<GuestReader, "guestListWindow" | "guestListMarks">>;

/** A store that pages the list and reads the download's parts between marks (AWS). */
export type PartReader = PagedReader & Required<Pick<GuestReader, "guestListPart">>;

/** A store that pages the list, and may search it. */
type SearchingReader = PagedReader & Pick<GuestReader, "guestListSearch">;

/** Whether `reader` pages the list (both stores do). */
export function pagesTheList(reader: GuestReader): reader is GuestReader & PagedReader {
  return reader.guestListWindow !== undefined && reader.guestListMarks !== undefined;
}

/**
 * Whether the CSV download comes in parts: where the store pages the list and cannot stream it whole (AWS,
 * whose answers are capped). The embedded store streams it as one file, 10 MB at 100,000 guests.
 */
export function downloadsInParts(reader: GuestReader): reader is GuestReader & PartReader {
  return pagesTheList(reader) && reader.guestListPart !== undefined && reader.guestListPages === undefined;
}

/**
 * The host's search (`?q=`), or null when there is none (absent or blank, or the store cannot search: the page
 * offers no box then); a 400 when longer than `guestSearchMaxLength`.
 */
export function searchParam(
  c: Context<HostEnv>,
  reader: Pick<GuestReader, "guestListSearch">,
): string | null {
  const text = c.req.query("q");
  if (text === undefined || !reader.guestListSearch) return null;
  const parsed = GuestListSearch.safeParse(text);
  if (!parsed.success)
    throw new InvalidInputError(said("listPaging.searchTooLong", { max: guestSearchMaxLength }));
  return parsed.data === "" ? null : parsed.data;
}

/**
 * Guests a page shows: 500, or 100 when the event asks long-text questions (their answers are shown in full,
 * up to 2,000 characters each), so a page stays far below the 6 MB an answer may hold.
 */
export function guestListPageSize(event: EventRecord): number {
  return event.settings.questions.some((q) => q.kind === "long-text") ? 100 : 500;
}

const key = (c: Pick<GuestListCursor, "c" | "g">): GuestListKey => ({ createdAt: c.c, guestId: c.g });

/** The cursor in query parameter `name` ("after" or "before"), if any; a 400 when it is not this event's. */
function cursorParam(
  c: Context<HostEnv>,
  eventId: string,
  name: GuestListCursor["d"],
): GuestListCursor | undefined {
  const text = c.req.query(name);
  if (text === undefined) return undefined;
  const decoded = decodeGuestListCursor(text, eventId);
  if (!decoded.ok)
    throw new InvalidInputError(
      said(decoded.problem === "other-event" ? "listPaging.otherEvent" : "listPaging.badCursor"),
    );
  if (decoded.cursor.d !== name) throw new InvalidInputError(said("listPaging.badCursor"));
  return decoded.cursor;
}

/** The page's frame without its range and counts, as the guest list route builds it. */
export type PagedFrame = Omit<GuestListFrame, "statusCounts" | "paging" | "requests">;

/** One page of the list as read for a request: its guests and rows, its range and its links. */
interface ListPage {
  guests: readonly GuestRecord[];
  rows: GuestListRow[];
  paging: GuestListPaging;
  /** The whole event's counts by status, where the store gives them. */
  statusCounts: GuestListWindow["statusCounts"];
}

/**
 * The page a request asks for (`?after=` or `?before=` a cursor; neither, or `first`: the first page), of the
 * guests matching `search` when not null, with links under `base`.
 */
async function readPage(
  c: Context<HostEnv>,
  reader: SearchingReader,
  p: { event: EventRecord; base: string; first: boolean; search: string | null },
): Promise<ListPage> {
  const eventId = p.event.eventId;
  const after = p.first ? undefined : cursorParam(c, eventId, "after");
  const before = p.first ? undefined : cursorParam(c, eventId, "before");
  if (after && before) throw new InvalidInputError(said("listPaging.badCursor"));
  const size = guestListPageSize(p.event);
  const request = {
    size,
    ...(after ? { after: key(after) } : {}),
    ...(before ? { before: key(before) } : {}),
  };
  const window =
    p.search !== null && reader.guestListSearch
      ? await reader.guestListSearch(eventId, { ...request, match: p.search })
      : await reader.guestListWindow(eventId, request);
  const skipped = Math.max(
    0,
    after ? after.n : before && window.hasPrevious ? before.n - window.guests.length : 0,
  );
  const rows = guestListRowsPlaced(window.guests, window.waitlistPositions);
  const first = window.guests[0];
  const last = window.guests[window.guests.length - 1];
  const searched = p.search === null ? "" : `q=${encodeURIComponent(p.search)}&`;
  const link = (cursor: Omit<GuestListCursor, "e">) =>
    `${p.base}/guests?${searched}${cursor.d}=${encodeGuestListCursor({ e: eventId, ...cursor })}`;
  return {
    guests: window.guests,
    rows,
    statusCounts: window.statusCounts,
    paging: {
      from: skipped + 1,
      to: skipped + rows.length,
      size,
      previous:
        window.hasPrevious && first
          ? link({ d: "before", c: first.createdAt, g: first.guestId, n: skipped })
          : null,
      next:
        window.hasNext && last
          ? link({ d: "after", c: last.createdAt, g: last.guestId, n: skipped + rows.length })
          : null,
    },
  };
}

/**
 * One page of the guest list. `requests` renders the requests waiting among the page's rows; `status` is 422
 * beside a host-hand form that came back refused (shown on the first page: the form carries no cursor).
 */
export async function pagedGuestList(
  c: Context<HostEnv>,
  reader: SearchingReader,
  page: {
    event: EventRecord;
    frame: PagedFrame;
    requests: (rows: GuestListRow[]) => Html | null;
    status: 200 | 422;
  },
): Promise<Response> {
  const { event, frame } = page;
  const search = page.status === 200 ? searchParam(c, reader) : null;
  const { guests, rows, paging, statusCounts } = await readPage(c, reader, {
    event,
    base: frame.base,
    first: page.status !== 200,
    search,
  });
  const paged = paging.previous !== null || paging.next !== null;
  const body = guestListPagedPage(
    {
      ...frame,
      // The whole event's counts: the guests' own where the store counts them, else the event's counters.
      statusCounts: statusCounts ?? { ...partiesOf(event), requested: requestsOf(event).parties },
      requests: requestsNote(page.requests(rows), event, paged),
      // A list of one page whose counts are the guests' says "5 guests: …" as a list read whole did.
      ...(paged || search !== null || !statusCounts ? { paging } : {}),
      ...(reader.guestListSearch ? { search: { words: search } } : {}),
    },
    rows.map((r, i) => ({ ...r, resendable: noticeApplies("resend-link", guests[i]!) })),
  );
  c.header("Cache-Control", "no-store");
  c.header("Vary", "Accept");
  return c.html(body, page.status);
}

/**
 * The JSON guest list where the store pages it: the page's rows (the same array of rows as the whole list's
 * on the embedded runtime, for a list of one page), and the pages beside it in a `Link` header (RFC 8288,
 * `rel="prev"` / `rel="next"`, absolute URLs).
 */
export async function pagedGuestListJson(
  c: Context<HostEnv>,
  reader: SearchingReader,
  p: { event: EventRecord; base: string },
): Promise<Response> {
  const { rows, paging } = await readPage(c, reader, { ...p, first: false, search: searchParam(c, reader) });
  const origin = new URL(c.req.url).origin;
  const links = [
    ...(paging.previous ? [`<${origin}${paging.previous}>; rel="prev"`] : []),
    ...(paging.next ? [`<${origin}${paging.next}>; rel="next"`] : []),
  ];
  if (links.length > 0) c.header("Link", links.join(", "));
  c.header("Cache-Control", "no-store");
  c.header("Vary", "Accept");
  return c.json(rows);
}

/** The requests section of a page, saying that requests on other pages are there, when the list has pages. */
function requestsNote(section: Html | null, event: EventRecord, paged: boolean): Html | null {
  if (!section || !paged || requestsOf(event).parties === 0) return section;
  return html`${section}<p class="note">${hostText(event.details.language)("listPaging.requestsHere")}</p>`;
}

/** The most a download answers in one part: below the web function's 6 MB, with room for the headers. */
export const csvPartBytes = 5_000_000;
/**
 * Guests a part of the download holds at first; halved (to a multiple of `least`) while a part comes out larger
 * than `csvPartBytes`. Multiples of 20, the AWS store's mark stride, so its marks are read by key.
 */
const partGuests = { first: 5_000, least: 20, most: 10_000 };

/** Half of `per`, a multiple of `partGuests.least`, at least that. */
const halved = (per: number) =>
  Math.max(partGuests.least, Math.floor(per / 2 / partGuests.least) * partGuests.least);

/** A whole number query parameter in `[min, max]`, or `fallback` when absent; a 400 when it is anything else. */
function countParam(c: Context<HostEnv>, name: string, min: number, max: number, fallback: number): number {
  const text = c.req.query(name);
  if (text === undefined) return fallback;
  const n = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= min && n <= max)) throw new InvalidInputError(said("listPaging.badPart"));
  return n;
}

/**
 * The guest list as CSV where the store pages it: `?part=N&per=P[&after=cursor][&through=cursor]` is part N,
 * the guests after one mark and up to the next (the last part: to the end); without `part`, the whole list when
 * it fits one part, else a page of links to its parts. A part is a range of registration order, so a guest who
 * registers while the host downloads lands in one part (the last) and moves no other guest across a boundary.
 */
export async function pagedGuestListCsv(
  c: Context<HostEnv>,
  reader: PartReader,
  p: { event: EventRecord; frame: HostFrame; options: CsvOptions; offer?: Html | null },
): Promise<Response> {
  const { event, frame } = p;
  const eventId = event.eventId;
  const per = countParam(c, "per", partGuests.least, partGuests.most, partGuests.first);
  const partAsked = c.req.query("part") !== undefined;
  const part = countParam(c, "part", 1, 1_000_000, 1);
  const after = cursorParam(c, eventId, "after");
  const through = cursorParam(c, eventId, "through");
  const downloads = `${frame.base}/guests.csv`;
  // Parts half the size, listed afresh: what a part too large for one answer sends the host to.
  const listed = (size: number) => c.redirect(`${downloads}?per=${size}`, 303);
  c.header("Cache-Control", "no-store");

  if (!partAsked) {
    const { count, marks } = await reader.guestListMarks(eventId, per);
    if (count > per)
      return c.html(exportPage(frame, { count, per, marks, eventId, downloads }, p.offer ?? null));
  }
  // A closed part holds `per` guests; twice that is room for a list that grew or shifted under a mark.
  const window = await reader.guestListPart(eventId, {
    most: partAsked ? per * 2 : per,
    ...(after ? { after: key(after) } : {}),
    ...(through ? { through: key(through) } : {}),
  });
  // More than the part can hold (the list grew since its page was read): the parts listed afresh.
  if (window.hasNext) return listed(per);
  const csv = guestListCsv(guestListRowsPlaced(window.guests, window.waitlistPositions), p.options);
  if (Buffer.byteLength(csv) > csvPartBytes && per > partGuests.least) return listed(halved(per));
  c.header("Content-Type", "text/csv; charset=utf-8");
  // Event ids are letters, digits, '-' and '_' only, so the file name needs no quoting beyond this.
  const name = partAsked ? `guests-${eventId}-part-${part}.csv` : `guests-${eventId}.csv`;
  c.header("Content-Disposition", `attachment; filename="${name}"`);
  return c.body(csv);
}

/**
 * The page of a long list's download parts: part k holds the guests after the mark that ends part k−1, up to
 * and including its own mark (the last part: to the end of the list).
 */
function exportPage(
  frame: HostFrame,
  list: {
    count: number;
    per: number;
    marks: readonly GuestListKey[];
    eventId: string;
    downloads: string;
  },
  offer: Html | null,
): Html {
  const t = hostText(frame.language);
  const parts = Math.ceil(list.count / list.per);
  const links = Array.from({ length: parts }, (_, i) => {
    const cursor = (d: "after" | "through", mark: GuestListKey | undefined, n: number) =>
      mark
        ? `&${d}=${encodeGuestListCursor({ e: list.eventId, d, c: mark.createdAt, g: mark.guestId, n })}`
        : "";
    const after = i === 0 ? "" : cursor("after", list.marks[i - 1], i * list.per);
    const through = i === parts - 1 ? "" : cursor("through", list.marks[i], (i + 1) * list.per);
    const href = `${list.downloads}?per=${list.per}&part=${i + 1}${after}${through}`;
    const words = t("listPaging.export.part", {
      n: i + 1,
      from: i * list.per + 1,
      to: Math.min(list.count, (i + 1) * list.per),
    });
    return html`<a class="button secondary" href="${href}" download>${words}</a>`;
  });
  return hostLayout(
    frame,
    t("listPaging.export.title"),
    html`${backLink(frame)}
<h1>${t("listPaging.export.title")}</h1>
<p>${t("listPaging.export.intro", { count: list.count, parts })}</p>
<p>${t("listPaging.export.each")}</p>
<div class="actions">
${links}
</div>
${offer}
<p><a href="${frame.base}/guests">${t("listPaging.export.back")}</a></p>`,
  );
}
