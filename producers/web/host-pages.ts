import { html, raw } from "hono/html";
import type { AuditEntry } from "../../contracts/audit.ts";
import type { Counters, Headcount } from "../../contracts/event.ts";
import { guestStatusDisplayOrder } from "../../contracts/guest.ts";
import { type HostAnswer, maxQuestionLength } from "../../contracts/host-question.ts";
import type { Language } from "../../contracts/language.ts";
import type { Question } from "../../contracts/questions.ts";
import {
  maxThankYouLength,
  maxThankYouNotesLength,
  NAME_PLACEHOLDER,
  type ThankYouMode,
  type ThankYouState,
} from "../../contracts/thank-you.ts";
import type { DeliveryProblem } from "../../core/ports.ts";
import { formatDateTime, type Translate, translator } from "../../i18n/index.ts";
import { seatsAndParties, showsParties } from "../../i18n/party-counts.ts";
import type { GuestListRow } from "../host/guest-list.ts";
import type { ImportResult } from "../import/guest-import.ts";
import { stackedTablesStyle, tableLabelsStyle } from "./admin-style.ts";
import { deliveryProblemsView } from "./delivery-problems-view.ts";
import { formatStartsAt } from "./event-time.ts";
import { addGuestSection, guestHandCell, type HostHandView, hostHandHead } from "./host-hand-pages.ts";
import { hostPageScript } from "./inline-assets.ts";
import { type Html, layout } from "./pages.ts";
import { answersCell } from "./question-form.ts";

/**
 * The host's pages: the headcount with the host's controls, the message form, the guest list, the audit
 * trail and the guest list import. Every value goes through hono's `html` template, which escapes it (guest
 * names are typed by strangers); every form is a plain POST that works without script. Each form carries
 * a hidden `formId` minted when the page was rendered, so sending it twice asks for one thing once.
 */

/** What a host's last action came to, shown at the top of the page it returned to. */
export interface HostNotice {
  text: string;
  /**
   * `pending`: queued, not applied yet (the page refreshes until it is); `problem`: the keeper refused, or the
   * action was set aside as a dead letter (no refresh: waiting would not change it).
   */
  tone: "done" | "pending" | "problem";
}

/** The frame of every host page: what the page is about, a way back to the host page, the notice. */
interface HostFrame {
  eventName: string;
  /** `/h/<token>`, the host page; every host link and form action starts with it. */
  base: string;
  notice?: HostNotice | null;
  /** The event's language: every word on a host page is in it. */
  language: Language;
}

/** The translate function for a host page's `pages.host` strings. */
function hostText(language: Language): Translate {
  return translator(language);
}

const k = (key: string) => `pages.host.${key}`;

/** The layout, in the page's language. */
const hostLayout = (f: HostFrame, title: string, content: Html, head: Html | null = null) =>
  layout(title, content, head, { lang: f.language });

const noticeView = (notice: HostNotice | null | undefined, dismiss: string, t: Translate): Html | null =>
  notice
    ? html`<div class="${notice.tone === "problem" ? "problem" : "notice"}" role="status"><p>${notice.text}
<a href="${dismiss}">${t(k("dismiss"))}</a></p></div>`
    : null;

/** A page waiting for a queued action looks again in 2 s, until the keeper has applied it. */
const refreshWhilePending = (notice: HostNotice | null | undefined): Html | null =>
  notice?.tone === "pending" ? html`<meta http-equiv="refresh" content="2">` : null;

/** The wide tables' phone layout (stacked cards) and wrapping rules: no host page scrolls sideways. */
const stackedTables = html`<style>${raw(stackedTablesStyle)}</style>`;
/** The stacked cards' labels, in the page's language (allowed by hash in the CSP, one per language). */
const tableLabels = (language: Language) => html`<style>${raw(tableLabelsStyle(language))}</style>`;

const backLink = (f: HostFrame) => html`<p class="note"><a href="${f.base}">← ${f.eventName}</a></p>`;

const hiddenFormId = (formId: string) => html`<input type="hidden" name="formId" value="${formId}">`;

