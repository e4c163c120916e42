import type { CatalogShape } from "../catalog.ts";
import type { questions as english } from "../en/questions.ts";

/** Die Fragen im Anmeldeformular, auf Deutsch. */
export const questions: CatalogShape<typeof english> = {
  form: {
    optional: "(optional)",
    required: "(Pflichtfeld)",
    yes: "Ja",
    no: "Nein",
    maxLength_one: "Höchstens {{count}} Zeichen.",
    maxLength_other: "Höchstens {{count}} Zeichen.",
    severalHint: "Alles Zutreffende auswählen.",
    errors: {
      required: "Beantworte „{{label}}“",
      consent: "Kreuze „{{label}}“ an, um dich anzumelden",
      tooLong_one: "„{{label}}“ darf höchstens {{count}} Zeichen lang sein",
      tooLong_other: "„{{label}}“ darf höchstens {{count}} Zeichen lang sein",
      invalid: "Prüfe deine Antwort auf „{{label}}“",
    },
  },
  manage: {
    heading: "Deine Antworten",
    none: "Keine Antwort",
    change: "Meine Antworten ändern",
    pageTitle: "Deine Antworten für {{event}}",
    lead: "Ändere deine Antworten auf die Fragen der Gastgeber. Deine Anmeldung bleibt, wie sie ist.",
    save: "Meine Antworten speichern",
    saved: "Deine Antworten sind gespeichert.",
    unchanged: "Deine Antworten waren schon so gespeichert.",
    refused: "Deine Antworten konnten nicht geändert werden: Du stehst nicht mehr auf der Gästeliste.",
    processing: "Deine Antworten werden gespeichert …",
  },
  host: {
    heading: "Antworten",
    countsHeading: "Antworten der bestätigten Gäste",
    answered_one: "{{count}} Antwort",
    answered_other: "{{count}} Antworten",
    count: "{{count}} × {{option}}",
  },
  admin: {
    heading: "Fragen",
    lead: "Bis zu 10 Fragen im Anmeldeformular. Fülle die leere aus, um eine Frage hinzuzufügen; nach dem Speichern erscheint eine weitere.",
    question: "Frage {{n}}",
    newQuestion: "Frage hinzufügen",
    label: "Frage",
    kind: "Art der Antwort",
    kinds: {
      "short-text": "Kurzer Text",
      "long-text": "Längerer Text",
      "one-of": "Eins aus einer Liste",
      "several-of": "Mehrere aus einer Liste",
      "yes-no": "Ja oder nein",
    },
    options: "Auswahl, eine pro Zeile",
    optionsHint: "Für „Eins aus einer Liste“ und „Mehrere aus einer Liste“: mindestens 2.",
    hint: "Hinweis unter der Frage (freiwillig)",
    required: "Gäste müssen antworten",
    requiredHint: "Eine Pflicht-Ja-oder-nein-Frage ist eine Einwilligung: der Gast muss sie ankreuzen.",
    remove: "Diese Frage entfernen",
    full: "Das sind 10, mehr kann eine Veranstaltung nicht fragen.",
  },
};
