import { html, raw } from "hono/html";
import { DateTime } from "luxon";
import { accents } from "../../contracts/accent.ts";
import type { EventRecord } from "../../contracts/event.ts";
import { type Language, languages } from "../../contracts/language.ts";
import { MAX_PARTY } from "../../contracts/settings.ts";
import { ThankYouMode } from "../../contracts/thank-you.ts";
import { formatDateTime } from "../../i18n/index.ts";
import type { EventFormErrors, EventFormField, EventFormValues } from "./admin-forms.ts";
import { a, errorText, language, nav, notice, page, speak, t } from "./admin-frame.ts";
import { questionsSection } from "./admin-questions.ts";
import { reconfirmSection } from "./admin-reconfirm.ts";
import { longDateTime } from "./event-time.ts";
import type { Html } from "./pages.ts";

/**
 * The event form's pages: create, and one event's page with the form to edit it (in sections, with the
 * defaults filled in). Every value goes through hono's `html`, which escapes it; every form is a plain POST.
 */

/** How one field of the event form renders: its label, hint, message and control share an id. */
interface FormContext {
  values: EventFormValues;
  errors: EventFormErrors;
}

const idOf = (field: EventFormField) => `f-${field}`;

function describedBy(field: EventFormField, hint: boolean, c: FormContext) {
  const ids = [hint ? `${idOf(field)}-hint` : null, c.errors[field] ? `${idOf(field)}-error` : null].filter(
    Boolean,
  );
  return ids.length > 0 ? ids.join(" ") : null;
}

function labelled(field: EventFormField, c: FormContext, control: Html, hint?: string, label?: string): Html {
  const error = c.errors[field];
  return html`<div class="field">
<label for="${idOf(field)}">${label ?? a(`fields.${field}`)}</label>
${hint ? html`<span class="hint" id="${idOf(field)}-hint">${hint}</span>` : null}
${error ? html`<span class="error" id="${idOf(field)}-error">${errorText(error)}</span>` : null}
${control}
</div>`;
}

/** Attributes every control shares: name, id, and what describes it. */
function common(field: EventFormField, c: FormContext, hint: boolean) {
  const by = describedBy(field, hint, c);
  return raw(
    ` id="${idOf(field)}" name="${field}"${by ? ` aria-describedby="${by}"` : ""}${c.errors[field] ? ' aria-invalid="true"' : ""}`,
  );
}

function input(
  field: EventFormField,
  c: FormContext,
  attrs: string,
  options: { hint?: string; label?: string } = {},
): Html {
  return labelled(
    field,
    c,
    html`<input${common(field, c, Boolean(options.hint))} ${raw(attrs)} value="${c.values[field]}">`,
    options.hint,
    options.label,
  );
}

function textarea(field: EventFormField, c: FormContext, attrs: string, hint?: string): Html {
  return labelled(
    field,
    c,
    html`<textarea${common(field, c, Boolean(hint))} ${raw(attrs)}>${c.values[field]}</textarea>`,
    hint,
  );
}

function select(
  field: EventFormField,
  c: FormContext,
  options: readonly (readonly [string, string])[],
): Html {
  return labelled(
    field,
    c,
    html`<select${common(field, c, false)}>${options.map(
      ([value, label]) =>
        html`<option value="${value}"${c.values[field] === value ? raw(" selected") : ""}>${label}</option>`,
    )}</select>`,
  );
}

function checkbox(field: EventFormField, c: FormContext, label?: string): Html {
  return html`<label><input type="checkbox" name="${field}" value="on"${c.values[field] ? raw(" checked") : ""}> ${label ?? a(`fields.${field}`)}</label>`;
}

/** Approval mode's two checkboxes (docs/approval.md), with what the first one means for guests. */
function approvalFields(c: FormContext): Html {
  return html`${checkbox("approval", c, t("approval.admin.approval"))}
<p class="hint">${t("approval.admin.approvalHint")}</p>
${checkbox("hideLocationUntilApproved", c, t("approval.admin.hideLocation"))}`;
}

