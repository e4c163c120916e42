import { html } from "hono/html";
import { guestStatusDisplayOrder } from "../../contracts/guest.ts";
import { guestSearchMaxLength } from "../../contracts/guest-list-cursor.ts";
import type { Question } from "../../contracts/questions.ts";
import { type Translate, translator } from "../../i18n/index.ts";
import type { GuestListRow } from "../host/guest-list.ts";
import {
  backLink,
  type HostFrame,
  hiddenFormId,
  hostLayout,
  hostText,
  k,
  localTime,
  noticeView,
  refreshWhilePending,
  stackedTables,
  tableLabels,
} from "./host-frame.ts";
import { addGuestSection, guestHandCell, type HostHandView, hostHandHead } from "./host-hand-pages.ts";
import { listSearchHead } from "./list-search-style.ts";
import type { Html } from "./pages.ts";
import { answersCell } from "./question-form.ts";

/** The host's guest list: everyone who ever registered, a row each, shown a page of guests at a time. */

/** The guest-list page without its rows: what is said above and below them. */
export interface GuestListFrame extends HostFrame {
  timeZone: string;
  /** How many guests have each status (the counts said above the list). */
  statusCounts: Readonly<Partial<Record<GuestListRow["status"], number>>>;
  /** The event's questions: the guests' answers get a column. */
  questions?: readonly Question[];
  /** The event asks "still coming?" (docs/reconfirm.md): each confirmed guest's answer gets a column. */
  reconfirm?: boolean;
  formId: string;
  /** The requests waiting for the host, with their approve and decline form (approval-pages.ts); none: null. */
  requests?: Html | null;
  /** The host's hand on the list (remove, admit, edit, add: host-hand-pages.ts); absent: the list only. */
  hand?: HostHandView;
  /**
   * Where the list is shown a page at a time (the AWS runtime: guest-list-paging.ts): the page's range and
   * links, and `statusCounts` are then the event's own counts, not the page's.
   */
  paging?: GuestListPaging;
  /**
   * The search box, where the store searches the list (embedded): `words`, the search whose matches the page
   * shows (`paging` is then theirs), or null for the whole list. Absent: no box (AWS).
   */
  search?: { words: string | null };
}

/** One page of a paged guest list: guests `from`–`to` (1-based), and the links to the pages beside it. */
export interface GuestListPaging {
  from: number;
  to: number;
  /** Guests a page holds (the links say "Previous 500"). */
  size: number;
  previous: string | null;
  next: string | null;
}

/** A guest as a row of the list: with whether their link may be sent again. */
export type GuestListRowView = GuestListRow & { resendable: boolean };

export interface GuestListPageProps extends Omit<GuestListFrame, "statusCounts"> {
  guests: readonly GuestListRowView[];
}

/** Everyone who ever registered (rows are never deleted), each with a button to re-send their link. */
export function guestListPage(p: GuestListPageProps): Html {
  const statusCounts: Partial<Record<GuestListRow["status"], number>> = {};
  for (const g of p.guests) statusCounts[g.status] = (statusCounts[g.status] ?? 0) + 1;
  return guestListLayout(
    { ...p, statusCounts },
    p.guests.map((g) => guestListRow(p, g)),
  );
}

/** One page of a paged list (`GuestListFrame.paging`), its rows rendered at once: a page is short. */
export function guestListPagedPage(p: GuestListFrame, guests: readonly GuestListRowView[]): Html {
  return guestListLayout(
    p,
    guests.map((g) => guestListRow(p, g)),
  );
}

/** One guest's row of the list. */
export function guestListRow(p: Omit<GuestListFrame, "statusCounts">, g: GuestListRowView): Html {
  const t = hostText(p.language);
  const say = translator(p.language);
  const questions = p.questions ?? [];
  return html`<tr><td>${g.name}</td><td>${g.email}</td><td>${t(k(`status.${g.status}`))}</td><td>${g.waitlistPosition ?? ""}</td><td>${say(`signedUp.lanes.${g.lane}`)}</td><td>${localTime(g.updatedAt, p.timeZone, p.language)}</td><td>${g.party}</td>${p.reconfirm ? html`<td>${reconfirmCell(g, p, say)}</td>` : null}${questions.length > 0 ? html`<td>${answersCell(questions, g.answers, say)}</td>` : null}
<td>${
    g.resendable
      ? html`<form class="inline" method="post" action="${p.base}/guests/${g.guestId}/resend">${hiddenFormId(p.formId)}<button type="submit">${t(k("resend"))}</button></form>`
      : null
  }${p.hand ? guestHandCell(g, { ...p, hand: p.hand }) : null}</td></tr>`;
}