export interface HostPageProps extends HostFrame {
  headcount: Headcount;
  etag: string;
  headcountPath: string;
  registerUrl: string;
  formId: string;
  /** Whether the audit trail can be shown here. */
  auditAvailable: boolean;
  /** Emails that did not reach their guest, newest first. */
  deliveryProblems?: readonly DeliveryProblem[];
  /** The answer counts among confirmed guests, for an event with questions (question-form.ts). */
  answerCounts?: Html | null;
  /** The event's party limit: above 1, the numbers name parties beside seats. */
  maxParty?: number;
  /** Whether the event has approval mode on (the requested tile shows then, or while requests wait). */
  approval?: boolean;
  /**
   * "8 of 12 reconfirmed" (docs/reconfirm.md): the confirmed guests who answered "still coming?" with yes, of
   * those confirmed; absent for an event without reconfirm, or before the ask went out.
   */
  reconfirmed?: { count: number; total: number } | null;
}

/** The host page: the live headcount, the capacity and registration controls, and the other host pages. */
export function hostPage(p: HostPageProps): Html {
  const h = p.headcount;
  const t = hostText(p.language);
  const row = (label: string, field: string, value: string | number) =>
    html`<tr><th scope="row">${label}</th><td data-field="${field}">${value}</td></tr>`;
  // Arrived at the door: only once someone has checked in (no "0" for an event that never uses the door); the
  // row is there, hidden, so the live update shows it at the first check-in.
  const arrivedRow = (label: string, value: number) =>
    html`<tr${value > 0 ? null : raw(" hidden")}><th scope="row">${label}</th><td data-field="arrived">${value}</td></tr>`;
  // Where guests come as parties, each number says seats and the parties holding them ("12 seats · 9 parties");
  // the words ride along for the live update (hostPageScript), in the page's language and plural rules.
  const parties = showsParties(p.maxParty ?? 1, h, h.parties);
  const seats = (n: number, state?: keyof typeof h.parties) =>
    parties ? seatsAndParties(t, n, state ? h.parties[state] : null) : n;
  // Without values, the catalog's templates come back as they are: "{{count}} seats".
  const w = (key: string) => t(`hostExtras.counts.${key}`);
  const words = parties
    ? html` data-seats-one="${w("seats_one")}" data-seats-other="${w("seats_other")}" data-parties-one="${w("parties_one")}" data-parties-other="${w("parties_other")}" data-join="${w("seatsAndParties")}"`
    : null;
  const toggle = h.registrationOpen
    ? { action: "close", label: t(k("closeRegistration")), note: t(k("closeNote")) }
    : { action: "reopen", label: t(k("reopenRegistration")), note: t(k("reopenNote")) };
  // Without script the page reloads itself every 5 s (the headcount stays live); while an action is being
  // applied it reloads sooner, until the notice says what became of it.
  const head = html`${stackedTables}${tableLabels(p.language)}${
    p.notice?.tone === "pending"
      ? refreshWhilePending(p.notice)
      : html`<noscript><meta http-equiv="refresh" content="5"></noscript>`
  }`;
  return hostLayout(
    p,
    t(k("headcountTitle"), { name: h.name }),
    html`<h1>${h.name}</h1>
<p>${formatStartsAt(h.startsAt, h.timeZone, p.language)}</p>
${noticeView(p.notice, p.base, t)}
<table id="headcount" data-source="${p.headcountPath}" data-etag="${p.etag}" data-open-word="${t(k("registrationOpen"))}" data-closed-word="${t(k("registrationClosed"))}"${words}>
${row(t(k("capacity")), "capacity", seats(h.capacity))}
${row(t(k("confirmed")), "confirmed", seats(h.confirmed, "confirmed"))}
${row(t(k("offered")), "offered", seats(h.offered, "offered"))}
${row(t(k("waitlisted")), "waitlisted", seats(h.waitlisted, "waitlisted"))}
${p.approval || h.requested.parties > 0 ? row(t("approval.host.tile"), "requested", h.requested.parties) : null}
${row(t(k("open")), "open", seats(h.open))}
${arrivedRow(t("door.host.tileArrived"), h.arrived)}
${p.reconfirmed ? row(t("reconfirm.host.tile"), "reconfirmed", t("reconfirm.host.tileValue", p.reconfirmed)) : null}
${row(t(k("registration")), "registration", t(k(h.registrationOpen ? "registrationOpen" : "registrationClosed")))}
</table>
${p.answerCounts ?? null}
<p>${t(k("registerLink"))} <a href="${p.registerUrl}">${p.registerUrl}</a></p>
<h2>${t(k("seatsHeading"))}</h2>
<form method="post" action="${p.base}/capacity" accept-charset="utf-8">
${hiddenFormId(p.formId)}
<label>${t(k("capacity"))} <input name="capacity" type="number" min="0" max="100000" step="1" required value="${h.capacity}"></label>
<button type="submit">${t(k("changeCapacity"))}</button>
</form>
<p class="note">${t(k("capacityNote"))}</p>
<form method="post" action="${p.base}/${toggle.action}">
${hiddenFormId(p.formId)}
<button type="submit">${toggle.label}</button>
</form>
<p class="note">${toggle.note}</p>
${deliveryProblemsView(p.deliveryProblems ?? [], p.language)}
<h2>${t(k("guestsHeading"))}</h2>
<ul>
<li><a href="${p.base}/guests">${t(k("guestListLink"))}</a> ${t(k("guestListNote"))} · <a href="${p.base}/guests.csv">${t(k("downloadCsv"))}</a></li>
<li><a href="${p.base}/message">${t(k("messageLink"))}</a></li>
<li><a href="${p.base}/import">${t(k("importLink"))}</a></li>
<li><a href="${p.base}/ask">${t(k("askLink"))}</a> ${t(k("askNote"))}</li>
<li><a href="${p.base}/door">${t("door.host.openDoor")}</a></li>
<li><a href="${p.base}/thanks">${t(k("thanksLink"))}</a> ${t(k("thanksNote"))}</li>
${p.auditAvailable ? html`<li><a href="${p.base}/audit">${t(k("auditLink"))}</a> ${t(k("auditNote"))}</li>` : null}
</ul>
<h2>${t(k("detailsHeading"))}</h2>
<p><a href="/admin/events/${h.eventId}">${t("pages.admin.editDetails")}</a></p>
<p class="note">${t("pages.admin.adminOnly")}</p>
<p class="note">${t(k("selfUpdating"))}</p>
<script>${raw(hostPageScript)}</script>`,
    head,
  );
}