/** The event's colour: a radio per accent of the palette, each with its swatch (admin-style.ts). */
function accentChoice(c: FormContext): Html {
  const error = c.errors.accent;
  const by = ["f-accent-hint", error ? "f-accent-error" : null].filter(Boolean).join(" ");
  return html`<fieldset class="accents" aria-describedby="${by}"><legend>${t("accent.label")}</legend>
<span class="hint" id="f-accent-hint">${t("accent.hint")}</span>
${error ? html`<span class="error" id="f-accent-error">${errorText(error)}</span>` : null}
<div class="swatches">${accents.map(
    (name) =>
      html`<label><input type="radio" name="accent" value="${name}"${c.values.accent === name ? raw(" checked") : ""}><span class="swatch ${name}" aria-hidden="true"></span>${t(`accent.names.${name}`)}</label>`,
  )}</div>
</fieldset>`;
}

const zones = Intl.supportedValuesOf("timeZone");

/**
 * Under a date field: how to read it (a browser shows the date in its own locale's order), and the value as
 * stored, in words in the page's language, so "03/04" cannot be misread ("Now: Friday, 3 April 2026, 19:00").
 */
function whenHint(value: string, zone: string): string {
  const at = DateTime.fromISO(value, { zone: zone.trim() || "UTC" });
  const format = t("hostExtras.form.whenFormat");
  if (!at.isValid || value === "") return format;
  const when = formatDateTime(language, at.toJSDate(), at.zoneName ?? "UTC", longDateTime);
  return `${format} ${t("hostExtras.form.readBack", { when })}`;
}

/** The event form's sections: basics, when, where, capacity and waitlist, messages, advanced. */
function formSections(c: FormContext): Html {
  return html`<fieldset><legend>${a("sections.basics")}</legend>
${input("name", c, 'required maxlength="200" autocomplete="off"')}
${textarea("description", c, 'rows="6" maxlength="10000"', a("fields.descriptionHint"))}
${select(
  "language",
  c,
  languages.map((l) => [l, a(`languages.${l}`)] as const),
)}
${accentChoice(c)}
</fieldset>
<fieldset><legend>${a("sections.when")}</legend>
<div class="pair">
${input("startsAt", c, 'type="datetime-local" required', { hint: whenHint(c.values.startsAt, c.values.timeZone) })}
${input("endsAt", c, 'type="datetime-local"', { hint: `${a("fields.endsAtHint")} ${whenHint(c.values.endsAt, c.values.timeZone)}` })}
</div>
${input("timeZone", c, 'required list="zones" autocomplete="off"', { hint: a("fields.timeZoneHint") })}
<datalist id="zones">${zones.map((z) => html`<option value="${z}"></option>`)}</datalist>
</fieldset>
<fieldset><legend>${a("sections.where")}</legend>
${input("place", c, 'maxlength="200"')}
${textarea("address", c, 'rows="3" maxlength="500"')}
${input("onlineUrl", c, 'type="url" maxlength="2000" placeholder="https://"')}
${checkbox("onlineUrlConfirmedOnly", c)}
</fieldset>
<fieldset><legend>${a("sections.capacity")}</legend>
${input("capacity", c, 'type="number" min="0" max="100000" step="1" required inputmode="numeric"', { hint: a("fields.capacityHint") })}
${input("maxParty", c, `type="number" min="1" max="${MAX_PARTY}" step="1" required inputmode="numeric"`, { label: t("hostExtras.form.maxParty"), hint: t("hostExtras.form.maxPartyHint", { max: MAX_PARTY }) })}
${checkbox("smallerPartiesFirst", c, t("hostExtras.form.smallerPartiesFirst"))}
${input("claimWindowHours", c, 'type="number" min="0.25" max="168" step="0.25" required')}
${checkbox("allowNightOffers", c)}
${approvalFields(c)}
${reconfirmSection(c.values, t, (field, attrs, label, hint) => input(field, c, attrs, { label, hint }))}
</fieldset>
<fieldset><legend>${a("sections.messages")}</legend>
${input("hostName", c, 'maxlength="100" autocomplete="name"', { hint: a("fields.hostNameHint") })}
${input("hostEmail", c, 'type="email" maxlength="254" autocomplete="email"', { hint: a("fields.hostEmailHint") })}
<fieldset><legend>${a("fields.reminders")}</legend>
${checkbox("reminderWeek", c)}
${checkbox("reminderDay", c)}
${checkbox("reminderMorning", c)}
</fieldset>
${input("summaryDays", c, 'type="number" min="0" max="30" step="1" required')}
${select(
  "thankYou",
  c,
  ThankYouMode.options.map(
    (m) => [m, a(`fields.thankYou${m.charAt(0).toUpperCase()}${m.slice(1)}`)] as const,
  ),
)}
</fieldset>
<fieldset><legend>${a("sections.advanced")}</legend>
<fieldset><legend>${a("fields.quietHours")}</legend>
<p class="hint">${a("fields.quietHint")}</p>
<div class="pair">
${input("quietStart", c, 'type="time"')}
${input("quietEnd", c, 'type="time"')}
</div>
</fieldset>
${textarea("embedOrigins", c, 'rows="3"', a("fields.embedOriginsHint"))}
</fieldset>
${questionsSection(c.values.questions, c.errors.questions !== undefined, language)}`;
}

