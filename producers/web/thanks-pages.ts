import { html, raw } from "hono/html";
import {
  maxThankYouLength,
  maxThankYouNotesLength,
  NAME_PLACEHOLDER,
  type ThankYouMode,
  type ThankYouState,
} from "../../contracts/thank-you.ts";
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
} from "./host-frame.ts";
import type { Html } from "./pages.ts";

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