export interface MessagePageProps extends HostFrame {
  confirmed: number;
  formId: string;
}

/** Compose a message to every confirmed guest: on its own page, so no self-refresh loses what is typed. */
export function messagePage(p: MessagePageProps): Html {
  const t = hostText(p.language);
  return hostLayout(
    p,
    `${t(k("messageTitle"))} · ${p.eventName}`,
    html`${backLink(p)}
<h1>${t(k("messageTitle"))}</h1>
<p>${t(k("messageIntro"), { count: p.confirmed })}</p>
<form method="post" action="${p.base}/message" accept-charset="utf-8">
${hiddenFormId(p.formId)}
<label>${t(k("subject"))} <input name="subject" required maxlength="200"></label>
<label>${t(k("message"))} <textarea name="body" required maxlength="10000" rows="12"></textarea></label>
<button type="submit">${t(k("sendMessage"))}</button>
</form>
<p class="note">${t(k("sendOnce"))}</p>`,
  );
}

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

/** One guest's row of the list. */
export function guestListRow(p: Omit<GuestListFrame, "statusCounts">, g: GuestListRowView): Html {
  const t = hostText(p.language);
  const say = translator(p.language);
  const questions = p.questions ?? [];
  return html`<tr><td>${g.name}</td><td>${g.email}</td><td>${t(k(`status.${g.status}`))}</td><td>${g.waitlistPosition ?? ""}</td><td>${g.lane}</td><td>${localTime(g.updatedAt, p.timeZone, p.language)}</td><td>${g.party}</td>${p.reconfirm ? html`<td>${reconfirmCell(g, p, say)}</td>` : null}${questions.length > 0 ? html`<td>${answersCell(questions, g.answers, say)}</td>` : null}
<td>${
    g.resendable
      ? html`<form class="inline" method="post" action="${p.base}/guests/${g.guestId}/resend">${hiddenFormId(p.formId)}<button type="submit">${t(k("resend"))}</button></form>`
      : null
  }${p.hand ? guestHandCell(g, { ...p, hand: p.hand }) : null}</td></tr>`;
}

/** Where the rows go in the page around them (`guestListPageAround`). */
const rowsGoHere = "\u0000guest rows\u0000";

/**
 * The guest-list page around its rows, as the text before the first row and after the last: a long list is
 * sent a page of rows at a time between them (the host route streams it), never rendered whole.
 */
