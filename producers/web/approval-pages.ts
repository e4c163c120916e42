import { createHash } from "node:crypto";
import { html, raw } from "hono/html";
import type { Language } from "../../contracts/language.ts";
import { formatDateTime, translator } from "../../i18n/index.ts";
import type { GuestListRow } from "../host/guest-list.ts";
import type { Html } from "./pages.ts";

/** The requests list: one checkbox row per request, each a 44 px touch target; allowed by its hash (CSP). */
export const requestsStyle = `
fieldset.requests { border: 0; padding: 0; margin: 0; min-width: 0; }
ul.requests { list-style: none; padding: 0; margin: 0; }
ul.requests li { border-bottom: 1px solid var(--line); }
ul.requests label { display: flex; gap: 12px; align-items: flex-start; padding: 12px 0; min-height: 44px; cursor: pointer; overflow-wrap: anywhere; font-weight: 400; }
section.requests h2 { margin-top: 0; }
ul.requests input[type="checkbox"] { width: 24px; height: 24px; margin: 2px 0 0; flex: none; accent-color: var(--accent); }
`;
export const requestsStyleHash = `'sha256-${createHash("sha256").update(requestsStyle).digest("base64")}'`;

/**
 * The host's requests section of the guest list (approval mode, docs/approval.md): each request waiting for
 * the host with a checkbox, and two buttons that approve or decline the checked ones. One plain form, a POST
 * to `<host link>/requests`, so it works without script; a section of its own, apart from the list's other
 * controls.
 */
export interface RequestsSectionProps {
  /** `/h/<token>`. */
  base: string;
  formId: string;
  language: Language;
  timeZone: string;
  /** The guests whose status is `requested`, oldest first. */
  requests: readonly GuestListRow[];
}

/** Shown on an event with approval on, or while requests wait (approval was turned off since): else null. */
export function requestsSection(p: RequestsSectionProps): Html {
  const t = translator(p.language);
  const list =
    p.requests.length === 0
      ? html`<p>${t("approval.host.none")}</p>`
      : html`<form method="post" action="${p.base}/requests" accept-charset="utf-8">
<input type="hidden" name="formId" value="${p.formId}">
<fieldset class="requests">
<legend class="sr-only">${t("approval.host.heading")}</legend>
<ul class="requests">${p.requests.map(
          (
            g,
          ) => html`<li><label><input type="checkbox" name="guest:${g.guestId}" value="1" aria-label="${t("approval.host.select", { name: g.name })}">
<span><strong>${g.name}</strong> · ${g.email}<br><span class="note">${t("approval.host.seats", { count: g.party })} · ${t("approval.host.asked", { when: formatDateTime(p.language, new Date(g.registeredAt), p.timeZone) })}</span></span></label></li>`,
        )}</ul>
</fieldset>
<div class="actions">
<button type="submit" name="decision" value="approve">${t("approval.host.approve")}</button>
<button type="submit" name="decision" value="decline" class="secondary">${t("approval.host.decline")}</button>
</div>
</form>`;
  return html`<section class="card requests" aria-labelledby="requests-heading">
<style>${raw(requestsStyle)}</style>
<h2 id="requests-heading">${t("approval.host.heading")}</h2>
<p class="note">${t("approval.host.intro")}</p>
${list}
</section>`;
}