/** The summary at the top of a refused form: one link per wrong field. */
function errorSummary(errors: EventFormErrors): Html | null {
  const entries = Object.entries(errors) as [EventFormField, string][];
  if (entries.length === 0) return null;
  return html`<div class="problem" role="alert" id="error-summary">
<h2>${a("errorSummary", { count: entries.length })}</h2>
<ul>${entries.map(([field, key]) => html`<li><a href="#${idOf(field)}">${errorText(key)}</a></li>`)}</ul>
</div>`;
}

export interface EventFormPageProps {
  values: EventFormValues;
  errors: EventFormErrors;
  formId: string;
  /** Absent: the form creates a new event. */
  event?: EventRecord;
  notice?: string | null;
  /** How the notice reads: news (the default), or a problem (the keeper refused the edit). */
  noticeTone?: "notice" | "problem";
  /** The owner's language (the browser's); English when absent. */
  language?: Language;
}

/** The form to create an event. */
export function createEventPage(p: EventFormPageProps): Html {
  speak(p.language);
  return page(
    a("createTitle"),
    html`${nav()}<h1>${a("createTitle")}</h1>
${errorSummary(p.errors)}
<form class="event" lang="${language}" method="post" action="/admin/events" accept-charset="utf-8" novalidate>
<input type="hidden" name="formId" value="${p.formId}">
${formSections(p)}
<button type="submit">${a("create")}</button>
</form>`,
  );
}

/**
 * One event's admin page: its links, registration open or closed, a new host link, and the form with
 * its details and settings.
 */
export function editEventPage(p: EventFormPageProps & { event: EventRecord; registerUrl: string }): Html {
  speak(p.language);
  const e = p.event;
  const open = e.registrationOpen;
  return page(
    a("editTitle", { name: e.name }),
    html`${nav()}<h1>${a("editTitle", { name: e.name })}</h1>
${notice(p.notice ?? null, p.noticeTone)}
${errorSummary(p.errors)}
<p>${a("registerLink")}: <a href="${p.registerUrl}">${p.registerUrl}</a></p>
<p>${a("headcount", { confirmed: e.confirmed, capacity: e.capacity })} ·
<span class="badge ${open ? "open" : "closed"}">${open ? a("open") : a("closed")}</span></p>
<h2>${a("registration")}</h2>
<form method="post" action="/admin/events/${e.eventId}/${open ? "close" : "reopen"}">
<input type="hidden" name="formId" value="${p.formId}">
<button type="submit">${open ? a("closeRegistration") : a("reopenRegistration")}</button>
</form>
<p class="note">${open ? a("closeNote") : a("reopenNote")}</p>
<h2>${a("rotateTitle")}</h2>
<p>${a("rotateIntro")}</p>
<form method="post" action="/admin/events/${e.eventId}/host-link">
<button type="submit">${a("rotate")}</button>
</form>
<h2>${a("editDetails")}</h2>
<form class="event" lang="${language}" method="post" action="/admin/events/${e.eventId}" accept-charset="utf-8" novalidate>
<input type="hidden" name="formId" value="${p.formId}">
${formSections(p)}
<button type="submit">${a("save")}</button>
</form>`,
  );
}
