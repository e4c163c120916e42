import { html, raw } from "hono/html";
import type { AuditEntry } from "../../contracts/audit.ts";
import type { Counters, Headcount } from "../../contracts/event.ts";
import { guestStatusDisplayOrder } from "../../contracts/guest.ts";
import { type HostAnswer, maxQuestionLength } from "../../contracts/host-question.ts";
import {
  maxThankYouLength,
  maxThankYouNotesLength,
  NAME_PLACEHOLDER,
  type ThankYouMode,
  type ThankYouState,
} from "../../contracts/thank-you.ts";
import type { GuestListRow } from "../host/guest-list.ts";
import type { ImportResult } from "../import/guest-import.ts";
import { adminText } from "./admin-pages.ts";
import { stackedTablesStyle } from "./admin-style.ts";
import { formatStartsAt } from "./event-time.ts";
import { hostPageScript } from "./inline-assets.ts";
import { type Html, layout } from "./pages.ts";

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
}

const noticeView = (notice: HostNotice | null | undefined, dismiss: string): Html | null =>
  notice
    ? html`<div class="${notice.tone === "problem" ? "problem" : "notice"}" role="status"><p>${notice.text}
<a href="${dismiss}">Dismiss</a></p></div>`
    : null;

/** A page waiting for a queued action looks again in 2 s, until the keeper has applied it. */
const refreshWhilePending = (notice: HostNotice | null | undefined): Html | null =>
  notice?.tone === "pending" ? html`<meta http-equiv="refresh" content="2">` : null;

/** The wide tables' phone layout (stacked cards) and wrapping rules: no host page scrolls sideways. */
const stackedTables = html`<style>${raw(stackedTablesStyle)}</style>`;

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
}

