import type { HostAnswer, HostQuestion } from "../../contracts/host-question.ts";
import { answerCountQuestion } from "./answer-counts.ts";
import { answerIntent } from "./intent-answers.ts";
import { intentCoverage, matchIntent } from "./intents.ts";
import type { HostReadModel } from "./read-model.ts";
import { type Toolbox, toolbox } from "./tools.ts";

/** What the assistant is given for one question: the question, the moment, the zone, and the read-only tools. */
export interface AssistantRequest {
  question: HostQuestion;
  now: Date;
  /** The event's IANA time zone: "today" and "this week" are the event's. */
  timeZone: string;
  /** The only way to the data; every tool only reads. */
  tools: Toolbox;
}

/**
 * What the assistant came to: an answer with the sources of the tools it called, or why it gave up (no
 * answer within its step limit, an empty reply). Infrastructure failures are thrown.
 */
export type AssistantReply =
  | { kind: "answer"; text: string; sources: string[] }
  | { kind: "gave-up"; reason: string; sources: string[] };

/**
 * The assistant port: a model that answers with tool use (Bedrock Converse on AWS). It is handed a Toolbox and
 * nothing else, so it can read what the tools read and cannot write at all.
 */
export interface HostAssistant {
  answer(request: AssistantRequest): Promise<AssistantReply>;
}

/** How the answer tells a host that a question needs the assistant, and how to turn it on. */
const assistantSetupHint =
  'set RSVP_BEDROCK_MODEL (see "Ask about your guest list" in the README); on AWS it is on by default';

export interface AskDeps {
  read: HostReadModel;
  now: Date;
  /** Null when no assistant is configured: the intent matcher answers alone. */
  assistant: HostAssistant | null;
}

/**
 * Answers a host's question about their event. With an assistant, the assistant answers (with the read-only
 * tools), and the answer lists the data its tools read; if it fails or gives up, the intent matcher answers
 * instead and a note says why. Without one, the intent matcher answers the common questions, and anything else
 * is answered with what it can answer and how to turn the assistant on. Nothing here writes anything.
 */
export async function answerHostQuestion(deps: AskDeps, question: HostQuestion): Promise<HostAnswer> {
  const ctx = { read: deps.read, now: deps.now };
  let note: string | null = null;
  if (deps.assistant) {
    const timeZone = (await deps.read.event()).timeZone;
    try {
      const reply = await deps.assistant.answer({ question, now: deps.now, timeZone, tools: toolbox(ctx) });
      if (reply.kind === "answer")
        return {
          question,
          answer: reply.text,
          sources: unique(reply.sources),
          answeredBy: "assistant",
          note,
        };
      note = `The assistant gave no answer (${reply.reason}).`;
    } catch (error) {
      note = `The assistant could not be reached (${errorName(error)}).`;
    }
  }
  // An answers question names the host's own options ("how many vegetarian?"): tried before the intents,
  // which would read its "how many" as the headcount.
  const byAnswers = await answerCountQuestion(question, ctx);
  if (byAnswers)
    return { question, ...byAnswers, sources: unique(byAnswers.sources), answeredBy: "intent", note };
  const intent = matchIntent(question);
  if (!intent) {
    const answer = deps.assistant
      ? `I could not answer that just now. Without the assistant I can answer questions about ${intentCoverage}.`
      : `That question needs the assistant. Without it I can answer questions about ${intentCoverage}. To turn the assistant on, ${assistantSetupHint}.`;
    return { question, answer, sources: [], answeredBy: "none", note };
  }
  const { answer, sources } = await answerIntent(intent, question, ctx);
  return { question, answer, sources: unique(sources), answeredBy: "intent", note };
}

const unique = (items: readonly string[]) => [...new Set(items)];

/** An error's name (ThrottlingException, AccessDeniedException, …): enough for a host, nothing internal. */
function errorName(error: unknown): string {
  if (error instanceof Error && /^[A-Za-z]{1,64}$/.test(error.name) && error.name !== "Error")
    return error.name;
  return "an unexpected error";
}
