import * as z from "zod";
import { plainLine, plainText } from "./common.ts";

/**
 * Questions on the register form (issue 15 §1): an event asks up to `MAX_QUESTIONS`, each of one kind, and a
 * guest's answers are checked by `answersSchema(questions)` on every lane (web form, JSON, import, the manage
 * page's answers link, the keeper). See docs/questions.md.
 */

/** The most questions one event may ask. */
export const MAX_QUESTIONS = 10;
/** The most options a choice question may list. */
export const MAX_OPTIONS = 20;
/** The longest answer a text question may allow (short text: one line, long text: several). */
export const MAX_SHORT_TEXT = 200;
export const MAX_LONG_TEXT = 2_000;

/** The kinds of question: short text, long text, one of a list, several of a list, yes/no (e.g. consent). */
export const QuestionKind = z.enum(["short-text", "long-text", "one-of", "several-of", "yes-no"]);
export type QuestionKind = z.infer<typeof QuestionKind>;

/** A question's id: short, lower case, stable (answers are stored under it), e.g. "diet". */
export const QuestionId = z
  .string({ error: "id must be text" })
  .regex(
    /^[a-z][a-z0-9-]{0,31}$/,
    "id must be 1 to 32 lower-case letters, digits or '-', starting with a letter",
  );

const label = plainLine("label", 200, { min: 1 });
const option = plainLine("option", 100, { min: 1 });

const common = {
  id: QuestionId,
  /** What the form asks ("Dietary needs"); an import column with this header fills the answer. */
  label,
  /** A short hint under the label (optional). */
  hint: plainLine("hint", 300).optional(),
  required: z.boolean().default(false),
};

const textQuestion = (kind: "short-text" | "long-text", ceiling: number) =>
  z.object({
    ...common,
    kind: z.literal(kind),
    /** The longest answer, in characters. */
    maxLength: z
      .number()
      .int()
      .min(1)
      .max(ceiling, `maxLength must be at most ${ceiling}`)
      .default(kind === "short-text" ? 100 : 500),
  });

const choiceQuestion = (kind: "one-of" | "several-of") =>
  z.object({
    ...common,
    kind: z.literal(kind),
    options: z
      .array(option)
      .min(2, "options: give at least 2")
      .max(MAX_OPTIONS, `options: at most ${MAX_OPTIONS}`)
      .refine((list) => new Set(list).size === list.length, "options must differ from each other"),
  });

/** One question on the form. */
export const Question = z.discriminatedUnion("kind", [
  textQuestion("short-text", MAX_SHORT_TEXT),
  textQuestion("long-text", MAX_LONG_TEXT),
  choiceQuestion("one-of"),
  choiceQuestion("several-of"),
  z.object({ ...common, kind: z.literal("yes-no") }),
]);
export type Question = z.infer<typeof Question>;
export type QuestionInput = z.input<typeof Question>;

/** The questions of one event, in the form's order: ids and labels unique. */
export const Questions = z
  .array(Question)
  .max(MAX_QUESTIONS, `at most ${MAX_QUESTIONS} questions`)
  .superRefine((list, ctx) => {
    const ids = new Set<string>();
    const labels = new Set<string>();
    list.forEach((q, i) => {
      if (ids.has(q.id))
        ctx.addIssue({ code: "custom", path: [i, "id"], message: `id "${q.id}" is used twice` });
      if (labels.has(q.label.toLowerCase()))
        ctx.addIssue({ code: "custom", path: [i, "label"], message: `label "${q.label}" is used twice` });
      ids.add(q.id);
      labels.add(q.label.toLowerCase());
    });
  });
export type Questions = z.infer<typeof Questions>;

/**
 * The problems of a list of questions that `Questions` refused, one line each, naming the question by its number
 * and id: `question 2 ("diet"): options: give at least 2`. For the CLI's --questions file and the admin form.
 */
export function questionProblems(list: unknown, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const [index, ...rest] = issue.path;
    if (typeof index !== "number") return issue.message;
    const item = Array.isArray(list) ? (list[index] as { id?: unknown } | undefined) : undefined;
    const id = typeof item?.id === "string" ? ` ("${item.id}")` : "";
    const field = rest.length > 0 && !issue.message.startsWith(String(rest[0])) ? `${rest.join(".")}: ` : "";
    return `question ${index + 1}${id}: ${field}${issue.message}`;
  });
}

/**
 * Questions as JSON text (a list, or `{"questions": […]}`; empty: none), or the problems with it, each naming
 * its question.
 */
export function questionsFromJson(
  text: string,
): { ok: true; questions: Question[] } | { ok: false; problems: string[] } {
  if (text.trim() === "") return { ok: true, questions: [] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`not valid JSON: ${(error as Error).message}`] };
  }
  const list =
    typeof value === "object" && value !== null && !Array.isArray(value) && "questions" in value
      ? value.questions
      : value;
  const parsed = Questions.safeParse(list);
  return parsed.success
    ? { ok: true, questions: parsed.data }
    : { ok: false, problems: questionProblems(list, parsed.error) };
}

/** One stored answer: text, one option, several options, or yes/no. */
export const AnswerValue = z.union([z.string(), z.array(z.string()), z.boolean()]);
export type AnswerValue = z.infer<typeof AnswerValue>;

/**
 * A guest's answers by question id, as stored (`GuestRecord.answers`) and carried by commands. Read leniently:
 * what an answer must be depends on the event's questions, which `answersSchema` checks.
 */
export const Answers = z.record(z.string().max(32), AnswerValue);
export type Answers = z.infer<typeof Answers>;

