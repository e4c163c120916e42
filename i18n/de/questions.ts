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
    lead: "Bis zu 10 Fragen im Anmeldeformular. Jede hat eine ID (Kleinbuchstaben; bleibt gleich, sobald Gäste antworten), eine Beschriftung, eine Art und ob sie Pflicht ist.",
    label: "Fragen als JSON",
    hint: "Arten: short-text, long-text (mit maxLength), one-of, several-of (mit options), yes-no (ein Pflicht-yes-no ist eine Einwilligung, die der Gast ankreuzen muss). Leer lassen für keine.",
    example: "Beispiel",
  },
};
