import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { ReconfirmSettings } from "../../contracts/settings.ts";
import type { Translate } from "../../i18n/index.ts";

/**
 * The admin form's "Still coming?" section (docs/reconfirm.md): on or off, how many days before the event
 * the guests are asked, whether the seats of those who do not answer are released, and the hours they have to
 * answer. The defaults (2 days, keep, 24 hours) show while it is off, so turning it on needs one tick.
 */

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The section's form fields, as the browser sends them (a ticked box is "on"). */
export const reconfirmFields = ["reconfirm", "reconfirmDays", "reconfirmRelease", "reconfirmHours"] as const;
export type ReconfirmField = (typeof reconfirmFields)[number];
export type ReconfirmValues = Record<ReconfirmField, string>;

/** What the form suggests when the event does not ask yet (docs/reconfirm.md: 2 days is a good default). */
export const reconfirmDefaults = { daysBefore: 2, answerHours: 24 } as const;

/** The fields filled in from the event's setting (null: off, the defaults shown). */
export function reconfirmFormValues(setting: ReconfirmSettings | null): ReconfirmValues {
  return {
    reconfirm: setting ? "on" : "",
    reconfirmDays: String(setting?.daysBefore ?? reconfirmDefaults.daysBefore),
    reconfirmRelease: setting?.onNoAnswer === "release" ? "on" : "",
    reconfirmHours: String(setting?.answerHours ?? reconfirmDefaults.answerHours),
  };
}

/**
 * The setting the fields ask for, or the catalog key of each wrong field. Off: null, whatever the numbers say
 * (they are not used). An empty number field (a form from before the section) takes the default.
 */
export function readReconfirmFields(
  v: ReconfirmValues,
): { ok: true; setting: ReconfirmSettings | null } | { ok: false; errors: Partial<ReconfirmValues> } {
  if (v.reconfirm === "") return { ok: true, setting: null };
  const errors: Partial<ReconfirmValues> = {};
  const daysText = v.reconfirmDays.trim() || String(reconfirmDefaults.daysBefore);
  const hoursText = v.reconfirmHours.trim() || String(reconfirmDefaults.answerHours);
  const days = /^\d{1,2}$/.test(daysText) ? Number(daysText) : Number.NaN;
  const hours = /^\d{1,3}(\.\d{1,2})?$/.test(hoursText) ? Number(hoursText) : Number.NaN;
  const shape = ReconfirmSettings.shape;
  if (!shape.daysBefore.safeParse(days).success) errors.reconfirmDays = "reconfirm.admin.daysError";
  if (!shape.answerHours.unwrap().safeParse(hours).success)
    errors.reconfirmHours = "reconfirm.admin.hoursError";
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    setting: {
      daysBefore: days,
      onNoAnswer: v.reconfirmRelease === "" ? "keep" : "release",
      answerHours: hours,
    },
  };
}

/** How the admin form draws one of its labelled inputs (admin-event-form-pages.ts passes its own). */
export type NumberInput = (field: ReconfirmField, attrs: string, label: string, hint: string) => Html;

/** The section: a fieldset with the switch, the days, the release box and the hours. */
export function reconfirmSection(v: ReconfirmValues, t: Translate, input: NumberInput): Html {
  const box = (field: ReconfirmField, label: string, hint: string) =>
    html`<label><input type="checkbox" name="${field}" value="on" aria-describedby="f-${field}-hint"${v[field] ? raw(" checked") : ""}> ${label}</label>
<p class="hint" id="f-${field}-hint">${hint}</p>`;
  return html`<fieldset><legend>${t("reconfirm.admin.legend")}</legend>
${box("reconfirm", t("reconfirm.admin.on"), t("reconfirm.admin.onHint"))}
${input("reconfirmDays", 'type="number" min="1" max="30" step="1" inputmode="numeric"', t("reconfirm.admin.days"), t("reconfirm.admin.daysHint"))}
${box("reconfirmRelease", t("reconfirm.admin.release"), t("reconfirm.admin.releaseHint"))}
${input("reconfirmHours", 'type="number" min="1" max="168" step="1" inputmode="numeric"', t("reconfirm.admin.hours"), t("reconfirm.admin.hoursHint"))}
</fieldset>`;
}
