import { QuestionKind as Kinds, MAX_QUESTIONS, type QuestionKind } from "../../contracts/questions.ts";

/**
 * The admin form's questions as rows a host fills in on a phone (label, kind, options one per line, hint,
 * required), instead of JSON. The rows travel as plain form fields, `q<i>-label`, `q<i>-kind`, … with
 * `questionRows` saying how many were shown; they are turned into the questions' JSON, which the form reads
 * and checks as before (admin-forms.ts), so a refused form comes back with the rows as typed.
 */

/** One row as the form shows and posts it: every field as text. */
export interface QuestionRow {
  /** The question's stable id; empty for a new row (made from the label when it is saved). */
  id: string;
  label: string;
  kind: string;
  /** The choices, one per line (one-of, several-of). */
  options: string;
  hint: string;
  required: boolean;
  /** The longest answer of a text question, kept as it was (the form does not show it). */
  maxLength: string;
}

export const rowFields = [
  "id",
  "label",
  "kind",
  "options",
  "hint",
  "required",
  "maxLength",
  "remove",
] as const;
export const rowField = (i: number, field: (typeof rowFields)[number]) => `q${i}-${field}`;

const text = (value: unknown) => (typeof value === "string" ? value : "");

/**
 * The questions' JSON from the posted rows, or null when the form posted no rows (a client that sends the
 * `questions` JSON itself). A row ticked "Remove" is left out, and so is the blank row for a new question; a row
 * that had a question and lost its label stays in, so the check names it instead of dropping it unseen.
 */
export function questionsJsonOfRows(body: Record<string, unknown>): string | null {
  const count = Number(text(body.questionRows));
  if (text(body.questionRows) === "" || !Number.isInteger(count) || count < 0) return null;
  const rows = Array.from({ length: Math.min(count, MAX_QUESTIONS + 1) }, (_, i) => i).flatMap((i) => {
    const field = (name: (typeof rowFields)[number]) => text(body[rowField(i, name)]);
    const row: QuestionRow = {
      id: field("id").trim(),
      label: field("label").trim(),
      kind: field("kind"),
      options: field("options"),
      hint: field("hint").trim(),
      required: field("required") !== "",
      maxLength: field("maxLength"),
    };
    const blank = row.id === "" && row.label === "" && row.hint === "" && row.options.trim() === "";
    return field("remove") !== "" || blank ? [] : [row];
  });
  if (rows.length === 0) return "";
  const taken = new Set(rows.map((r) => r.id).filter(Boolean));
  return JSON.stringify(
    rows.map((row) => questionOfRow(row, taken)),
    null,
    2,
  );
}

/** A row as the question the contract checks (admin-forms.ts reads it with `questionsFromJson`). */
function questionOfRow(row: QuestionRow, taken: Set<string>): Record<string, unknown> {
  const kind: QuestionKind = Kinds.safeParse(row.kind).data ?? "short-text";
  const id = row.id || newId(row.label, taken);
  const question: Record<string, unknown> = { id, label: row.label, kind, required: row.required };
  if (row.hint) question.hint = row.hint;
  if (kind === "one-of" || kind === "several-of")
    question.options = row.options
      .split(/\r?\n/)
      .map((o) => o.trim())
      .filter(Boolean);
  const max = Number(row.maxLength);
  if ((kind === "short-text" || kind === "long-text") && row.maxLength !== "" && Number.isInteger(max))
    question.maxLength = max;
  return question;
}

/**
 * An id for a new question from its label: "Dietary needs" → "dietary-needs", "Größe (cm)" → "grosse-cm",
 * unique among the event's, "q-<n>" when the label has no letters to make one from.
 */
export function newId(label: string, taken: Set<string>): string {
  const slug = label
    .normalize("NFKD")
    .replace(/ß/g, "ss")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^[^a-z]+|-+$/g, "")
    .slice(0, 28)
    .replace(/-+$/, "");
  const base = slug || "q";
  let id = slug || "q-1";
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/** The rows the form shows for the questions' JSON (as stored, or as the form turned the posted rows into). */
export function rowsOfJson(json: string): QuestionRow[] {
  let list: unknown;
  try {
    list = json.trim() === "" ? [] : JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(list)) return [];
  return list.map((item) => {
    const q = (typeof item === "object" && item !== null ? item : {}) as Record<string, unknown>;
    return {
      id: text(q.id),
      label: text(q.label),
      kind: text(q.kind),
      options: Array.isArray(q.options) ? q.options.map(text).join("\n") : "",
      hint: text(q.hint),
      required: q.required === true,
      maxLength: typeof q.maxLength === "number" ? String(q.maxLength) : "",
    };
  });
}
