import { describe, expect, it } from "vitest";
import { formValuesOf, newEventFormValues, readEventForm } from "../../producers/web/admin-forms.ts";
import { newId, questionsJsonOfRows, rowsOfJson } from "../../producers/web/admin-question-rows.ts";
import { questionsSection } from "../../producers/web/admin-questions.ts";
import { sampleQuestions } from "../helpers/questions.ts";

/** The admin form's question rows: what a host types on a phone becomes the event's questions, checked as before. */
describe("the admin form's question rows", () => {
  const now = new Date("2026-06-01T12:00:00Z");
  const posted = (rows: Record<string, string>, count: number) => ({
    ...newEventFormValues(now, "Europe/Berlin"),
    name: "Picnic",
    questions: "",
    questionRows: String(count),
    ...rows,
  });
  const read = (rows: Record<string, string>, count: number) =>
    readEventForm(formValuesOf(posted(rows, count)), () => true);

  it("a filled-in new row becomes a question with an id made from its label; the blank row adds nothing", () => {
    const result = read(
      {
        "q0-label": "Dietary needs",
        "q0-kind": "one-of",
        "q0-options": "None\r\nVegetarian\r\n\r\n  Vegan  \r\n",
        "q0-required": "on",
        "q1-label": "",
        "q1-kind": "short-text",
        "q1-options": "",
      },
      2,
    );
    expect(result.ok && result.data.settings.questions).toEqual([
      {
        id: "dietary-needs",
        label: "Dietary needs",
        kind: "one-of",
        options: ["None", "Vegetarian", "Vegan"],
        required: true,
      },
    ]);
    expect(read({ "q0-label": "", "q0-kind": "short-text" }, 1)).toMatchObject({ ok: true });
  });

  it("keeps an existing question's id and hidden answer length when its label changes, and drops a row ticked Remove", () => {
    const result = read(
      {
        "q0-id": "allergies",
        "q0-label": "Any allergies?",
        "q0-kind": "short-text",
        "q0-maxLength": "100",
        "q0-hint": "We cook for everyone",
        "q1-id": "photos",
        "q1-label": "Photos of me may be shared",
        "q1-kind": "yes-no",
        "q1-remove": "on",
      },
      2,
    );
    expect(result.ok && result.data.settings.questions).toEqual([
      {
        id: "allergies",
        label: "Any allergies?",
        kind: "short-text",
        maxLength: 100,
        hint: "We cook for everyone",
        required: false,
      },
    ]);
  });

  it("refuses a question that lost its label or has too few choices, naming it, and the section shows the rows as typed", async () => {
    const values = formValuesOf(
      posted({ "q0-id": "diet", "q0-label": "", "q0-kind": "one-of", "q0-options": "Vegan" }, 1),
    );
    expect(readEventForm(values, () => true)).toEqual({ ok: false, errors: { questions: "questions" } });
    const section = String(await questionsSection(values.questions, true));
    expect(section).toContain("question 1 (&quot;diet&quot;): label");
    expect(section).toContain("question 1 (&quot;diet&quot;): options: give at least 2");
    expect(section).toMatch(/name="q0-options"[^>]*>Vegan<\/textarea>/);
    expect(section).toContain('<input type="hidden" name="q0-id" value="diet">');
  });

  it("makes ids that are valid and unique, from any label", () => {
    const taken = new Set(["diet"]);
    expect(newId("Diet", taken)).toBe("diet-2");
    expect(newId("Größe (cm)?", taken)).toBe("grosse-cm");
    expect(newId("2 + 2 = ?", taken)).toBe("q-1");
    expect(newId("🎉", taken)).toBe("q-2");
    expect(newId("A very long label that goes on and on about the menu", taken)).toMatch(
      /^[a-z][a-z0-9-]{0,31}$/,
    );
  });

  it("shows every stored question as a row, and a blank one to add, up to 10", async () => {
    const json = JSON.stringify(sampleQuestions);
    expect(rowsOfJson(json).map((r) => r.id)).toEqual(sampleQuestions.map((q) => q.id));
    const section = String(await questionsSection(json, false));
    expect(section).toContain(`name="questionRows" value="${sampleQuestions.length + 1}"`);
    expect(section).toContain("<legend>Add a question</legend>");
    const ten = JSON.stringify(
      Array.from({ length: 10 }, (_, i) => ({ id: `q${i}`, label: `Q ${i}`, kind: "yes-no" })),
    );
    const full = String(await questionsSection(ten, false));
    expect(full).not.toContain("Add a question");
    expect(full).toContain("That is 10, the most an event can ask.");
  });

  it("leaves the questions JSON as posted when the form sent no rows (a client that posts JSON)", () => {
    expect(questionsJsonOfRows({ questions: "[]" })).toBeNull();
    expect(formValuesOf({ questions: JSON.stringify(sampleQuestions) }).questions).toBe(
      JSON.stringify(sampleQuestions),
    );
  });
});
