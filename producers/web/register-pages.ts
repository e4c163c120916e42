import { html, raw } from "hono/html";
import { type EventRecord, headcountOf } from "../../contracts/event.ts";
import { locationShownTo } from "../../core/approval-rules.ts";
import { descriptionHtml, eventHeader, formatWhen, type Translate, wordsFor } from "./event-view.ts";
import { type Html, layout } from "./pages.ts";
import { questionFields } from "./question-form.ts";

/** The event's register page: the event, the seats left, and the RSVP form (re-shown with its problems). */

/** Whether an event takes registrations right now, and if not, why. */
export type RegistrationState = "open" | "closed" | "started";

/** The register form's fields, as typed, and what is wrong with them (a re-shown form). */
export interface RegisterForm {
  /** `answers`: the answers to the event's questions as given (see question-form.ts). */
  values: { name: string; email: string; answers?: Record<string, unknown> };
  errors: readonly FieldError[];
}

/** One problem with one field of a form. */
export interface FieldError {
  /** A field's element id: name, email, or `q-<id>` for a question. */
  field: "name" | "email" | `q-${string}`;
  message: string;
}

/** Open Graph tags, so a shared link previews with the event's name and date. */
function openGraph(event: EventRecord, url: string): Html {
  const { t } = wordsFor(event);
  const description = t("pages.register.ogDescription", { when: formatWhen(event) });
  return html`<meta property="og:title" content="${event.name}">
<meta property="og:description" content="${description}">
<meta name="description" content="${description}">
<meta property="og:type" content="website">
<meta property="og:url" content="${url}">`;
}

function availabilityOf(event: EventRecord, state: RegistrationState, t: Translate): Html {
  if (state === "closed") return html`<p class="seats"><strong>${t("pages.register.closed")}</strong></p>`;
  if (state === "started") return html`<p class="seats"><strong>${t("pages.register.started")}</strong></p>`;
  const { open } = headcountOf(event);
  return open > 0
    ? html`<p class="seats">${t("pages.register.seatsLeft", { open, count: event.capacity })}</p>`
    : html`<p class="seats">${t("pages.register.full", { count: event.capacity, waiting: event.waitlisted })}</p>`;
}

/** GOV.UK's pattern: a summary at the top linking to each field, focused so a screen reader reads it first. */
function errorSummary(errors: readonly FieldError[], t: Translate): Html | null {
  if (errors.length === 0) return null;
  return html`<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${t("pages.register.errorTitle")}</h2>
<ul>${errors.map((e) => html`<li><a href="#${e.field}">${e.message}</a></li>`)}</ul>
</div>`;
}

/** A labelled input, its error beside it (`aria-describedby`), the typed value kept. */
function field(p: {
  name: "name" | "email";
  label: string;
  type: string;
  autocomplete: string;
  maxlength: number;
  value: string;
  error: FieldError | undefined;
  hint?: string;
}): Html {
  const describedBy = [p.hint ? `${p.name}-hint` : "", p.error ? `${p.name}-error` : ""]
    .filter(Boolean)
    .join(" ");
  return html`<label for="${p.name}">${p.label}</label>
${p.hint ? html`<span class="note" id="${p.name}-hint">${p.hint}</span>` : null}
${p.error ? html`<span class="field-error" id="${p.name}-error">${p.error.message}</span>` : null}
<input id="${p.name}" name="${p.name}" type="${p.type}" required maxlength="${p.maxlength}" autocomplete="${p.autocomplete}" value="${p.value}"${p.error ? raw(' aria-invalid="true"') : null}${describedBy ? html` aria-describedby="${describedBy}"` : null}>`;
}

/** The party size choice, only for an event that lets a guest bring others (`settings.maxParty` > 1). */
function partyField(event: EventRecord, t: Translate): Html | null {
  const max = event.settings.maxParty;
  if (max <= 1) return null;
  const options = Array.from({ length: max }, (_, i) => html`<option value="${i + 1}">${i + 1}</option>`);
  return html`<label for="party">${t("pages.register.party")}</label>
<span class="note" id="party-hint">${t("pages.register.partyHint", { count: max })}</span>
<select id="party" name="party" aria-describedby="party-hint">${options}</select>`;
}

/**
 * The event's page: what, when, where, who, seats left, and the RSVP form with one button. `form` re-shows
 * what the guest typed with what is wrong with it. `url` is the page's own absolute address (Open Graph).
 */
export function registerPage(
  event: EventRecord,
  state: RegistrationState,
  options: { url: string; form?: RegisterForm },
): Html {
  const { lang, t } = wordsFor(event);
  const { open } = headcountOf(event);
  const form = options.form ?? { values: { name: "", email: "" }, errors: [] };
  const errorOf = (name: "name" | "email") => form.errors.find((e) => e.field === name);
  const rsvp =
    state === "open"
      ? html`${errorSummary(form.errors, t)}
<form method="post" action="/e/${event.eventId}/rsvp" accept-charset="utf-8" novalidate>
${field({ name: "name", label: t("pages.register.name"), type: "text", autocomplete: "name", maxlength: 200, value: form.values.name, error: errorOf("name") })}
${field({ name: "email", label: t("pages.register.email"), type: "email", autocomplete: "email", maxlength: 254, value: form.values.email, error: errorOf("email"), hint: t("pages.register.emailHint") })}
${partyField(event, t)}
${questionFields(event.settings.questions, form.values.answers ?? {}, form.errors, t)}
<button type="submit">${event.settings.approval ? t("approval.page.submit") : open > 0 ? t("pages.register.submit") : t("pages.register.submitWaitlist")}</button>
</form>`
      : null;
  const title = form.errors.length > 0 ? `${t("pages.register.errorSummary")}: ${event.name}` : event.name;
  return layout(
    title,
    html`<div class="event-page">
${eventHeader(event, { description: false, hideLocation: !locationShownTo(event, null) })}
<section class="card" aria-labelledby="rsvp-heading">
<h2 id="rsvp-heading">${t("pages.register.formHeading")}</h2>
${availabilityOf(event, state, t)}
${state === "open" && event.settings.approval ? html`<p class="note">${t("approval.page.requestNote")}</p>` : null}
${rsvp}
</section>
${eventDescription(event)}
</div>`,
    openGraph(event, options.url),
    { lang, accent: event.details.accent },
  );
}

/** The description under the RSVP card, so the form stays on the first screen of a phone. */
function eventDescription(event: EventRecord): Html | null {
  const body = descriptionHtml(event.details.description);
  return body ? html`<section class="event-description">${body}</section>` : null;
}