/** Whether an answer says nothing: absent, empty text, no option picked. (`false` is an answer: "no".) */
export function isBlankAnswer(value: AnswerValue | undefined): boolean {
  return value === undefined || value === "" || (Array.isArray(value) && value.length === 0);
}

/** The validator of one question's answer; its messages name the question by its label. */
function answerSchema(q: Question): z.ZodType<AnswerValue | undefined> {
  const named = `"${q.label}"`;
  switch (q.kind) {
    case "short-text":
    case "long-text": {
      const text = q.kind === "short-text" ? plainLine(named, q.maxLength) : plainText(named, q.maxLength);
      return text.optional() as z.ZodType<string | undefined>;
    }
    case "one-of":
      return z
        .string({ error: `${named} must be one of: ${q.options.join(", ")}` })
        .refine((v) => v === "" || q.options.includes(v), `${named} must be one of: ${q.options.join(", ")}`)
        .optional();
    case "several-of":
      return z
        .array(z.string(), { error: `${named} must be a list of options` })
        .refine(
          (list) => list.every((v) => q.options.includes(v)),
          `${named} may only hold: ${q.options.join(", ")}`,
        )
        .transform((list) => q.options.filter((o) => list.includes(o)))
        .optional();
    case "yes-no":
      return z.boolean({ error: `${named} must be true or false` }).optional();
  }
}

/**
 * The validator of a guest's answers to these questions, used by every lane: each answer of its question's
 * kind and length, every required question answered (a required yes/no — a consent — must be `true`), no answer
 * to a question the event does not ask. Blank answers are dropped from the result. Issues carry the question id
 * as their path and name the question by its label.
 */
export function answersSchema(questions: readonly Question[]): z.ZodType<Answers, unknown> {
  // Built once per set of questions, not per answer: constructing a zod schema costs far more than running
  // it (a third of a registration request's time under a rush, and as much per row of an import). A schema
  // is immutable and depends on nothing but the questions, so equal questions share one.
  const key = JSON.stringify(questions);
  let schema = answersSchemas.get(key);
  if (!schema) {
    if (answersSchemas.size >= maxCachedAnswersSchemas) answersSchemas.clear();
    schema = buildAnswersSchema(questions);
    answersSchemas.set(key, schema);
  }
  return schema;
}

/** Events' question sets whose schemas are kept (an instance has few events; a full cache starts over). */
const maxCachedAnswersSchemas = 256;
const answersSchemas = new Map<string, z.ZodType<Answers, unknown>>();

function buildAnswersSchema(questions: readonly Question[]): z.ZodType<Answers, unknown> {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const shape = Object.fromEntries(questions.map((q) => [q.id, answerSchema(q)]));
  return z
    .record(z.string(), z.unknown(), { error: "answers must be an object of question id to answer" })
    .superRefine((raw, ctx) => {
      for (const id of Object.keys(raw))
        if (!byId.has(id))
          ctx.addIssue({ code: "custom", path: [id], message: `there is no question "${id}" on this form` });
    })
    .pipe(z.object(shape))
    .superRefine((answers, ctx) => {
      for (const q of questions) {
        const value = answers[q.id];
        if (!q.required) continue;
        if (isBlankAnswer(value) || (q.kind === "yes-no" && value !== true))
          ctx.addIssue({
            code: "custom",
            path: [q.id],
            message:
              q.kind === "yes-no" ? `"${q.label}" must be answered yes` : `"${q.label}" must be answered`,
          });
      }
    })
    .transform((answers) => {
      const kept: Answers = {};
      for (const q of questions) {
        const value = answers[q.id];
        if (!isBlankAnswer(value)) kept[q.id] = value as AnswerValue;
      }
      return kept;
    }) as unknown as z.ZodType<Answers, unknown>;
}

/** Whether these answers leave a required question unanswered (the email lane then sends the form link). */
export function missingRequired(questions: readonly Question[], answers: Answers): Question[] {
  return questions.filter(
    (q) => q.required && (isBlankAnswer(answers[q.id]) || (q.kind === "yes-no" && answers[q.id] !== true)),
  );
}

/** An answer as one line of text for a list, a CSV cell or a model's facts ("yes", "Vegan; Halal"). */
export function answerText(q: Question, value: AnswerValue | undefined): string {
  if (value === undefined) return "";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (Array.isArray(value)) return value.join("; ");
  return q.kind === "long-text" ? value.replace(/\s*\n\s*/g, " / ") : value;
}

/** How many guests gave each option of a choice or yes/no question. */
export interface AnswerCount {
  question: Question;
  /** Per option (yes-no: "yes" and "no"), in the question's order, with how many chose it. */
  options: { option: string; count: number }[];
  /** How many answered at all (text questions: this alone is counted). */
  answered: number;
}

/** The options a question's answers are counted by: a choice's options, "yes" and "no", none for text. */
export function optionsOf(question: Question): readonly string[] {
  if (question.kind === "yes-no") return ["yes", "no"];
  return question.kind === "one-of" || question.kind === "several-of" ? question.options : [];
}

/**
 * The answer counts among the given guests (the caller passes the confirmed ones): per option for choice and
 * yes/no questions ("12 vegetarian"), how many answered for text questions.
 */
export function countAnswers(
  questions: readonly Question[],
  guests: readonly { answers?: Answers | undefined }[],
): AnswerCount[] {
  return questions.map((question) => {
    const values = guests.map((g) => g.answers?.[question.id]).filter((v) => !isBlankAnswer(v));
    const options = optionsOf(question).map((option) => ({
      option,
      count: values.filter((v) =>
        typeof v === "boolean"
          ? (v ? "yes" : "no") === option
          : Array.isArray(v)
            ? v.includes(option)
            : v === option,
      ).length,
    }));
    return { question, options, answered: values.length };
  });
}
