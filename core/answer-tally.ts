import {
  type AnswerTally,
  type EventRecord,
  partiesOf,
  type QuestionTally,
  requestsOf,
} from "../contracts/event.ts";
import type { GuestRecord } from "../contracts/guest.ts";
import {
  type AnswerCount,
  type Answers,
  type AnswerValue,
  isBlankAnswer,
  optionsOf,
  type Question,
} from "../contracts/questions.ts";

/**
 * The answers to an event's questions, counted on the event row by the keeper as guest rows change (like the
 * seats), so the host page shows "12 Vegetarian" without reading the guest list. Per guest status, per
 * question: how many answered, and per answer value (a choice's option, "yes"/"no") how many gave it. A text
 * answer is counted as answered only: guests' own words are not copied onto the event row.
 */

/** Whether a question's string answers are options (counted by value) rather than a guest's own words. */
const hasOptions = (q: Question | undefined) =>
  q !== undefined && (q.kind === "one-of" || q.kind === "several-of" || q.kind === "yes-no");

/** The keys one answer counts under: its options ("yes"/"no" for a boolean), or none for a text answer. */
function valuesOf(value: AnswerValue, question: Question | undefined): string[] | null {
  if (typeof value === "boolean") return [value ? "yes" : "no"];
  if (Array.isArray(value)) return [...new Set(value)];
  return hasOptions(question) ? [value] : null;
}

/** Adds (`by` 1) or takes away (`by` -1) one guest's answers under their status. */
function count(
  tally: AnswerTally,
  status: string,
  answers: Answers,
  questions: readonly Question[],
  by: 1 | -1,
) {
  const entries = Object.entries(answers).filter(([, v]) => !isBlankAnswer(v));
  if (entries.length === 0) return tally;
  const byStatus = { ...tally[status] };
  for (const [id, value] of entries) {
    const before: QuestionTally = byStatus[id] ?? { answered: 0, values: {} };
    const next: QuestionTally = { answered: before.answered + by, values: { ...before.values } };
    const keys = valuesOf(
      value as AnswerValue,
      questions.find((q) => q.id === id),
    );
    if (keys === null) next.unvalued = (before.unvalued ?? 0) + by;
    else if (before.unvalued) next.unvalued = before.unvalued;
    for (const key of keys ?? []) {
      const n = (next.values[key] ?? 0) + by;
      if (n === 0) delete next.values[key];
      else next.values[key] = n;
    }
    if (next.unvalued === 0) delete next.unvalued;
    if (next.answered === 0) delete byStatus[id];
    else byStatus[id] = next;
  }
  const result = { ...tally, [status]: byStatus };
  if (Object.keys(byStatus).length === 0) delete result[status];
  return result;
}

/**
 * The tally after one guest-row write (`old` null: a new guest): the old row's answers leave its status, the
 * new row's join theirs. The same tally object when nothing counted changed.
 */
export function tallyGuestWrite(
  tally: AnswerTally,
  questions: readonly Question[],
  old: GuestRecord | null,
  next: GuestRecord,
): AnswerTally {
  const before = old?.answers ?? {};
  const after = next.answers ?? {};
  if (old?.status === next.status && JSON.stringify(before) === JSON.stringify(after)) return tally;
  const without = old ? count(tally, old.status, before, questions, -1) : tally;
  return count(without, next.status, after, questions, 1);
}

/**
 * The answer counts of the guests with these statuses, from the event's tally, exactly as `countAnswers`
 * gives them from the guest list; null when the row keeps no tally (an event from before it) or when a
 * question with options was once answered in words (it was a text question then): the list must be read.
 */
export function countsFromTally(
  tally: AnswerTally | null | undefined,
  questions: readonly Question[],
  statuses: readonly string[],
): AnswerCount[] | null {
  if (!tally) return null;
  const counts: AnswerCount[] = [];
  for (const question of questions) {
    const kept = statuses.map((s) => tally[s]?.[question.id]).filter((t) => t !== undefined);
    if (hasOptions(question) && kept.some((t) => (t.unvalued ?? 0) > 0)) return null;
    const sum = (of: (t: QuestionTally) => number) => kept.reduce((n, t) => n + of(t), 0);
    counts.push({
      question,
      options: optionsOf(question).map((option) => ({ option, count: sum((t) => t.values[option] ?? 0) })),
      answered: sum((t) => t.answered),
    });
  }
  return counts;
}

/**
 * How many guests have these statuses, from the event row's own counts (a guest is one party): for the statuses
 * the row counts (confirmed, offered, waitlisted, requested); null when one of them is another (the list then).
 */
export function guestsCountedOf(event: EventRecord, statuses: readonly string[]): number | null {
  const parties = partiesOf(event);
  const counts: Record<string, number> = {
    confirmed: parties.confirmed,
    offered: parties.offered,
    waitlisted: parties.waitlisted,
    requested: requestsOf(event).parties,
  };
  let total = 0;
  for (const status of new Set(statuses)) {
    const count = counts[status];
    if (count === undefined) return null;
    total += count;
  }
  return total;
}