function guestListLayout(p: GuestListFrame, rows: Html | readonly Html[]): Html {
  const t = hostText(p.language);
  const questions = p.questions ?? [];
  const say = translator(p.language);
  const paging = p.paging;
  const words = p.search?.words ?? null;
  const total = paging
    ? paging.to - paging.from + 1
    : Object.values(p.statusCounts).reduce((sum, n) => sum + (n ?? 0), 0);
  const counts = guestStatusDisplayOrder
    .map((s) => [s, p.statusCounts[s] ?? 0] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => t(k("statusCount"), { count: n, status: t(k(`status.${s}`)) }))
    .join(", ");
  return hostLayout(
    p,
    `${t(k("guestsTitle"))} · ${p.eventName}`,
    html`${backLink(p)}
<h1>${t(k("guestsTitle"))}</h1>
${noticeView(p.notice, `${p.base}/guests`, t)}
${p.requests ?? null}
${
  words !== null
    ? searchLine(p, { words, found: total, counts }, t)
    : html`<p>${
        total === 0
          ? t(k("nobodyYet"))
          : paging
            ? `${t("listPaging.range", { from: paging.from, to: paging.to })} ${counts ? t("listPaging.counts", { counts }) : ""}`
            : t(k("guestCount"), { count: total, counts })
      }
<a href="${p.base}/guests.csv">${t(k("downloadCsvCap"))}</a></p>`
}
${p.search && (total > 0 || words !== null) ? searchBox(p, words, t) : null}
${paging ? pageLinks(paging, t, true) : null}
${
  total > 0
    ? html`<table class="wide guests">
<thead><tr><th>${t(k("colName"))}</th><th>${t(k("colEmail"))}</th><th>${t(k("colStatus"))}</th><th>${t(k("colPlace"))}</th><th>${say("signedUp.column")}</th><th>${t(k("colUpdated"), { zone: p.timeZone })}</th><th>${t(k("colParty"))}</th>${p.reconfirm ? html`<th>${say("reconfirm.host.column")}</th>` : null}${questions.length > 0 ? html`<th>${say("questions.host.heading")}</th>` : null}<th><span class="sr-only">${t("hostHand.pages.actionsColumn")}</span></th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
${paging ? pageLinks(paging, t, false) : null}
<p class="note">${t(k("resendNote"))}</p>`
    : null
}
${p.hand ? addGuestSection({ ...p, hand: p.hand }) : null}`,
    html`${stackedTables}${tableLabels(p.language)}${p.hand ? hostHandHead : null}${p.search ? listSearchHead : null}${refreshWhilePending(p.notice)}`,
  );
}

/** The box to find guests by name or email (a GET of the list with `q`). */
function searchBox(p: GuestListFrame, words: string | null, t: Translate): Html {
  return html`<form class="list-search" method="get" action="${p.base}/guests" role="search">
<label for="guest-q">${t("listSearch.label")}</label>
<div class="list-search-row"><input id="guest-q" name="q" type="search" autocomplete="off" maxlength="${guestSearchMaxLength}" value="${words ?? ""}"> <button type="submit" class="secondary">${t("listSearch.button")}</button></div>
</form>`;
}

/** What a search found (the range of matches, or that none did), the event's counts, and the way back. */
function searchLine(
  p: GuestListFrame,
  s: { words: string; found: number; counts: string },
  t: Translate,
): Html {
  const paging = p.paging;
  const said =
    s.found === 0 || !paging
      ? t("listSearch.none", { words: s.words })
      : paging.previous || paging.next
        ? t("listSearch.found", { from: paging.from, to: paging.to, words: s.words })
        : t("listSearch.count", { count: s.found, words: s.words });
  return html`<p role="status">${said}</p>
<p>${s.counts ? t("listPaging.counts", { counts: s.counts }) : null} <a href="${p.base}/guests">${t("listSearch.whole")}</a></p>`;
}

/**
 * The links to the pages before and after a page of the list; none when the list fits one page. Above the
 * table they are the page's navigation landmark; below it, the same links again (one landmark, one name).
 */
function pageLinks(paging: GuestListPaging, t: Translate, landmark: boolean): Html | null {
  if (!paging.previous && !paging.next) return null;
  const links = html`${
    paging.previous
      ? html`<a class="button secondary" href="${paging.previous}" rel="prev">← ${t("listPaging.previous", { count: paging.size })}</a> `
      : null
  }${paging.next ? html`<a class="button secondary" href="${paging.next}" rel="next">${t("listPaging.next", { count: paging.size })} →</a>` : null}`;
  return landmark
    ? html`<nav class="actions" aria-label="${t("listPaging.nav")}">${links}</nav>`
    : html`<div class="actions">${links}</div>`;
}

/** A confirmed guest's answer to "still coming?": "Reconfirmed 22 Dec 2026, 10:05", or not yet; nothing for others. */
function reconfirmCell(
  g: Pick<GuestListRow, "status" | "reconfirmedAt">,
  p: Pick<GuestListFrame, "timeZone" | "language">,
  say: Translate,
): string {
  if (g.status !== "confirmed") return "";
  if (!g.reconfirmedAt) return say("reconfirm.host.notAnswered");
  return say("reconfirm.host.answeredAt", { when: localTime(g.reconfirmedAt, p.timeZone, p.language) });
}