/** The host page: the live headcount, the capacity and registration controls, and the other host pages. */
export function hostPage(p: HostPageProps): Html {
  const h = p.headcount;
  const row = (label: string, field: string, value: string | number) =>
    html`<tr><th scope="row">${label}</th><td data-field="${field}">${value}</td></tr>`;
  const toggle = h.registrationOpen
    ? { action: "close", label: "Close registration", note: "Nobody can register until you reopen it." }
    : {
        action: "reopen",
        label: "Reopen registration",
        note: "Registration is closed; reopening lets people sign up again.",
      };
  // Without script the page reloads itself every 5 s (the headcount stays live); while an action is being
  // applied it reloads sooner, until the notice says what became of it.
  const head = html`${stackedTables}${
    p.notice?.tone === "pending"
      ? refreshWhilePending(p.notice)
      : html`<noscript><meta http-equiv="refresh" content="5"></noscript>`
  }`;
  return layout(
    `Headcount · ${h.name}`,
    html`<h1>${h.name}</h1>
<p>${formatStartsAt(h.startsAt, h.timeZone)}</p>
${noticeView(p.notice, p.base)}
<table id="headcount" data-source="${p.headcountPath}" data-etag="${p.etag}">
${row("Capacity", "capacity", h.capacity)}
${row("Confirmed", "confirmed", h.confirmed)}
${row("Offered (held seats)", "offered", h.offered)}
${row("Waitlisted", "waitlisted", h.waitlisted)}
${row("Open seats", "open", h.open)}
${row("Registration", "registration", h.registrationOpen ? "open" : "closed")}
</table>
<p>Registration link to share: <a href="${p.registerUrl}">${p.registerUrl}</a></p>
<h2>Seats and registration</h2>
<form method="post" action="${p.base}/capacity" accept-charset="utf-8">
${hiddenFormId(p.formId)}
<label>Capacity <input name="capacity" type="number" min="0" max="100000" step="1" required value="${h.capacity}"></label>
<button type="submit">Change capacity</button>
</form>
<p class="note">Lowering the capacity takes no seat away; it only stops new seats being given until there is room.
Raising it offers the new seats to the waitlist, in order.</p>
<form method="post" action="${p.base}/${toggle.action}">
${hiddenFormId(p.formId)}
<button type="submit">${toggle.label}</button>
</form>
<p class="note">${toggle.note}</p>
<h2>Guests</h2>
<ul>
<li><a href="${p.base}/guests">Guest list</a> (re-send a guest their link) · <a href="${p.base}/guests.csv">download as CSV</a></li>
<li><a href="${p.base}/message">Message the confirmed guests</a></li>
<li><a href="${p.base}/import">Import a guest list</a></li>
<li><a href="${p.base}/ask">Ask about your guest list</a> ("how many are on the waitlist?", "who cancelled this week?")</li>
<li><a href="${p.base}/thanks">Thank-you note</a> (after the event: sent as drafted, or approved by you)</li>
${p.auditAvailable ? html`<li><a href="${p.base}/audit">Audit trail</a> (every change: who, when, from → to)</li>` : null}
</ul>
<h2>Details</h2>
<p><a href="/admin/events/${h.eventId}">${adminText("editDetails")}</a></p>
<p class="note">${adminText("adminOnly")}</p>
<p class="note">This page updates itself. Keep its address private: anyone with it sees your guests and can change your event.</p>
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
  return layout(
    `Message the confirmed guests · ${p.eventName}`,
    html`${backLink(p)}
<h1>Message the confirmed guests</h1>
<p>An email to each guest who is confirmed when it is sent: ${p.confirmed} ${p.confirmed === 1 ? "guest" : "guests"} right now.</p>
<form method="post" action="${p.base}/message" accept-charset="utf-8">
${hiddenFormId(p.formId)}
<label>Subject <input name="subject" required maxlength="200"></label>
<label>Message <textarea name="body" required maxlength="10000" rows="12"></textarea></label>
<button type="submit">Send to the confirmed guests</button>
</form>
<p class="note">Sending the form twice sends the message once.</p>`,
  );
}

export interface GuestListPageProps extends HostFrame {
  timeZone: string;
  guests: readonly (GuestListRow & { resendable: boolean })[];
  formId: string;
}

/** Everyone who ever registered (rows are never deleted), each with a button to re-send their link. */
export function guestListPage(p: GuestListPageProps): Html {
  const counts = guestStatusDisplayOrder
    .map((s) => [s, p.guests.filter((g) => g.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(", ");
  const rows = p.guests.map(
    (
      g,
    ) => html`<tr><td>${g.name}</td><td>${g.email}</td><td>${g.status}</td><td>${g.waitlistPosition ?? ""}</td><td>${g.lane}</td><td>${localTime(g.updatedAt, p.timeZone)}</td><td>${g.party}</td>
<td>${
      g.resendable
        ? html`<form class="inline" method="post" action="${p.base}/guests/${g.guestId}/resend">${hiddenFormId(p.formId)}<button type="submit">Re-send link</button></form>`
        : null
    }</td></tr>`,
  );
  return layout(
    `Guests · ${p.eventName}`,
    html`${backLink(p)}
<h1>Guests</h1>
${noticeView(p.notice, `${p.base}/guests`)}
<p>${p.guests.length === 0 ? "Nobody has registered yet." : `${p.guests.length} ${p.guests.length === 1 ? "guest" : "guests"}: ${counts}.`}
<a href="${p.base}/guests.csv">Download as CSV</a></p>
${
  p.guests.length > 0
    ? html`<table class="wide guests">
<thead><tr><th>Name</th><th>Email</th><th>Status</th><th>Place in line</th><th>Lane</th><th>Updated (${p.timeZone})</th><th>Party</th><th></th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p class="note">"Re-send link" emails the guest again with the links that apply to them now.</p>`
    : null
}`,
    html`${stackedTables}${refreshWhilePending(p.notice)}`,
  );
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
  const shown = p.entries.slice(-auditPageLimit).reverse();
  const rows = shown.map(
    (e) =>
      html`<tr><td>${localTime(e.at, p.timeZone, true)}</td><td>${e.actor}</td><td>${e.lane}</td><td>${e.action}</td><td>${e.from ?? "–"} → ${e.to}</td><td>${counters(e.countersBefore)} → ${counters(e.countersAfter)}</td></tr>`,
  );
  const more =
    p.entries.length > shown.length
      ? html`<p class="note">The latest ${shown.length} of ${p.entries.length} entries; <code>rsvp audit EVENT</code> prints them all.</p>`
      : null;
  return layout(
    `Audit trail · ${p.eventName}`,
    html`${backLink(p)}
<h1>Audit trail</h1>
<p class="note">Every committed change, newest first. Counters read "confirmed/capacity +held offers, waiting".</p>
${more}
${
  shown.length > 0
    ? html`<table class="wide audit">
<thead><tr><th>When (${p.timeZone})</th><th>Who</th><th>Lane</th><th>Action</th><th>From → to</th><th>Counters before → after</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`
    : html`<p>Nothing recorded yet.</p>`
}`,
    stackedTables,
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
  /** Guests holding a seat now: who the note goes to. */
  confirmed: number;
  formId: string;
}

const modeChoices: readonly (readonly [ThankYouMode, string])[] = [
  ["auto", "Send it as soon as it is drafted"],
  ["approve", "Show me the draft first; I approve (and may edit) it"],
  ["off", "Send no thank-you note"],
];

const byWhom = { model: "the assistant", template: "the template", host: "you" } as const;

/**
 * The thank-you note: before the event, when it goes out and what it should mention; after it, the draft to
 * approve (and edit) or the text that was sent. On its own page, so no self-refresh loses an edit.
 */
export function thanksPage(p: ThanksPageProps): Html {
  const t = p.thankYou;
  const guests = `${p.confirmed} ${p.confirmed === 1 ? "guest" : "guests"}`;
  let body: Html;
  if (!t) {
    const selected = (mode: ThankYouMode) => (mode === p.mode ? raw(" checked") : "");
    body = html`<p>When the event ends (${formatStartsAt(p.endsAt, p.timeZone)}), a thank-you note is drafted
from the event's details and your notes below, and goes to every guest who holds a seat then.
${p.mode === "off" ? "Right now no note will be sent." : p.mode === "auto" ? "Right now it is sent as soon as it is drafted." : "Right now it waits for your approval here."}</p>
<form method="post" action="${p.base}/thanks/settings" accept-charset="utf-8">
${hiddenFormId(p.formId)}
<fieldset><legend>After the event</legend>
${modeChoices.map(([mode, label]) => html`<label><input type="radio" name="mode" value="${mode}"${selected(mode)}> ${label}</label>`)}
</fieldset>
<label>What the note should mention (optional) <textarea name="notes" maxlength="${maxThankYouNotesLength}" rows="5">${p.notes}</textarea></label>
<button type="submit">Save</button>
</form>
<p class="note">Notes are for the assistant that drafts the note; without one, the template includes them as you write them.
The note never names one guest to the assistant: each guest's name is put in when it is sent.</p>`;
  } else if (t.status === "drafting") {
    body = html`<p>The event has ended: the note is being drafted. This page refreshes until it is ready.</p>`;
  } else if (t.status === "drafted") {
    body = html`<p>Here is the draft, written by ${byWhom[t.source ?? "template"]}. Edit it if you like:
<code>${NAME_PLACEHOLDER}</code> becomes each guest's name. Approving sends it to the ${guests} who hold a seat.</p>
<form method="post" action="${p.base}/thanks/approve" accept-charset="utf-8">
${hiddenFormId(p.formId)}
<label>The note <textarea name="body" required maxlength="${maxThankYouLength}" rows="14">${t.body ?? ""}</textarea></label>
<button type="submit">Approve and send</button>
</form>
<p class="note">Approving twice sends the note once.</p>`;
  } else {
    const when = t.approvedAt ? formatStartsAt(t.approvedAt, p.timeZone) : "";
    body = html`<p>Sent ${t.approvedBy === "auto" ? "automatically" : "with your approval"} on ${when} to every guest who held a seat.
Written by ${byWhom[t.source ?? "template"]}:</p>
<blockquote style="white-space: pre-wrap">${t.body ?? ""}</blockquote>`;
  }
  return layout(
    `Thank-you note · ${p.eventName}`,
    html`${backLink(p)}
<h1>Thank-you note</h1>
${noticeView(p.notice, `${p.base}/thanks`)}
${body}`,
    t?.status === "drafting" ? html`<meta http-equiv="refresh" content="2">` : refreshWhilePending(p.notice),
  );
}

