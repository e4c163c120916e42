import { readFileSync } from "node:fs";
import { type Question, Questions } from "../contracts/questions.ts";
import { CliError } from "./errors.ts";

/**
 * The questions of `--questions FILE` (`rsvp event create/edit`): a JSON file holding a list of questions, or an
 * object `{"questions": […]}`; `-` reads standard input, `none` (or an empty file) means no questions. Checked
 * by the contract; every problem names its question (its number, and its id when it has one). The shape is in
 * docs/questions.md.
 */
export function readQuestionsFile(path: string): Question[] {
  if (path.trim() === "none") return [];
  let text: string;
  try {
    text = readFileSync(path === "-" ? 0 : path, "utf8");
  } catch (error) {
    throw new CliError(`cannot read --questions ${path}: ${(error as Error).message}`);
  }
  if (text.trim() === "") return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError(`--questions ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return questionsOf(value, `--questions ${path}`);
}

/** The questions in a parsed JSON value (a list, or `{"questions": […]}`), or a CliError listing every problem. */
export function questionsOf(value: unknown, what: string): Question[] {
  const list =
    typeof value === "object" && value !== null && !Array.isArray(value) && "questions" in value
      ? value.questions
      : value;
  const parsed = Questions.safeParse(list);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const [index, ...rest] = issue.path;
    if (typeof index !== "number") return issue.message;
    const item = Array.isArray(list) ? (list[index] as { id?: unknown } | undefined) : undefined;
    const id = typeof item?.id === "string" ? ` ("${item.id}")` : "";
    const field = rest.length > 0 ? `${rest.join(".")}: ` : "";
    const message = issue.message.startsWith(String(rest[0] ?? "\0"))
      ? issue.message
      : `${field}${issue.message}`;
    return `question ${index + 1}${id}: ${message}`;
  });
  if (problems.length === 1) throw new CliError(`${what}: ${problems[0]}`);
  throw new CliError([`${what} has problems:`, ...problems.map((p) => `  - ${p}`)].join("\n"));
}
