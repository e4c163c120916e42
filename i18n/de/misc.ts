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
};
