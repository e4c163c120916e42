import { describe, expect, it } from "vitest";
import type { AnswerTally } from "../../contracts/event.ts";
import type { GuestRecord, GuestStatus } from "../../contracts/guest.ts";
import { type Answers, countAnswers, type Question } from "../../contracts/questions.ts";
import { countsFromTally, tallyGuestWrite } from "../../core/answer-tally.ts";

const questions = [
  { id: "diet", label: "Diet", kind: "one-of", options: ["None", "Vegetarian", "Vegan"], required: true },
  { id: "allergies", label: "Allergies", kind: "short-text", maxLength: 40, required: false },
  { id: "help", label: "Help", kind: "several-of", options: ["Setup", "Music", "Cleanup"], required: false },
  { id: "photos", label: "Photos", kind: "yes-no", required: false },
] as unknown as Question[];

const guest = (guestId: string, status: GuestStatus, answers: Answers, version = 1) =>
  ({ guestId, status, answers, version }) as unknown as GuestRecord;

/** Writes every change in turn to a tally and to a plain list of rows, as the keeper and the store do. */
function play(writes: readonly GuestRecord[], tally: AnswerTally = {}, qs = questions) {
  const rows = new Map<string, GuestRecord>();
  for (const next of writes) {
    tally = tallyGuestWrite(tally, qs, rows.get(next.guestId) ?? null, next);
    rows.set(next.guestId, next);
  }
  return { tally, guests: [...rows.values()] };
}

describe("the answer tally on the event row", () => {
  it("gives the same counts as counting the guest list, through registrations, changes, cancels and erasure", () => {
    const { tally, guests } = play([
      guest("a", "confirmed", { diet: "Vegan", allergies: "nuts", help: ["Setup", "Music"], photos: true }),
      guest("b", "confirmed", { diet: "Vegetarian", photos: false }),
      guest("c", "waitlisted", { diet: "Vegan", help: ["Music", "Music"] }),
      guest("d", "confirmed", {}),
      guest("b", "confirmed", { diet: "None", allergies: "", photos: false }, 2),
      guest("c", "confirmed", { diet: "Vegan", help: ["Music", "Music"] }, 2),
      guest(
        "a",
        "cancelled",
        { diet: "Vegan", allergies: "nuts", help: ["Setup", "Music"], photos: true },
        2,
      ),
      guest("e", "confirmed", { diet: "Vegetarian", allergies: "gluten" }),
      guest("e", "confirmed", {}, 2),
    ]);
    for (const statuses of [["confirmed"], ["cancelled"], ["confirmed", "waitlisted", "cancelled"]] as const)
      expect(countsFromTally(tally, questions, statuses)).toEqual(
        countAnswers(
          questions,
          guests.filter((g) => (statuses as readonly string[]).includes(g.status)),
        ),
      );
    // Text answers are counted, never copied: the guests' words are not on the event row.
    expect(JSON.stringify(tally)).not.toContain("nuts");
  });

  it("an event from before the tally, or a question answered in words before it had options, reads the list", () => {
    expect(countsFromTally(undefined, questions, ["confirmed"])).toBeNull();
    const asText = [
      { id: "diet", label: "Diet", kind: "short-text", maxLength: 40 },
    ] as unknown as Question[];
    const { tally } = play([guest("a", "confirmed", { diet: "Vegan" })], {}, asText);
    expect(countsFromTally(tally, asText, ["confirmed"])).toEqual([
      { question: asText[0], options: [], answered: 1 },
    ]);
    expect(countsFromTally(tally, questions, ["confirmed"])).toBeNull();
  });

  it("a write that changes no answer and no status leaves the very same tally", () => {
    const { tally } = play([guest("a", "confirmed", { diet: "Vegan" })]);
    const same = tallyGuestWrite(
      tally,
      questions,
      guest("a", "confirmed", { diet: "Vegan" }),
      guest("a", "confirmed", { diet: "Vegan" }, 2),
    );
    expect(same).toBe(tally);
  });
});
