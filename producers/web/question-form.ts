import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import {
  type AnswerCount,
  type Answers,
  type AnswerValue,
  answersSchema,
  isBlankAnswer,
  type Question,
} from "../../contracts/questions.ts";
import type { Translate } from "./event-view.ts";

/**
 * The questions on a web form (the register page and the answers page): the fields, the answers read back from a
 * form post, and the contract's problems said in the page's language. Field names: `q.<id>` for one value,
 * `q.<id>.<n>` for each ticked option of a several-of question (so a form post need not repeat a field name).
 * Element ids are `q-<id>`, which an error summary links to.
 */

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** A problem with one question's answer, in the page's language. */
export interface AnswerError {
  field: `q-${string}`;
  message: string;
}

/** The element id of a question's (first) input. */
export const questionFieldId = (q: Question): `q-${string}` => `q-${q.id}`;

/** The raw answers of a form post: text as typed, ticked options as a list, yes/no from "yes" or "no". */
export function formAnswers(
  questions: readonly Question[],
  form: Record<string, unknown>,
): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  const text = (v: unknown) => (typeof v === "string" ? v : undefined);
  for (const q of questions) {
    if (q.kind === "several-of") {
      const picked = q.options
        .map((_, i) => text(form[`q.${q.id}.${i}`]))
        .filter((v): v is string => v !== undefined);
      if (picked.length > 0) raw[q.id] = picked;
      continue;
    }
    const value = text(form[`q.${q.id}`]);
    if (value === undefined || value === "") continue;
    raw[q.id] = q.kind === "yes-no" ? (value === "yes" ? true : value === "no" ? false : value) : value;
  }
  return raw;
}

/** Checks raw answers against the event's questions: the answers, or one problem per question, localized. */
export function checkAnswers(
  questions: readonly Question[],
  raw: unknown,
  t: Translate,
): { ok: true; answers: Answers } | { ok: false; errors: AnswerError[] } {
  const parsed = answersSchema(questions).safeParse(raw);
  if (parsed.success) return { ok: true, answers: parsed.data };
  const values = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, AnswerValue>;
  const errors: AnswerError[] = [];
  for (const q of questions) {
    if (!parsed.error.issues.some((issue) => issue.path[0] === q.id)) continue;
    errors.push({ field: questionFieldId(q), message: problemOf(q, values[q.id], t) });
  }
  return { ok: false, errors };
}

/** What is wrong with one answer, in words a guest reads. */
function problemOf(q: Question, value: AnswerValue | undefined, t: Translate): string {
  const label = q.label;
  if (q.kind === "yes-no" && q.required && value !== true)
    return t("questions.form.errors.consent", { label });
  if (q.required && isBlankAnswer(value)) return t("questions.form.errors.required", { label });
  if ((q.kind === "short-text" || q.kind === "long-text") && typeof value === "string")
    if (value.trim().length > q.maxLength)
      return t("questions.form.errors.tooLong", { label, count: q.maxLength });
  return t("questions.form.errors.invalid", { label });
}

/** The label's marks: required or optional, so nobody has to guess (a consent box needs no mark). */
function mark(q: Question, t: Translate): Html {
  return q.required
    ? html` <span class="required-mark">${t("questions.form.required")}</span>`
    : html` <span class="optional-mark">${t("questions.form.optional")}</span>`;
}

const describedBy = (ids: (string | null)[]) => {
  const list = ids.filter((id): id is string => id !== null).join(" ");
  return list ? html` aria-describedby="${list}"` : null;
};

/** One question's field, its hint and its error beside it (`aria-describedby`), the given answer kept. */
function questionField(q: Question, value: unknown, error: AnswerError | undefined, t: Translate): Html {
  const id = questionFieldId(q);
  const hintText =
    q.hint ??
    (q.kind === "short-text" || q.kind === "long-text"
      ? t("questions.form.maxLength", { count: q.maxLength })
      : q.kind === "several-of"
        ? t("questions.form.severalHint")
        : null);
  const hintId = hintText ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  const hint = hintText ? html`<span class="note" id="${hintId}">${hintText}</span>` : null;
  const problem = error ? html`<span class="field-error" id="${errorId}">${error.message}</span>` : null;
  const invalid = error ? raw(' aria-invalid="true"') : null;
  const required = q.required ? raw(" required") : null;
  const aria = describedBy([hintId, errorId]);
  switch (q.kind) {
    case "short-text":
      return html`<label for="${id}">${q.label}${mark(q, t)}</label>${hint}${problem}
<input id="${id}" name="q.${q.id}" type="text" maxlength="${q.maxLength}" value="${typeof value === "string" ? value : ""}"${required}${invalid}${aria}>`;
    case "long-text":
      return html`<label for="${id}">${q.label}${mark(q, t)}</label>${hint}${problem}
<textarea id="${id}" name="q.${q.id}" rows="3" maxlength="${q.maxLength}"${required}${invalid}${aria}>${typeof value === "string" ? value : ""}</textarea>`;
    case "yes-no":
      if (q.required)
        // A consent: one box to tick, its label the question itself.
        return html`<div class="question">${problem}${hint}
<label class="choice" for="${id}"><input id="${id}" name="q.${q.id}" type="checkbox" value="yes"${value === true ? raw(" checked") : null}${required}${invalid}${aria}>${q.label}</label></div>`;
      return choices(
        q,
        id,
        ["yes", "no"],
        (o) => t(`questions.form.${o}`),
        (o) => value === (o === "yes"),
        {
          hint,
          problem,
          aria,
          t,
        },
      );
    case "one-of":
      return choices(
        q,
        id,
        q.options,
        (o) => o,
        (o) => value === o,
        { hint, problem, aria, t },
      );
    case "several-of":
      return choices(
        q,
        id,
        q.options,
        (o) => o,
        (o) => Array.isArray(value) && value.includes(o),
        {
          hint,
          problem,
          aria,
          t,
        },
      );
  }
}

