import { html } from "hono/html";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import { eventLine, wordsFor } from "./event-view.ts";
import { backToEvent } from "./link-status.ts";
import { type Html, layout } from "./pages.ts";
import { type AnswerError, questionFields } from "./question-form.ts";

/** What came of the last save, shown above the form. */
export type SaveNotice = "saved" | "unchanged" | "refused" | "processing" | null;

/**
 * The answers page a guest's answers link opens: the questions with their answers, and one button that saves
 * them (a POST; opening the page changes nothing). `errors` re-shows what they typed with what is wrong.
 */
export function answersPage(p: {
  event: EventRecord;
  guest: GuestRecord;
  values: Record<string, unknown>;
  errors: readonly AnswerError[];
  notice: SaveNotice;
  postPath: string;
  /** The guest left: the page says so and offers no form. */
  closed: boolean;
}): Html {
  const { event } = p;
  const { lang, t } = wordsFor(event);
  const title = t("questions.manage.pageTitle", { event: event.name });
  const notice = p.notice
    ? html`<p class="badge ${p.notice === "refused" ? "off" : p.notice === "processing" ? "wait" : "ok"}" role="status">${t(`questions.manage.${p.notice}`)}</p>`
    : null;
  const summary =
    p.errors.length > 0
      ? html`<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${t("pages.register.errorTitle")}</h2>
<ul>${p.errors.map((e) => html`<li><a href="#${e.field}">${e.message}</a></li>`)}</ul>
</div>`
      : null;
  const form = p.closed
    ? html`<p>${t("questions.manage.refused")}</p>`
    : html`<p>${t("questions.manage.lead")}</p>${summary}
<form method="post" action="${p.postPath}" accept-charset="utf-8" novalidate>
${questionFields(event.settings.questions, p.values, p.errors, t)}
<button type="submit">${t("questions.manage.save")}</button>
</form>`;
  return layout(
    title,
    html`${eventLine(event)}
<h1>${title}</h1>
${notice}
${form}
${backToEvent(event, t)}`,
    html`<meta name="robots" content="noindex">${
      p.notice === "processing" ? html`<meta http-equiv="refresh" content="2">` : null
    }`,
    { lang, accent: event.details.accent },
  );
}
