/** What the questions on the register form say (issue 15 §1): the form, the manage page, the host's pages. */
export const questions = {
  form: {
    optional: "(optional)",
    required: "(required)",
    yes: "Yes",
    no: "No",
    maxLength_one: "Up to {{count}} character.",
    maxLength_other: "Up to {{count}} characters.",
    severalHint: "Choose any that apply.",
    errors: {
      required: "Answer “{{label}}”",
      consent: "Tick “{{label}}” to register",
      tooLong_one: "“{{label}}” must be at most {{count}} character",
      tooLong_other: "“{{label}}” must be at most {{count}} characters",
      invalid: "Check your answer to “{{label}}”",
    },
  },
  manage: {
    heading: "Your answers",
    none: "No answer",
    change: "Change my answers",
    pageTitle: "Your answers for {{event}}",
    lead: "Change your answers to the host's questions. Your RSVP stays as it is.",
    save: "Save my answers",
    saved: "Your answers are saved.",
    unchanged: "Your answers were already saved as they are.",
    refused: "Your answers could not be changed: you are no longer on the guest list.",
    processing: "Saving your answers…",
  },
  host: {
    heading: "Answers",
    countsHeading: "Answers of confirmed guests",
    answered_one: "{{count}} answered",
    answered_other: "{{count}} answered",
    count: "{{count}} {{option}}",
  },
  admin: {
    heading: "Questions",
    lead: "Up to 10 questions on the register form. Each has an id (lower case, stays the same once guests answer), a label, a kind and whether it is required.",
    label: "Questions as JSON",
    hint: "Kinds: short-text, long-text (with maxLength), one-of, several-of (with options), yes-no (a required yes-no is a consent the guest must tick). Leave empty for none.",
    example: "Example",
  },
  email: {
    formNeeded:
      "This event asks a question you must answer on the form, so your reply could not register you. Please register here:",
  },
};