/** Radio buttons or check boxes in a fieldset whose legend is the question. */
function choices(
  q: Question,
  id: string,
  options: readonly string[],
  labelOf: (option: string) => string,
  checked: (option: string) => boolean,
  parts: { hint: Html | null; problem: Html | null; aria: Html | null; t: Translate },
): Html {
  const several = q.kind === "several-of";
  const inputs = options.map((option, i) => {
    const inputId = i === 0 ? id : `${id}-${i}`;
    const name = several ? `q.${q.id}.${i}` : `q.${q.id}`;
    return html`<label class="choice" for="${inputId}"><input id="${inputId}" name="${name}" type="${several ? "checkbox" : "radio"}" value="${option}"${checked(option) ? raw(" checked") : null}>${labelOf(option)}</label>`;
  });
  return html`<fieldset class="question"${parts.aria}>
<legend>${q.label}${mark(q, parts.t)}</legend>${parts.hint}${parts.problem}
${inputs}
</fieldset>`;
}

/** Every question of the form, in order, with the given answers and problems. */
export function questionFields(
  questions: readonly Question[],
  values: Record<string, unknown>,
  errors: readonly { field: string; message: string }[],
  t: Translate,
): Html | null {
  if (questions.length === 0) return null;
  return html`${questions.map((q) =>
    questionField(
      q,
      values[q.id],
      errors.find((e): e is AnswerError => e.field === questionFieldId(q)),
      t,
    ),
  )}`;
}

/** An answer as a guest or host reads it, in the page's language ("Yes", "Vegan, Halal"). */
export function shownAnswer(value: AnswerValue | undefined, t: Translate): string {
  if (isBlankAnswer(value)) return t("questions.manage.none");
  if (typeof value === "boolean") return t(value ? "questions.form.yes" : "questions.form.no");
  return Array.isArray(value) ? value.join(", ") : String(value);
}

/** The manage page's answers: each question with the guest's answer, and the link to change them. */
export function answersSection(
  event: EventRecord,
  guest: GuestRecord,
  changePath: string | undefined,
  framed: boolean,
  t: Translate,
): Html | null {
  const questions = event.settings.questions;
  if (questions.length === 0) return null;
  const answers = guest.answers ?? {};
  return html`<h2>${t("questions.manage.heading")}</h2>
<dl class="answers">${questions.map((q) => html`<dt>${q.label}</dt><dd>${shownAnswer(answers[q.id], t)}</dd>`)}</dl>
${
  changePath
    ? html`<div class="actions"><a class="button secondary" href="${changePath}"${framed ? html` target="_blank" rel="noopener"` : null}>${t("questions.manage.change")}</a></div>`
    : null
}`;
}

/** A guest's answers in one cell of the host's guest list: "Label: answer" per answered question. */
export function answersCell(
  questions: readonly Question[],
  answers: Answers | undefined,
  t: Translate,
): Html | null {
  const given = questions.filter((q) => !isBlankAnswer(answers?.[q.id]));
  if (given.length === 0) return null;
  return html`<dl class="answers">${given.map((q) => html`<dt>${q.label}</dt><dd>${shownAnswer(answers?.[q.id], t)}</dd>`)}</dl>`;
}

/**
 * The host page's answer counts among confirmed guests: per option for choice and yes/no questions ("12
 * Vegetarian"), how many answered for text questions. None for an event without questions.
 */
export function answerCountsSection(counts: readonly AnswerCount[], t: Translate): Html | null {
  if (counts.length === 0) return null;
  const optionLabel = (q: Question, option: string) =>
    q.kind === "yes-no" ? t(`questions.form.${option}`) : option;
  return html`<h2>${t("questions.host.countsHeading")}</h2>
<dl class="answers answer-counts">${counts.map(
    ({ question, options, answered }) =>
      html`<dt>${question.label}</dt><dd>${
        options.length > 0
          ? options
              .map((o) =>
                t("questions.host.count", { count: o.count, option: optionLabel(question, o.option) }),
              )
              .join(" · ")
          : t("questions.host.answered", { count: answered })
      }</dd>`,
  )}</dl>`;
}
