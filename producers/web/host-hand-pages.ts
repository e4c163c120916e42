import { createHash } from "node:crypto";
import { html, raw } from "hono/html";
import type { GuestStatus } from "../../contracts/guest.ts";
import type { Language } from "../../contracts/language.ts";
import { translator } from "../../i18n/index.ts";
import type { Html } from "./pages.ts";

/**
 * The host's hand on the guest list page (issue 14 §3): per guest, a small "Change" area (edit the name and
 * party, confirm a waiting guest now, remove them, telling them or not) and, under the list, the form that adds
 * a guest by hand. Plain form posts, each with the page's form id, so they work without script; on a phone
 * the area opens under the guest's card. A form the server could not take comes back with its problem shown
 * right there (`HostHandView.problem`) and what was typed kept.
 */

/** What the guest list needs to show the host's hand. */
export interface HostHandView {
  /** The largest party the event allows (the party fields' bound). */
  maxParty: number;
  /** A form that was refused before it was sent: which one (a guest id, or "add"), why, and what was typed. */
  problem?: { target: string; issues: readonly string[]; values: Record<string, string> } | null;
}

/** A guest as the area needs them. */
interface HandGuest {
  guestId: string;
  name: string;
  email: string;
  status: GuestStatus;
  party: number;
}

interface HandFrame {
  base: string;
  formId: string;
  language: Language;
  hand: HostHandView;
}

const k = (key: string) => `hostHand.pages.${key}`;
const hiddenFormId = (formId: string) => html`<input type="hidden" name="formId" value="${formId}">`;

/** The area's own look: a summary that reads as a small button, a remove button in the warning colour. */
export const hostHandStyle = `
details.hand { margin: 4px 0 0; }
details.hand > summary { display: inline-flex; align-items: center; min-height: 44px; padding: 4px 12px; border: 2px solid var(--accent); border-radius: 8px; color: var(--accent); font-weight: 600; cursor: pointer; list-style: none; }
details.hand > summary::-webkit-details-marker { display: none; }
details.hand > summary::after { content: " ▾"; }
details.hand[open] > summary::after { content: " ▴"; }
details.hand form { margin: 8px 0 12px; max-width: 16rem; }
@media (max-width: 40rem) { details.hand form { max-width: 24rem; } }
details.hand label { margin-top: 8px; }
details.hand form button[type="submit"] { margin-top: 8px; white-space: normal; }
details.hand label.check { font-weight: 400; }
button.danger { background: transparent; color: var(--bad); border-color: var(--bad); }
section.add-guest { background: var(--surface); border: 1px solid var(--line); border-radius: var(--r); padding: 16px; margin: 24px 0; max-width: 40rem; }
section.add-guest h2 { margin-top: 0; }
section.add-guest label.check { font-weight: 400; }
`;

/** The style's CSP hash (security-headers.ts allows exactly it). */
export const hostHandStyleHash = `'sha256-${createHash("sha256").update(hostHandStyle).digest("base64")}'`;

/** The style element the guest list page carries in its head. */
export const hostHandHead = html`<style>${raw(hostHandStyle)}</style>`;

/** The problems of a refused form, beside it. */
function problemView(issues: readonly string[], id: string, language: Language): Html {
  const t = translator(language);
  return html`<div class="problem" id="${id}" role="alert"><p>${t(k("formProblem"), { problem: issues.join("; ") })}</p></div>`;
}

/** The value a field shows: what was typed when the form came back, else the guest's own. */
const typed = (frame: HandFrame, target: string, field: string, fallback: string): string =>
  frame.hand.problem?.target === target ? (frame.hand.problem.values[field] ?? fallback) : fallback;

/** One guest's "Change" area: edit, admit (while they wait), remove (while they are on the list). */
export function guestHandCell(g: HandGuest, frame: HandFrame): Html {
  const t = translator(frame.language);
  const problem = frame.hand.problem?.target === g.guestId ? frame.hand.problem : null;
  const errorId = `hand-error-${g.guestId}`;
  const onList = g.status !== "cancelled" && g.status !== "lapsed";
  const waiting = g.status === "waitlisted" || g.status === "pending" || g.status === "offered";
  const action = (verb: string) => `${frame.base}/guests/${g.guestId}/${verb}`;
  return html`<details class="hand"${problem ? raw(" open") : null}><summary aria-label="${t(k("sectionLabel"), { name: g.name })}">${t(k("actions"))}</summary>
${problem ? problemView(problem.issues, errorId, frame.language) : null}
<form method="post" action="${action("edit")}" accept-charset="utf-8">
${hiddenFormId(frame.formId)}
<label>${t(k("name"))} <input name="name" required maxlength="200" autocomplete="off" value="${typed(frame, g.guestId, "name", g.name)}"${problem ? raw(` aria-invalid="true" aria-describedby="${errorId}"`) : null}></label>
<label>${t(k("party"))} <input name="party" type="number" inputmode="numeric" min="1" max="${frame.hand.maxParty}" step="1" required value="${typed(frame, g.guestId, "party", String(g.party))}"></label>
<button type="submit" class="secondary">${t(k("edit"))}</button>
</form>
${
  waiting && onList
    ? html`<form method="post" action="${action("admit")}">
${hiddenFormId(frame.formId)}
<button type="submit">${t(k(g.status === "offered" ? "admitOffered" : "admit"))}</button>
</form>`
    : null
}
${
  onList
    ? html`<form method="post" action="${action("remove")}">
${hiddenFormId(frame.formId)}
<label class="check"><input type="checkbox" name="notify" value="on" checked> ${t(k("removeNotify"), { name: g.name })}</label>
<button type="submit" class="danger">${t(k("remove"))}</button>
</form>`
    : null
}
</details>`;
}

/** The "Add a guest" form under the list. */
export function addGuestSection(frame: HandFrame): Html {
  const t = translator(frame.language);
  const problem = frame.hand.problem?.target === "add" ? frame.hand.problem : null;
  const invalid = problem ? raw(' aria-invalid="true" aria-describedby="add-error"') : null;
  const value = (field: string, fallback = "") => typed(frame, "add", field, fallback);
  return html`<section class="add-guest" aria-labelledby="add-guest-title">
<h2 id="add-guest-title">${t(k("addTitle"))}</h2>
<p class="note">${t(k("addIntro"))}</p>
${problem ? problemView(problem.issues, "add-error", frame.language) : null}
<form method="post" action="${frame.base}/guests/add" accept-charset="utf-8">
${hiddenFormId(frame.formId)}
<label>${t(k("name"))} <input name="name" required maxlength="200" autocomplete="off" value="${value("name")}"${invalid}></label>
<label>${t(k("email"))} <input name="email" type="email" required maxlength="254" autocomplete="off" value="${value("email")}"${invalid}></label>
<label>${t(k("party"))} <input name="party" type="number" inputmode="numeric" min="1" max="${frame.hand.maxParty}" step="1" required value="${value("party", "1")}"></label>
<label class="check"><input type="checkbox" name="waitlist" value="on"${value("waitlist") ? raw(" checked") : null}> ${t(k("addWaitlist"))}</label>
<button type="submit">${t(k("add"))}</button>
</form>
</section>`;
}
