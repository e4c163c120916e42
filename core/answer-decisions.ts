import type { Command } from "../contracts/command.ts";
import type { Outcome } from "../contracts/outcome.ts";
import type { Answers } from "../contracts/questions.ts";
import type { BatchDraft } from "./batch-draft.ts";

type SetAnswers = Extract<Command, { type: "set-answers" }>;

/** The answers as text in a fixed key order: a store may hand a map back in another order (DynamoDB does). */
const canonical = (answers: Answers) =>
  JSON.stringify(
    Object.keys(answers)
      .sort()
      .map((id) => [id, answers[id]]),
  );

/**
 * A guest replaces their answers to the event's questions (their answers link). The lane checked them against
 * the questions; the keeper stores them whole and moves no seat. A guest who left may not change them (their
 * link is not offered then); sending the same answers again changes nothing.
 */
export function decideSetAnswers(draft: BatchDraft, command: SetAnswers): Outcome {
  const guest = draft.guest(command.guestId);
  if (!guest) return { kind: "refused", reason: "guest-not-found" };
  if (guest.status === "cancelled" || guest.status === "lapsed")
    return { kind: "refused", reason: "not-applicable" };
  if (canonical(guest.answers ?? {}) === canonical(command.answers))
    return { kind: "unchanged", guestId: guest.guestId };
  draft.keepStatus(command, guest, "set-answers", null, { answers: command.answers });
  return { kind: "answers-set", guestId: guest.guestId };
}
