import type { CatalogShape } from "../catalog.ts";
import type { lane as english } from "../en/lane.ts";

/** Was die eigenen E-Mails der Antwort-Spur sagen, auf Deutsch. */
export const lane: CatalogShape<typeof english> = {
  /** The From name of the answer to mail that names no event. */
  fromName: "rsvp",
  hello: "Hallo,",
  open: "Seite öffnen",
  footer:
    "Dies ist eine automatische Antwort. Wenn Sie uns nicht geschrieben haben, ignorieren Sie sie: Es hat sich nichts geändert.",
  confirm: {
    subject: "Per Link bestätigen: {{event}}",
    why: "Wir haben eine E-Mail zu Ihrer Anmeldung für {{event}} erhalten. Antworten per E-Mail wirken nur, wenn sie an die Antwortadresse unserer E-Mails an Sie gehen; daher hat sie noch nichts geändert.",
    cancel: "Zum Absagen öffnen Sie diesen Link und drücken Sie den Knopf auf der Seite:",
    decline: "Um die Einladung abzulehnen, öffnen Sie diesen Link und drücken Sie den Knopf auf der Seite:",
    confirm: "Um die Einladung anzunehmen, öffnen Sie diesen Link und drücken Sie den Knopf auf der Seite:",
    claim:
      "Um den für Sie reservierten Platz zu nehmen, öffnen Sie diesen Link und drücken Sie den Knopf auf der Seite:",
    register: "Zum Anmelden öffnen Sie die Seite der Veranstaltung und senden Sie das Formular ab:",
  },
  unknownEvent: {
    subject: "Ihre Nachricht an rsvp",
    body: "Danke für Ihre Nachricht. Wir konnten nicht erkennen, um welche Veranstaltung es geht; daher hat sie keine Gästeliste geändert.",
    hint: "Um auf eine Einladung zu antworten, antworten Sie auf die Einladungs-E-Mail selbst (ihre Antwortadresse nennt die Veranstaltung) oder nutzen Sie deren Links.",
  },
};
