import type { QuestionInput } from "../../contracts/questions.ts";

/** The questions the questions tests ask: a required choice, a short text, several options and a consent. */
export const sampleQuestions: QuestionInput[] = [
  {
    id: "diet",
    label: "Dietary needs",
    kind: "one-of",
    options: ["None", "Vegetarian", "Vegan"],
    required: true,
  },
  { id: "allergies", label: "Allergies", kind: "short-text", maxLength: 40 },
  { id: "help", label: "I can help with", kind: "several-of", options: ["Setup", "Music", "Cleanup"] },
  { id: "photos", label: "Photos of me may be shared", kind: "yes-no", required: true },
];
