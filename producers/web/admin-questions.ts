import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { Language } from "../../contracts/language.ts";
import { type Question, questionsFromJson } from "../../contracts/questions.ts";
import { translator } from "../../i18n/index.ts";

/**
 * The admin form's questions section (issue 15 §1), as a first step: the questions as JSON in a textarea, with
 * an example, and every problem named by its question under the field. The form field is `questions`; its
 * element id `f-questions` (the admin form's error summary links to it).
 */

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The example the section shows, and docs/questions.md repeats. */
export const questionsExample = [
  {
    id: "diet",
    label: "Dietary needs",
    kind: "one-of",
    options: ["None", "Vegetarian", "Vegan"],
    required: true,
  },
  { id: "allergies", label: "Allergies", kind: "short-text", maxLength: 100 },
  { id: "photos", label: "Photos of me may be shared", kind: "yes-no", required: true },
];

/** The questions as the form shows them: pretty JSON, or empty for none. */
export function questionsFormValue(questions: readonly Question[]): string {
  return questions.length === 0 ? "" : JSON.stringify(questions, null, 2);
}

/** The questions typed into the form, or the problems with them (the form then keeps the text as typed). */
export function readQuestionsField(text: string): ReturnType<typeof questionsFromJson> {
  return questionsFromJson(text);
}

/** The section: heading, lead, the textarea (with its problems), and the example, in the admin page's language. */
export function questionsSection(value: string, invalid: boolean, language: Language = "en"): Html {
  const t = translator(language);
  const read = invalid ? questionsFromJson(value) : null;
  const problems = read && !read.ok ? read.problems : [];
  const describedBy = ["f-questions-hint", problems.length > 0 ? "f-questions-error" : null]
    .filter(Boolean)
    .join(" ");
  return html`<fieldset><legend>${t("questions.admin.heading")}</legend>
<p class="hint">${t("questions.admin.lead")}</p>
<div class="field">
<label for="f-questions">${t("questions.admin.label")}</label>
<span class="hint" id="f-questions-hint">${t("questions.admin.hint")}</span>
${problems.length > 0 ? html`<span class="error" id="f-questions-error">${problems.map((p) => html`${p}<br>`)}</span>` : null}
<textarea id="f-questions" name="questions" rows="8" spellcheck="false" aria-describedby="${describedBy}"${problems.length > 0 ? html` aria-invalid="true"` : null}>${value}</textarea>
</div>
<details><summary>${t("questions.admin.example")}</summary>
<pre>${JSON.stringify(questionsExample, null, 2)}</pre>
</details>
</fieldset>`;
}
