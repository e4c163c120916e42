import { html, raw } from "hono/html";
import type { Headcount } from "../../contracts/event.ts";
import { type HostAnswer, maxQuestionLength } from "../../contracts/host-question.ts";
import type { DeliveryProblem } from "../../core/mail-ports.ts";
import { seatsAndParties, showsParties } from "../../i18n/party-counts.ts";
import { copyLinkHead, copyLinkScriptTag, shareLink } from "./copy-link.ts";
import { deliveryProblemsView } from "./delivery-problems-view.ts";
import { formatStartsAt } from "./event-time.ts";
import {
  backLink,
  type HostFrame,
  hiddenFormId,
  hostLayout,
  hostText,
  k,
  noticeView,
  refreshWhilePending,
  stackedTables,
  tableLabels,
} from "./host-frame.ts";
import { hostTools } from "./host-tools.ts";
import { hostPageScript } from "./inline-assets.ts";
import type { Html } from "./pages.ts";

/**
 * The host's pages: the headcount with the host's controls, the message form and the question form; the guest
 * list, the audit trail, the thank-you note and the import have their own files (guest-list-pages.ts,
 * audit-pages.ts, thanks-pages.ts, import-pages.ts), around the frame in host-frame.ts. Every value goes through
 * hono's `html` template, which escapes it (guest names are typed by strangers); every form is a plain POST that
 * works without script. Each form carries a hidden `formId` minted when the page was rendered, so sending it
 * twice asks for one thing once.
 */

export interface HostPageProps extends HostFrame {
  headcount: Headcount;
  etag: string;
  headcountPath: string;
  /** The live headcount's event stream, where the runtime offers one; the page polls without it. */
  livePath?: string | undefined;
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
   * those asked (of all confirmed, for an event from before the count on its row); absent for an event
   * without reconfirm, or before the ask went out.
   */
  reconfirmed?: { count: number; total: number } | null;
  /** Whether the event asks "still coming?": the tile's words ride along, so the live update can show it. */
  asksReconfirm?: boolean;
  /**
   * Whether this instance has the owner's admin area (`/admin`), where the details are edited: then the page
   * links there (the owner signs in on the way); without it (an AWS stack given no admin token) the link would
   * lead nowhere, and the page says who can change the details instead. Absent: there is one.
   */
  adminArea?: boolean;
  /** Where the event is ("Café Lima, Torstraße 1"), under its date; absent for an online-only event. */
  place?: string | undefined;
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
  // The reconfirmed tile appears with the ask, so its label and "{{count}} of {{total}}" ride along for the
  // live update (hostPageScript) where the event asks.
  const reconfirmWords = p.asksReconfirm
    ? html` data-reconfirmed-label="${t("reconfirm.host.tile")}" data-reconfirmed-words="${t("reconfirm.host.tileValue")}"`
    : null;
  const toggle = h.registrationOpen
    ? { action: "close", label: t(k("closeRegistration")), note: t(k("closeNote")) }
    : { action: "reopen", label: t(k("reopenRegistration")), note: t(k("reopenNote")) };
  const tools = hostTools(
    { base: p.base, eventId: h.eventId, auditAvailable: p.auditAvailable, adminArea: p.adminArea },
    t,
  );
  // Without script the page reloads itself every 5 s (the headcount stays live); while an action is being
  // applied it reloads sooner, until the notice says what became of it.
  const head = html`${copyLinkHead}${stackedTables}${tableLabels(p.language)}${
    p.notice?.tone === "pending"
      ? refreshWhilePending(p.notice)
      : html`<noscript><meta http-equiv="refresh" content="5"></noscript>`
  }`;
  return hostLayout(
    p,
    t(k("headcountTitle"), { name: h.name }),
    html`<h1>${h.name}</h1>
<p>${formatStartsAt(h.startsAt, h.timeZone, p.language)}${p.place ? html`<br>${p.place}` : null}</p>
${noticeView(p.notice, p.base, t)}
<table id="headcount" class="tiles${parties ? " parties" : ""}" aria-live="polite" data-source="${p.headcountPath}" data-etag="${p.etag}"${p.livePath ? html` data-live="${p.livePath}"` : null} data-open-word="${t(k("registrationOpen"))}" data-closed-word="${t(k("registrationClosed"))}"${words}${reconfirmWords}>
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
${shareLink(p.registerUrl, t(k("registerLink")), t)}
${deliveryProblemsView(p.deliveryProblems ?? [], p.language)}
${tools.everyday}
<section aria-labelledby="seats-heading">
<h2 id="seats-heading">${t(k("seatsHeading"))}</h2>
<form method="post" action="${p.base}/capacity" accept-charset="utf-8">
${hiddenFormId(p.formId)}
<label>${t(k("capacity"))} <input name="capacity" type="number" min="0" max="100000" step="1" required value="${h.capacity}"></label>
<button type="submit">${t(k("changeCapacity"))}</button>
</form>
<p class="note">${t(k("capacityNote"))}</p>
<form method="post" action="${p.base}/${toggle.action}">
${hiddenFormId(p.formId)}
<button type="submit" class="secondary">${toggle.label}</button>
</form>
<p class="note">${toggle.note}</p>
</section>
${tools.event}
<p class="note">${t(k("selfUpdating"))}</p>
<script>${raw(hostPageScript)}</script>
${copyLinkScriptTag}`,
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
