import { readFileSync } from "node:fs";
import { type Question, questionsFromJson } from "../contracts/questions.ts";
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
  const read = questionsFromJson(text);
  if (read.ok) return read.questions;
  const what = `--questions ${path}`;
  if (read.problems.length === 1) throw new CliError(`${what}: ${read.problems[0]}`);
  throw new CliError([`${what} has problems:`, ...read.problems.map((p) => `  - ${p}`)].join("\n"));
}