export async function guestListPageAround(p: GuestListFrame): Promise<[before: string, after: string]> {
  const page = String(await guestListLayout(p, raw(rowsGoHere)));
  const at = page.indexOf(rowsGoHere);
  // Nobody on the list yet: the page has no table, and no rows will come.
  if (at < 0) return [page, ""];
  return [page.slice(0, at), page.slice(at + rowsGoHere.length)];
}

function guestListLayout(p: GuestListFrame, rows: Html | readonly Html[]): Html {
  const t = hostText(p.language);
  const questions = p.questions ?? [];
  const say = translator(p.language);
  const total = Object.values(p.statusCounts).reduce((sum, n) => sum + (n ?? 0), 0);
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
<p>${total === 0 ? t(k("nobodyYet")) : t(k("guestCount"), { count: total, counts })}
<a href="${p.base}/guests.csv">${t(k("downloadCsvCap"))}</a></p>
${
  total > 0
    ? html`<table class="wide guests">
<thead><tr><th>${t(k("colName"))}</th><th>${t(k("colEmail"))}</th><th>${t(k("colStatus"))}</th><th>${t(k("colPlace"))}</th><th>${t(k("colLane"))}</th><th>${t(k("colUpdated"), { zone: p.timeZone })}</th><th>${t(k("colParty"))}</th>${p.reconfirm ? html`<th>${say("reconfirm.host.column")}</th>` : null}${questions.length > 0 ? html`<th>${say("questions.host.heading")}</th>` : null}<th><span class="sr-only">${t("hostHand.pages.actionsColumn")}</span></th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p class="note">${t(k("resendNote"))}</p>`
    : null
}
${p.hand ? addGuestSection({ ...p, hand: p.hand }) : null}`,
    html`${stackedTables}${tableLabels(p.language)}${p.hand ? hostHandHead : null}${refreshWhilePending(p.notice)}`,
  );
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

/** How many audit entries the page shows; `rsvp audit EVENT` prints them all. */
const auditPageLimit = 500;

export interface AuditPageProps extends HostFrame {
  timeZone: string;
  /** Oldest first, as the trail is kept. */
  entries: readonly AuditEntry[];
}

/** The audit trail, newest first: who, when, which lane, what changed from → to, counters before → after. */
export function auditPage(p: AuditPageProps): Html {
  const t = hostText(p.language);
  const shown = p.entries.slice(-auditPageLimit).reverse();
  const rows = shown.map(
    (e) =>
      html`<tr><td>${localTime(e.at, p.timeZone, p.language, true)}</td><td>${e.actor}</td><td>${e.lane}</td><td>${e.action}</td><td>${e.from ?? "–"} → ${e.to}</td><td>${counters(e.countersBefore, t)} → ${counters(e.countersAfter, t)}</td></tr>`,
  );
  const more =
    p.entries.length > shown.length
      ? html`<p class="note">${raw(t(k("auditMore"), { shown: shown.length, total: p.entries.length }))}</p>`
      : null;
  return hostLayout(
    p,
    `${t(k("auditTitle"))} · ${p.eventName}`,
    html`${backLink(p)}
<h1>${t(k("auditTitle"))}</h1>
<p class="note">${t(k("auditIntro"))}</p>
${more}
${
  shown.length > 0
    ? html`<table class="wide audit">
<thead><tr><th>${t(k("colWhen"), { zone: p.timeZone })}</th><th>${t(k("colWho"))}</th><th>${t(k("colLane"))}</th><th>${t(k("colAction"))}</th><th>${t(k("colFromTo"))}</th><th>${t(k("colCounters"))}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`
    : html`<p>${t(k("nothingRecorded"))}</p>`
}`,
    html`${stackedTables}${tableLabels(p.language)}`,
  );
}

export interface ThanksPageProps extends HostFrame {
  mode: ThankYouMode;
  /** When the event ends, UTC. */
  endsAt: string;
  timeZone: string;
  notes: string;
  /** Null until the event has ended. */
  thankYou: ThankYouState | null;
  /** Who the note goes to: the guests holding a seat now (with `onlyArrived`, those checked in of them). */
  confirmed: number;
  /** The host's `thanksOnlyArrived`: the note goes only to guests the door checked in. */
  onlyArrived?: boolean;
  formId: string;
}

const modeChoices: readonly (readonly [ThankYouMode, string])[] = [
  ["auto", "modeAuto"],
  ["approve", "modeApprove"],
  ["off", "modeOff"],
];

const byWhom = { model: "byModel", template: "byTemplate", host: "byHost" } as const;

/**
 * The thank-you note: before the event, when it goes out and what it should mention; after it, the draft to
 * approve (and edit) or the text that was sent. On its own page, so no self-refresh loses an edit.
 */
export function thanksPage(p: ThanksPageProps): Html {
  const t = p.thankYou;
  const say = hostText(p.language);
  const by = say(k(byWhom[t?.source ?? "template"]));
  let body: Html;
  if (!t) {
    const selected = (mode: ThankYouMode) => (mode === p.mode ? raw(" checked") : "");
    const now = { off: "nowOff", auto: "nowAuto", approve: "nowApprove" } as const;
    const before = p.onlyArrived ? "reconfirm.thanks.before" : k("thanksBefore");
    body = html`<p>${say(before, { ends: formatStartsAt(p.endsAt, p.timeZone, p.language) })}
${say(k(now[p.mode]))}</p>
<form method="post" action="${p.base}/thanks/settings" accept-charset="utf-8">
${hiddenFormId(p.formId)}
<fieldset><legend>${say(k("afterEvent"))}</legend>
${modeChoices.map(([mode, label]) => html`<label><input type="radio" name="mode" value="${mode}"${selected(mode)}> ${say(k(label))}</label>`)}
</fieldset>
<label>${say(k("notesLabel"))} <textarea name="notes" maxlength="${maxThankYouNotesLength}" rows="5">${p.notes}</textarea></label>
<button type="submit">${say(k("save"))}</button>
</form>
<p class="note">${say(k("notesNote"))}</p>`;
  } else if (t.status === "drafting") {
    body = html`<p>${say(k("drafting"))}</p>`;
  } else if (t.status === "drafted") {
    body = html`<p>${say(k("draftIntro"), { by })}
<code>${NAME_PLACEHOLDER}</code> ${say(p.onlyArrived ? "reconfirm.thanks.recipientsArrived" : k("draftPlaceholder"), { count: p.confirmed })}</p>
<form method="post" action="${p.base}/thanks/approve" accept-charset="utf-8">
${hiddenFormId(p.formId)}
<label>${say(k("theNote"))} <textarea name="body" required maxlength="${maxThankYouLength}" rows="14">${t.body ?? ""}</textarea></label>
<button type="submit">${say(k("approve"))}</button>
</form>
<p class="note">${say(k("approveOnce"))}</p>`;
  } else {
    const when = t.approvedAt ? formatStartsAt(t.approvedAt, p.timeZone, p.language) : "";
    const sent = t.approvedBy === "auto" ? "sentAuto" : "sentApproved";
    body = html`<p>${say(p.onlyArrived ? `reconfirm.thanks.${sent}` : k(sent), { when, by })}</p>
<blockquote style="white-space: pre-wrap">${t.body ?? ""}</blockquote>`;
  }
  return hostLayout(
    p,
    `${say(k("thanksTitle"))} · ${p.eventName}`,
    html`${backLink(p)}
<h1>${say(k("thanksTitle"))}</h1>
${noticeView(p.notice, `${p.base}/thanks`, say)}
${body}`,
    t?.status === "drafting" ? html`<meta http-equiv="refresh" content="2">` : refreshWhilePending(p.notice),
  );
}

/** The guest list import form: a CSV file or pasted text. */
export function importPage(p: HostFrame): Html {
  const t = hostText(p.language);
  return hostLayout(
    p,
    t(k("importTitle"), { name: p.eventName }),
    html`${backLink(p)}
<h1>${t(k("importHeading"))}</h1>
<p>${t(k("importIntro"))}</p>
<form method="post" action="${p.base}/import" enctype="multipart/form-data" accept-charset="utf-8">
<label>${t(k("csvFile"))} <input type="file" name="file" accept=".csv,.txt,text/csv,text/plain"></label>
<label>${t(k("orPaste"))} <textarea name="text" rows="8" placeholder="name,email&#10;Ana Guest,ana@example.org"></textarea></label>
<label><input type="checkbox" name="preConfirmed" value="yes">${t(k("preConfirmed"))}</label>
<button type="submit">${t(k("import"))}</button>
</form>
<p class="note">${t(k("importNote"))}</p>`,
  );
}

export interface ImportResultPageProps extends HostFrame {
  result: ImportResult;
  preConfirmed: boolean;
}

/** What an import did: how many guests it queued, and every skipped row by line number. */
export function importResultPage(p: ImportResultPageProps): Html {
  const t = hostText(p.language);
  const { errors, duplicates, queued, alreadyImported } = p.result;
  const problems =
    errors.length > 0
      ? html`<h2>${t(k("skippedRows"), { count: errors.length })}</h2>
<table><thead><tr><th>${t(k("colLine"))}</th><th>${t(k("colProblem"))}</th></tr></thead><tbody>
${errors.map((e) => html`<tr><td>${e.line}</td><td>${e.message}</td></tr>`)}
</tbody></table>`
      : null;
  const repeats =
    duplicates.length > 0
      ? html`<h2>${t(k("skippedRepeats"), { count: duplicates.length })}</h2>
<table><thead><tr><th>${t(k("colLine"))}</th><th>${t(k("colAddress"))}</th><th>${t(k("colSameAs"))}</th></tr></thead><tbody>
${duplicates.map((d) => html`<tr><td>${d.line}</td><td>${d.email}</td><td>${d.firstLine}</td></tr>`)}
</tbody></table>`
      : null;
  const what = t(k(p.preConfirmed ? "whatPreConfirmed" : "whatInvited"));
  const earlier = alreadyImported > 0 ? html`<p>${t(k("earlier"), { count: alreadyImported })}</p>` : null;
  return hostLayout(
    p,
    t(k("importResultTitle"), { name: p.eventName }),
    html`${backLink(p)}
<h1>${queued === 0 ? t(k("nobodyImported")) : t(k("imported"), { count: queued })}</h1>
${queued > 0 ? html`<p>${t(k("importedNote"), { what })} <a href="${p.base}/guests">${t(k("guestListLower"))}</a>.</p>` : null}
${earlier}
${problems}
${repeats}
<p><a href="${p.base}/import">${t(k("importAnother"))}</a></p>`,
  );
}

export interface AskPageProps extends HostFrame {
  /** Whether the assistant (a model with read-only tools) answers, or plain matching alone. */
  assistant: boolean;
  /** The answer to the question just asked; null on the empty form. */
  answer: HostAnswer | null;
}

/**
 * Ask about the guest list in plain language; the answer shows under the form, with the data it was read
 * from. On its own page, like the message form, so the host page's self-refresh cannot wipe a question being
 * typed. The answer quotes guest names, so like everything else it is escaped by the template.
 */
export function askPage(p: AskPageProps): Html {
  const t = hostText(p.language);
  const a = p.answer;
  const answer = a
    ? html`<section id="answer" class="${a.answeredBy === "none" ? "problem" : "notice"}" aria-live="polite">
<p><strong>${a.answer}</strong></p>
${a.sources.length > 0 ? html`<p class="note">${t(k("askFrom"), { sources: a.sources.join("; ") })}</p>` : null}
${a.note ? html`<p class="note">${a.note}</p>` : null}
</section>`
    : null;
  return hostLayout(
    p,
    `${t(k("askTitle"))} · ${p.eventName}`,
    html`${backLink(p)}
<h1>${t(k("askTitle"))}</h1>
<form method="post" action="${p.base}/ask" accept-charset="utf-8">
<label>${t(k("yourQuestion"))} <input name="question" required maxlength="${maxQuestionLength}" value="${a?.question ?? ""}" placeholder="${t(k("askPlaceholder"))}" autocomplete="off"></label>
<button type="submit">${t(k("ask"))}</button>
</form>
${answer}
<p class="note">${t(k(p.assistant ? "askAssistant" : "askMatching"))} ${t(k("askReadsOnly"))}</p>
<p class="note">${t(k("askExamples"))}</p>`,
  );
}

/** "12/40 +1 held, 3 waiting": confirmed of capacity, held offers, waitlisted. */
function counters(c: Counters | null, t: Translate): string {
  if (!c) return "–";
  const held = c.offered > 0 ? t(k("held"), { count: c.offered }) : "";
  return t(k("counters"), { confirmed: c.confirmed, capacity: c.capacity, held, waitlisted: c.waitlisted });
}

const wallClock: Intl.DateTimeFormatOptions = {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
};
const wallClockSeconds: Intl.DateTimeFormatOptions = { ...wallClock, second: "2-digit" };

/** An instant as the event's wall clock: "24 Dec 2026, 19:05" (with seconds for the audit trail). */
function localTime(at: string, timeZone: string, language: Language, seconds = false): string {
  return formatDateTime(language, new Date(at), timeZone, seconds ? wallClockSeconds : wallClock);
}
