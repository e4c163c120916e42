import { describe, expect, it } from "vitest";
import {
  answersSchema,
  countAnswers,
  missingRequired,
  type Question,
  Questions,
  questionsFromJson,
} from "../../contracts/questions.ts";
import { EventSettings } from "../../contracts/settings.ts";
import { parseGuestListCsv } from "../../producers/import/guest-list-csv.ts";
import { sampleQuestions } from "../helpers/questions.ts";

const questions: Question[] = Questions.parse(sampleQuestions);
const schema = answersSchema(questions);
const messages = (input: unknown) => {
  const parsed = schema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
};

describe("the questions contract", () => {
  it("fills in defaults: optional unless required, a text length limit, and no questions for old events", () => {
    const [q] = Questions.parse([{ id: "note", label: "Note", kind: "long-text" }]);
    expect(q).toEqual({ id: "note", label: "Note", kind: "long-text", required: false, maxLength: 500 });
    expect(EventSettings.parse({}).questions).toEqual([]);
  });

  it("refuses more than 10 questions, ids or labels used twice, choices with fewer than 2 options", () => {
    const eleven = Array.from({ length: 11 }, (_, i) => ({ id: `q${i}`, label: `Q ${i}`, kind: "yes-no" }));
    expect(Questions.safeParse(eleven).success).toBe(false);
    const read = questionsFromJson(
      JSON.stringify([
        { id: "a", label: "Same", kind: "yes-no" },
        { id: "a", label: "same", kind: "one-of", options: ["x"] },
      ]),
    );
    expect(read).toEqual({
      ok: false,
      problems: [
        'question 2 ("a"): options: give at least 2',
        'question 2 ("a"): id "a" is used twice',
        'question 2 ("a"): label "same" is used twice',
      ],
    });
  });
});

describe("answersSchema: the validator built from an event's questions", () => {
  it("accepts good answers, trims text, orders ticked options as listed, and drops blank ones", () => {
    expect(
      schema.parse({ diet: "Vegan", photos: true, allergies: "  nuts ", help: ["Cleanup", "Setup"] }),
    ).toEqual({
      diet: "Vegan",
      photos: true,
      allergies: "nuts",
      help: ["Setup", "Cleanup"],
    });
    expect(schema.parse({ diet: "None", photos: true, allergies: "", help: [] })).toEqual({
      diet: "None",
      photos: true,
    });
  });

  it("names the question of every problem: required, consent, option, length, kind, unknown question", () => {
    expect(messages({})).toEqual([
      '"Dietary needs" must be answered',
      '"Photos of me may be shared" must be answered yes',
    ]);
    expect(messages({ diet: "Meat", photos: false })).toEqual([
      '"Dietary needs" must be one of: None, Vegetarian, Vegan',
      '"Photos of me may be shared" must be answered yes',
    ]);
    expect(messages({ diet: "None", photos: true, allergies: "x".repeat(41) })).toEqual([
      '"Allergies" must be at most 40 characters',
    ]);
    expect(messages({ diet: "None", photos: "yes", help: "Setup" })).toEqual([
      '"I can help with" must be a list of options',
      '"Photos of me may be shared" must be true or false',
    ]);
    expect(messages({ diet: "None", photos: true, shoe: 42 })).toEqual([
      'there is no question "shoe" on this form',
    ]);
    expect(messages({ diet: "None", photos: true, allergies: "a\u202eb" })[0]).toContain("text-direction");
  });

  it("an event without questions takes no answers but an empty set", () => {
    expect(answersSchema([]).parse({})).toEqual({});
    expect(answersSchema([]).safeParse({ diet: "Vegan" }).success).toBe(false);
  });

  it("tells which required questions an answer set leaves open", () => {
    expect(missingRequired(questions, { diet: "Vegan" }).map((q) => q.id)).toEqual(["photos"]);
    expect(missingRequired(questions, { diet: "Vegan", photos: true })).toEqual([]);
  });
});

describe("answer counts", () => {
  it("counts per option (yes/no as yes and no) and how many answered a text question", () => {
    const counts = countAnswers(questions, [
      { answers: { diet: "Vegan", photos: true, help: ["Setup", "Music"] } },
      { answers: { diet: "Vegan", photos: false, allergies: "nuts" } },
      { answers: { diet: "Vegetarian", photos: true, help: ["Setup"] } },
      {},
    ]);
    expect(
      counts.map((c) => [c.question.id, c.options.map((o) => `${o.count} ${o.option}`), c.answered]),
    ).toEqual([
      ["diet", ["0 None", "1 Vegetarian", "2 Vegan"], 3],
      ["allergies", [], 1],
      ["help", ["2 Setup", "1 Music", "0 Cleanup"], 2],
      ["photos", ["2 yes", "1 no"], 3],
    ]);
  });
});

describe("answers in a guest-list file", () => {
  it("fills answers from the columns headed with a question's label, and reports a bad cell by line", () => {
    const list = parseGuestListCsv(
      [
        "Email,Name,dietary NEEDS,Photos of me may be shared,I can help with,Allergies",
        "ana@example.org,Ana,vegetarian,ja,setup;CLEANUP,",
        "bo@example.org,Bo,,,,",
        "cy@example.org,Cy,Vegan,x,Juggling,",
      ].join("\r\n"),
      questions,
    );
    expect(list.rows.map((r) => [r.line, r.email, r.answers])).toEqual([
      [2, "ana@example.org", { diet: "Vegetarian", photos: true, help: ["Setup", "Cleanup"] }],
      [3, "bo@example.org", undefined],
    ]);
    expect(list.errors).toEqual([
      { line: 4, message: '"I can help with" may only hold: Setup, Music, Cleanup' },
    ]);
  });

  it("reads no answers without questions, whatever the columns", () => {
    const list = parseGuestListCsv("email,Dietary needs\nana@example.org,Vegan\n");
    expect(list.rows).toEqual([{ line: 2, name: "ana", email: "ana@example.org" }]);
  });
});
