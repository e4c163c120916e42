import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { Language } from "../../contracts/language.ts";
import { MAX_QUESTIONS, type Question, QuestionKind, questionsFromJson } from "../../contracts/questions.ts";
import { type Translate, translator } from "../../i18n/index.ts";
import { type QuestionRow, rowField, type rowFields, rowsOfJson } from "./admin-question-rows.ts";

/**
 * The admin form's questions section (issue 15 §1): a group of fields per question and a blank one to add one
 * (admin-question-rows.ts), every problem named by its question at the top. The form's value is the questions'
 * JSON (`questions`); the section's element id is `f-questions` (the admin form's error summary links to it).
 */

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The questions as the form shows them: pretty JSON, or empty for none. */
export function questionsFormValue(questions: readonly Question[]): string {
  return questions.length === 0 ? "" : JSON.stringify(questions, null, 2);
}

/** The questions typed into the form, or the problems with them (the form then keeps the text as typed). */
export function readQuestionsField(text: string): ReturnType<typeof questionsFromJson> {
  return questionsFromJson(text);
}

/**
 * The section: heading, lead, the problems (named by question), a row per question and a blank row to add one,
 * in the admin page's language. `value` is the questions' JSON (admin-question-rows.ts turns it into rows).
 */
export function questionsSection(value: string, invalid: boolean, language: Language = "en"): Html {
  const t = translator(language);
  const read = invalid ? questionsFromJson(value) : null;
  const problems = read && !read.ok ? read.problems : [];
  const rows = rowsOfJson(value);
  const shown = rows.length < MAX_QUESTIONS ? [...rows, null] : rows;
  return html`<fieldset id="f-questions" tabindex="-1"${problems.length > 0 ? html` aria-describedby="f-questions-error"` : null}><legend>${t("questions.admin.heading")}</legend>
<p class="hint">${t("questions.admin.lead")}</p>
${problems.length > 0 ? html`<p class="error" id="f-questions-error">${problems.map((p) => html`${p}<br>`)}</p>` : null}
<input type="hidden" name="questionRows" value="${shown.length}">
${shown.map((row, i) => questionRow(row, i, t))}
${rows.length >= MAX_QUESTIONS ? html`<p class="hint">${t("questions.admin.full")}</p>` : null}
</fieldset>`;
}

/** One question's fields (or, for `null`, the blank row that adds one), named `q<i>-…`. */
function questionRow(row: QuestionRow | null, i: number, t: Translate): Html {
  const id = (field: (typeof rowFields)[number]) => rowField(i, field);
  const r = row ?? {
    id: "",
    label: "",
    kind: "short-text",
    options: "",
    hint: "",
    required: false,
    maxLength: "",
  };
  const kinds = QuestionKind.options.map(
    (kind) =>
      html`<option value="${kind}"${r.kind === kind ? raw(" selected") : ""}>${t(`questions.admin.kinds.${kind}`)}</option>`,
  );
  return html`<fieldset class="question"><legend>${row ? t("questions.admin.question", { n: i + 1 }) : t("questions.admin.newQuestion")}</legend>
<input type="hidden" name="${id("id")}" value="${r.id}"><input type="hidden" name="${id("maxLength")}" value="${r.maxLength}">
<label for="${id("label")}">${t("questions.admin.label")}</label>
<input id="${id("label")}" name="${id("label")}" maxlength="200" autocomplete="off" value="${r.label}">
<label for="${id("kind")}">${t("questions.admin.kind")}</label>
<select id="${id("kind")}" name="${id("kind")}">${kinds}</select>
<label for="${id("options")}">${t("questions.admin.options")}</label>
<span class="hint" id="${id("options")}-hint">${t("questions.admin.optionsHint")}</span>
<textarea id="${id("options")}" name="${id("options")}" rows="3" aria-describedby="${id("options")}-hint">${r.options}</textarea>
<label for="${id("hint")}">${t("questions.admin.hint")}</label>
<input id="${id("hint")}" name="${id("hint")}" maxlength="300" autocomplete="off" value="${r.hint}">
<label class="choice"><input type="checkbox" name="${id("required")}" value="on" aria-describedby="${id("required")}-hint"${r.required ? raw(" checked") : ""}> ${t("questions.admin.required")}</label>
<span class="hint" id="${id("required")}-hint">${t("questions.admin.requiredHint")}</span>
${row ? html`<label class="choice"><input type="checkbox" name="${id("remove")}" value="on"> ${t("questions.admin.remove")}</label>` : null}
</fieldset>`;
}
