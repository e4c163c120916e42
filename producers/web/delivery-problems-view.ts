import { html } from "hono/html";
import type { Language } from "../../contracts/language.ts";
import type { DeliveryProblem } from "../../core/mail-ports.ts";
import { formatDateTime, translator } from "../../i18n/index.ts";
import type { Html } from "./pages.ts";

/**
 * The host page's list of emails that did not reach their guest (bounced, marked as spam, given up on); nothing
 * when every email arrived. Times in UTC: a delivery report has no event zone of its own.
 */
export function deliveryProblemsView(problems: readonly DeliveryProblem[], language: Language): Html | null {
  if (problems.length === 0) return null;
  const t = translator(language);
  const when = (at: string) => {
    const date = new Date(at);
    return Number.isNaN(date.getTime()) ? at : formatDateTime(language, date, "UTC");
  };
  return html`<section aria-labelledby="delivery-problems" class="problem">
<h2 id="delivery-problems">${t("delivery.heading", { count: problems.length })}</h2>
<p>${t("delivery.intro")}</p>
<ul>
${problems.map(
  (p) =>
    html`<li><strong>${p.email}</strong>: ${t(`delivery.kind.${p.kind}`)}, ${when(p.at)}${p.detail ? html`<br><small>${p.detail.slice(0, 200)}</small>` : null}</li>`,
)}
</ul>
</section>`;
}
