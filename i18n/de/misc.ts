import type { CatalogShape } from "../catalog.ts";
import type { misc as english } from "../en/misc.ts";

/** Texte, die noch keinen Katalog hatten, auf Deutsch (siehe i18n/en/misc.ts). */
export const misc: CatalogShape<typeof english> = {
  unclearReply: {
    subject: "Bitte prüfe deine Anmeldung: {{event}}",
    why: "Wir haben deine Antwort zu {{event}} erhalten, konnten aber nicht sicher erkennen, was du möchtest. Daher hat sie an deiner Anmeldung nichts geändert.",
    how: "Öffne deine Anmeldung, um die Zahl der Plätze zu ändern oder abzusagen:",
    button: "Meine Anmeldung verwalten",
  },
  declined: {
    again:
      "Wenn sich deine Pläne geändert haben, kannst du den Gastgeber erneut fragen: Sende das Formular der Veranstaltung noch einmal und öffne dann den Link, den wir dir schicken.",
    askAgain: "Erneut anfragen",
    closed: "Die Anmeldung ist geschlossen, daher kannst du nicht erneut anfragen.",
    mailAgain:
      "Wenn sich deine Pläne ändern, kannst du auf der Seite der Veranstaltung erneut anfragen, solange die Anmeldung offen ist.",
  },
  outbox: {
    title: "Postausgang",
    introAll: "E-Mails, die rsvp eingereiht hat, die neuesten zuerst.",
    introAllLatest: "Die letzten {{limit}} E-Mails, die rsvp eingereiht hat, die neuesten zuerst.",
    introEvent: "E-Mails, die rsvp für die Veranstaltung {{event}} eingereiht hat, die neuesten zuerst.",
    introEventLatest:
      "Die letzten {{limit}} E-Mails, die rsvp für die Veranstaltung {{event}} eingereiht hat, die neuesten zuerst.",
    allEvents: "Alle Veranstaltungen zeigen",
    stateNote:
      "Der Status „{{state}}“ heißt: Es ist kein Mailserver eingerichtet (setze RSVP_SMTP_URL, um zu senden).",
    none: "Noch keine E-Mails.",
    columns: {
      queued: "Eingereiht (UTC)",
      state: "Status",
      to: "An",
      subject: "Betreff",
      links: "Links",
    },
    state: { outbox: "im Ausgang", pending: "wird gesendet", sent: "gesendet", failed: "fehlgeschlagen" },
    noLinks: "keine",
    private: "Halte die Adresse dieser Seite geheim: Sie zeigt die Links aller Gäste.",
    email: {
      fromName: "Absendername",
      to: "An",
      queued: "Eingereiht (UTC)",
      state: "Status",
      attempts: "Versuche",
      lastError: "Letzter Fehler",
      sent: "Gesendet (UTC)",
      key: "Schlüssel",
      event: "Veranstaltung",
      links: "Links",
      headers: "Kopfzeilen",
      asSeen: "So sieht der Gast sie",
      frameTitle: "Das HTML der E-Mail",
      text: "Text",
      attachment: "Anhang {{name}}",
      htmlSource: "HTML-Quelltext",
    },
  },
};
