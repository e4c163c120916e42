import type { CatalogShape } from "../catalog.ts";
import type { linkWords as english } from "../en/link-words.ts";

/** Was die Link-Seiten eines Gastes in eigener Stimme sagen, auf Deutsch: die Begrüßung und was nach einer Absage geschieht. */
export const linkWords: CatalogShape<typeof english> = {
  greeting: "Hallo {{name}}. {{status}}",
  statusRequested: "Deine Anfrage liegt beim Gastgeber.",
  next: {
    heading: "Wie es weitergeht",
    cancelEmail: "Eine E-Mail, die das bestätigt, ist auf dem Weg zu dir.",
    registerAgain:
      "Doch umentschieden? Melde dich auf der Seite der Veranstaltung erneut an, solange die Anmeldung offen ist.",
  },
};
