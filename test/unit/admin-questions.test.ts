import { describe, expect, it } from "vitest";
import { EventSettings } from "../../contracts/settings.ts";
import { eventFormValues, newEventFormValues, readEventForm } from "../../producers/web/admin-forms.ts";
import { questionsSection } from "../../producers/web/admin-questions.ts";
import { newEvent } from "../helpers/factories.ts";
import { sampleQuestions } from "../helpers/questions.ts";

/** The admin form's questions section (issue 15 §1): JSON in, questions out, problems named by question. */
describe("the admin form's questions", () => {
  const now = new Date("2026-06-01T12:00:00Z");
  const form = (questions: string) => ({
    ...newEventFormValues(now, "Europe/Berlin"),
    name: "Picnic",
    questions,
  });

  it("reads the questions JSON into the event's settings; an empty field is no questions", () => {
    const read = readEventForm(form(JSON.stringify(sampleQuestions)), () => true);
    expect(read.ok && read.data.settings.questions.map((q) => q.id)).toEqual([
      "diet",
      "allergies",
      "help",
      "photos",
    ]);
    const none = readEventForm(form("  "), () => true);
    expect(none.ok && none.data.settings.questions).toEqual([]);
  });

  it("refuses questions with problems, and the section names each problem by its question, the text kept", async () => {
    const text = JSON.stringify([{ id: "diet", label: "Diet", kind: "one-of", options: ["Vegan"] }]);
    const read = readEventForm(form(text), () => true);
    expect(read).toEqual({ ok: false, errors: { questions: "questions" } });
    const section = String(await questionsSection(text, true));
    expect(section).toContain("question 1 (&quot;diet&quot;): options: give at least 2");
    expect(section).toContain('aria-describedby="f-questions-error"');
    // The row comes back as typed: its label, kind and the one choice given.
    expect(section).toContain('name="q0-label" maxlength="200" autocomplete="off" value="Diet"');
    expect(section).toContain('<option value="one-of" selected>One of a list</option>');
    expect(section).toMatch(/name="q0-options"[^>]*>Vegan<\/textarea>/);
    expect(String(await questionsSection("[oops", true))).toContain("not valid JSON");
  });

  it("speaks the admin page's language: German for an owner whose browser asks for it", async () => {
    const german = String(await questionsSection("", false, "de"));
    expect(german).toContain("<legend>Fragen</legend>");
    expect(german).toContain("<legend>Frage hinzufügen</legend>");
    expect(german).toContain("Auswahl, eine pro Zeile");
    expect(german).not.toContain("Up to 10 questions");
    expect(String(await questionsSection("", false))).toContain("Up to 10 questions");
  });

  it("fills the field with the event's questions, which read back the same", () => {
    const event = newEvent({ settings: EventSettings.parse({ questions: sampleQuestions }) });
    const values = eventFormValues(event);
    const read = readEventForm({ ...values }, () => true);
    expect(read.ok && read.data.settings.questions).toEqual(event.settings.questions);
  });
});
