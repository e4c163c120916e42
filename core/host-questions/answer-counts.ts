import type { Question } from "../../contracts/questions.ts";
import { countAnswersTool } from "./answer-tool.ts";
import type { IntentAnswer } from "./intent-answers.ts";
import type { ToolContext } from "./tools.ts";

/**
 * Questions about the form's answers without a model (issue 15 §1: "the host Q&A helper can answer from
 * them"): "how many vegetarian?", "wie viele vegetarisch?", "how many answered dietary needs?". Plain matching
 * of the question's words against the event's own questions and options (the host's words, so the match needs
 * the data), answered by the same `count_answers` tool the assistant calls: the figures come from the answers.
 */

/** What an answers question is about: one option of a question, or a whole question. */
export interface AnswerCountIntent {
  question: Question;
  option: string | null;
}

/** "How many", in the languages rsvp speaks, and "answers" asked for outright. */
const countCue =
  /\b(?:how many|number of|count|wie ?viele|anzahl|zahl der)\b|\b(?:answers|answered|antworten|geantwortet)\b/;

/** Lower case, no accents, words of letters and digits. */
const fold = (s: string) =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
const wordsOf = (s: string) => fold(s).match(/[\p{L}\p{N}]+/gu) ?? [];

/** Words too common to name a question ("the", "do", "you"…): a label's other words must carry the match. */
const minWord = 4;

/**
 * Whether two words are one word in different forms: the same, or sharing a stem of at least 5 letters that
 * leaves at most 3 letters over ("vegetarian" ~ "vegetarisch" ~ "vegetarians"; "vegan" is not "vegetarian").
 */
function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common += 1;
  return common >= 5 && common >= Math.min(a.length, b.length) - 3;
}

const mentions = (asked: readonly string[], phrase: string, { all }: { all: boolean }) => {
  const words = wordsOf(phrase).filter((w) => w.length >= (all ? 2 : minWord));
  if (words.length === 0) return false;
  const found = (w: string) => asked.some((a) => sameWord(a, w));
  return all ? words.every(found) : words.some(found);
};

/**
 * The question or option an answers question names, or null: an option's every word (a choice question's),
 * else a word of a question's label. Needs a count cue, so "has Vegan Vera confirmed?" stays a guest question.
 */
export function matchAnswerCount(asked: string, questions: readonly Question[]): AnswerCountIntent | null {
  if (questions.length === 0 || !countCue.test(fold(asked))) return null;
  const words = wordsOf(asked);
  for (const question of questions)
    if (question.kind === "one-of" || question.kind === "several-of")
      for (const option of question.options)
        if (mentions(words, option, { all: true })) return { question, option };
  for (const question of questions)
    if (mentions(words, question.label, { all: false })) return { question, option: null };
  return null;
}

/** The answer to an answers question, from the `count_answers` tool (confirmed guests); null when none matches. */
export async function answerCountQuestion(asked: string, ctx: ToolContext): Promise<IntentAnswer | null> {
  const event = await ctx.read.event();
  const intent = matchAnswerCount(asked, event.settings.questions);
  if (!intent) return null;
  const { source, data } = await countAnswersTool.run(ctx, {});
  const counted = data.questions.find((q) => q.label === intent.question.label);
  if (!counted) return null;
  const guests = (n: number) => `${n} confirmed ${n === 1 ? "guest" : "guests"}`;
  const options = counted.options ?? [];
  const label = `“${counted.label}”`;
  if (intent.option !== null) {
    const chose = options.find((o) => o.option === intent.option)?.guests ?? 0;
    return {
      answer: `${guests(chose)} answered “${intent.option}” to ${label} (of ${guests(data.guestsCounted)}).`,
      sources: [source],
    };
  }
  const per = options.map((o) => `${o.option}: ${o.guests}`).join("; ");
  return {
    answer: `${guests(counted.answered)} of ${data.guestsCounted} answered ${label}${per ? ` (${per}).` : "."}`,
    sources: [source],
  };
}