/** The guest list import form: a CSV file or pasted text. */
export function importPage(p: HostFrame): Html {
  return layout(
    `Import guests · ${p.eventName}`,
    html`${backLink(p)}
<h1>Import a guest list</h1>
<p>A CSV file with a header line that names an email column (and a name column, or first and last name
columns), as spreadsheets and other event tools export it.</p>
<form method="post" action="${p.base}/import" enctype="multipart/form-data" accept-charset="utf-8">
<label>CSV file <input type="file" name="file" accept=".csv,.txt,text/csv,text/plain"></label>
<label>or paste it here <textarea name="text" rows="8" placeholder="name,email&#10;Ana Guest,ana@example.org"></textarea></label>
<label><input type="checkbox" name="preConfirmed" value="yes">These guests are already confirmed: give them
seats now (the waitlist when full), without asking them to confirm.</label>
<button type="submit">Import</button>
</form>
<p class="note">Unticked, each guest gets an invitation to confirm. An address already on the list is left as it
is, and uploading the same file again adds nobody twice. Up to 2 MB.</p>`,
  );
}

export interface ImportResultPageProps extends HostFrame {
  result: ImportResult;
  preConfirmed: boolean;
}

/** What an import did: how many guests it queued, and every skipped row by line number. */
export function importResultPage(p: ImportResultPageProps): Html {
  const { errors, duplicates, queued, alreadyImported } = p.result;
  const problems =
    errors.length > 0
      ? html`<h2>Skipped: ${errors.length} ${errors.length === 1 ? "row" : "rows"} with a problem</h2>
<table><thead><tr><th>Line</th><th>Problem</th></tr></thead><tbody>
${errors.map((e) => html`<tr><td>${e.line}</td><td>${e.message}</td></tr>`)}
</tbody></table>`
      : null;
  const repeats =
    duplicates.length > 0
      ? html`<h2>Skipped: ${duplicates.length} repeated ${duplicates.length === 1 ? "address" : "addresses"}</h2>
<table><thead><tr><th>Line</th><th>Address</th><th>Same as line</th></tr></thead><tbody>
${duplicates.map((d) => html`<tr><td>${d.line}</td><td>${d.email}</td><td>${d.firstLine}</td></tr>`)}
</tbody></table>`
      : null;
  const what = p.preConfirmed ? "registered (a seat, or the waitlist when full)" : "invited to confirm";
  const earlier =
    alreadyImported > 0
      ? html`<p>${alreadyImported} ${alreadyImported === 1 ? "row was" : "rows were"} imported before from this same file, and ${alreadyImported === 1 ? "is" : "are"} left as ${alreadyImported === 1 ? "it is" : "they are"}.</p>`
      : null;
  return layout(
    `Import · ${p.eventName}`,
    html`${backLink(p)}
<h1>${queued === 0 ? "Nobody new imported" : `${queued} ${queued === 1 ? "guest" : "guests"} imported`}</h1>
${queued > 0 ? html`<p>Each will be ${what} in a moment, in list order; an address already on the list stays as it is. See the <a href="${p.base}/guests">guest list</a>.</p>` : null}
${earlier}
${problems}
${repeats}
<p><a href="${p.base}/import">Import another list</a></p>`,
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
  const a = p.answer;
  const answer = a
    ? html`<section id="answer" class="${a.answeredBy === "none" ? "problem" : "notice"}" aria-live="polite">
<p><strong>${a.answer}</strong></p>
${a.sources.length > 0 ? html`<p class="note">From ${a.sources.join("; ")}.</p>` : null}
${a.note ? html`<p class="note">${a.note}</p>` : null}
</section>`
    : null;
  const how = p.assistant
    ? "Questions are answered by the assistant (Claude on Amazon Bedrock), which reads your headcount, guest list and audit trail through read-only tools."
    : "Common questions are answered by matching their words: the headcount and open seats, the waitlist, held offers, who cancelled or registered (today, this week, since a date), and a guest's status by email address or name.";
  return layout(
    `Ask about your guest list · ${p.eventName}`,
    html`${backLink(p)}
<h1>Ask about your guest list</h1>
<form method="post" action="${p.base}/ask" accept-charset="utf-8">
<label>Your question <input name="question" required maxlength="${maxQuestionLength}" value="${a?.question ?? ""}" placeholder="how many are still on the waitlist?" autocomplete="off"></label>
<button type="submit">Ask</button>
</form>
${answer}
<p class="note">${how} Asking only reads: it never changes your event or your guest list.</p>
<p class="note">For example: "how many seats are left?", "who is on the waitlist?", "who cancelled this week?",
"has ana@example.org confirmed?", "is Ana Guest coming?"</p>`,
  );
}

/** "12/40 +1 held, 3 waiting": confirmed of capacity, held offers, waitlisted. */
function counters(c: Counters | null): string {
  if (!c) return "–";
  return `${c.confirmed}/${c.capacity}${c.offered > 0 ? ` +${c.offered} held` : ""}, ${c.waitlisted} waiting`;
}

/** An instant as the event's wall clock: "24 Dec 2026, 19:05" (with seconds for the audit trail). */
function localTime(at: string, timeZone: string, seconds = false): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    ...(seconds ? { second: "2-digit" } : {}),
  }).format(new Date(at));
}
