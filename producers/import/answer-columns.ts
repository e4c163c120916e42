/**
 * The answers in a guest-list file: a column whose header equals a question's label (case and spacing aside)
 * fills that question's answer. Cells are read as a person types them in a spreadsheet (see `cellAnswer`) and
 * checked by the same contract as every other lane (`answersSchema`), except that a host's list need not
 * answer required questions: the guests can answer them from their manage page.
 */
import { type Answers, answersSchema, type Question } from "../../contracts/questions.ts";

/** Which column holds which question's answers: question and column index, for the labels the header names. */
export type AnswerColumns = { question: Question; index: number }[];

const folded = (s: string) => s.trim().replace(/\s+/g, " ").toLowerCase();

/** The columns of a header line that are answers to the event's questions. */
export function answerColumns(header: readonly string[], questions: readonly Question[]): AnswerColumns {
  const columns: AnswerColumns = [];
  for (const question of questions) {
    const index = header.findIndex((h) => folded(h) === folded(question.label));
    if (index >= 0) columns.push({ question, index });
  }
  return columns;
}

const yes = new Set(["yes", "y", "true", "1", "x", "ja", "j", "✓", "✔"]);
const no = new Set(["no", "n", "false", "0", "nein"]);

/**
 * A cell as an answer: text as it is; an option matched case-insensitively; several options separated by ";";
 * yes/no as yes, no, true, false, 1, 0, x, ja, nein. An empty cell is no answer. A cell that cannot be read
 * stays text, so the contract's message names the question and what it expects.
 */
export function cellAnswer(question: Question, cell: string): unknown {
  const value = cell.trim();
  if (value === "") return undefined;
  switch (question.kind) {
    case "yes-no": {
      const word = value.toLowerCase();
      return yes.has(word) ? true : no.has(word) ? false : value;
    }
    case "one-of":
      return question.options.find((o) => folded(o) === folded(value)) ?? value;
    case "several-of":
      return value
        .split(";")
        .map((part) => part.trim())
        .filter((part) => part !== "")
        .map((part) => question.options.find((o) => folded(o) === folded(part)) ?? part);
    default:
      return value;
  }
}

/** The answers of one row, or the problems with them (each naming its question), for the row's error. */
export function rowAnswers(
  cells: readonly string[],
  columns: AnswerColumns,
): { answers: Answers } | { problems: string[] } {
  if (columns.length === 0) return { answers: {} };
  const raw: Record<string, unknown> = {};
  for (const { question, index } of columns) {
    const value = cellAnswer(question, cells[index] ?? "");
    if (value !== undefined) raw[question.id] = value;
  }
  const optional = columns.map(({ question }) => ({ ...question, required: false }));
  const parsed = answersSchema(optional).safeParse(raw);
  if (parsed.success) return { answers: parsed.data };
  return { problems: parsed.error.issues.map((issue) => issue.message) };
}
