import type { CatalogShape } from "../catalog.ts";
import type { lane as english } from "../en/lane.ts";

/** Was die eigenen E-Mails der Antwort-Spur sagen, auf Deutsch. */
export const lane: CatalogShape<typeof english> = {
  /** The From name of the answer to mail that names no event. */
  fromName: "rsvp",
  hello: "Hallo,",
  open: "Seite öffnen",
  footer:
    "Dies ist eine automatische Antwort. Wenn du uns nicht geschrieben hast, ignoriere sie: Es hat sich nichts geändert.",
  confirm: {
    subject: "Per Link bestätigen: {{event}}",
    why: "Wir haben eine E-Mail zu deiner Anmeldung für {{event}} erhalten. Antworten per E-Mail wirken nur, wenn sie an die Antwortadresse unserer E-Mails an dich gehen; daher hat sie noch nichts geändert.",
    cancel: "Zum Absagen öffne diesen Link und drück den Knopf auf der Seite:",
    decline: "Um die Einladung abzulehnen, öffne diesen Link und drück den Knopf auf der Seite:",
    confirm: "Um die Einladung anzunehmen, öffne diesen Link und drück den Knopf auf der Seite:",
    claim:
      "Um den für dich reservierten Platz zu nehmen, öffne diesen Link und drück den Knopf auf der Seite:",
    register: "Zum Anmelden öffne die Seite der Veranstaltung und sende das Formular ab:",
  },
  unknownEvent: {
    subject: "Deine Nachricht an rsvp",
    body: "Danke für deine Nachricht. Wir konnten nicht erkennen, um welche Veranstaltung es geht; daher hat sie keine Gästeliste geändert.",
    hint: "Um auf eine Einladung zu antworten, antworte auf die Einladungs-E-Mail selbst (ihre Antwortadresse nennt die Veranstaltung) oder nutze deren Links.",
  },
};
