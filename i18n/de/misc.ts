import type { CatalogShape } from "../catalog.ts";
import type { misc as english } from "../en/misc.ts";

/** Texte, die noch keinen Katalog hatten, auf Deutsch (siehe i18n/en/misc.ts). */
export const misc: CatalogShape<typeof english> = {
  unclearReply: {
    subject: "Bitte prüfen Sie Ihre Anmeldung: {{event}}",
    why: "Wir haben Ihre Antwort zu {{event}} erhalten, konnten aber nicht sicher erkennen, was Sie möchten. Daher hat sie an Ihrer Anmeldung nichts geändert.",
    how: "Öffnen Sie Ihre Anmeldung, um die Zahl der Plätze zu ändern oder abzusagen:",
    button: "Meine Anmeldung verwalten",
  },
  declined: {
    again:
      "Wenn sich Ihre Pläne geändert haben, können Sie den Gastgeber erneut fragen: Senden Sie das Formular der Veranstaltung noch einmal und öffnen Sie dann den Link, den wir Ihnen schicken.",
    askAgain: "Erneut anfragen",
    closed: "Die Anmeldung ist geschlossen, daher können Sie nicht erneut anfragen.",
    mailAgain:
      "Wenn sich deine Pläne ändern, kannst du auf der Seite der Veranstaltung erneut anfragen, solange die Anmeldung offen ist.",
  },
};
