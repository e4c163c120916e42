import type { CatalogShape } from "../catalog.ts";
import type { trust as english } from "../en/trust.ts";

/** Die eigenen Daten eines Gastes und die Bestätigung der Adresse vor der Anmeldung, auf Deutsch. */
export const trust: CatalogShape<typeof english> = {
  manage: {
    dataLink: "Ihre Daten: ansehen, herunterladen oder löschen",
  },
  data: {
    title: "Ihre Daten zu {{event}}",
    lead: "Das ist alles, was diese Gästeliste über Sie speichert.",
    name: "Name",
    email: "E-Mail",
    status: "Status",
    party: "Plätze",
    registered: "Angemeldet",
    how: "Angemeldet über",
    hostMessages: "Nachrichten der Gastgeber",
    hostMessagesOn: "Sie erhalten sie",
    hostMessagesOff: "Sie haben sie abbestellt",
    history: "Was geschah",
    download: "Als JSON herunterladen",
    eraseHeading: "Ihre Daten löschen",
    eraseConsequence:
      "Ihr Name und Ihre E-Mail-Adresse werden endgültig aus der Gästeliste entfernt. Haben Sie einen Platz, ein Angebot oder einen Platz auf der Warteliste, geben Sie ihn ab: Er geht an die nächste Person. Sie erhalten keine E-Mails mehr zu dieser Veranstaltung. Das lässt sich nicht rückgängig machen.",
    eraseButton: "Meine Daten löschen",
    erasedTitle: "Ihre Daten sind gelöscht",
    erasedText:
      "Ihr Name und Ihre E-Mail-Adresse stehen nicht mehr auf der Gästeliste von {{event}}, und Sie erhalten keine E-Mails mehr dazu. Die Unterlagen der Gastgeber sagen nur, dass ein Gast gelöscht wurde.",
    nothingChangesUntil: "Das Öffnen dieser Seite hat nichts geändert. Erst der Knopf löscht.",
    lanes: {
      web: "die Seite der Veranstaltung",
      email: "eine Antwort per E-Mail",
      import: "die Gästeliste der Gastgeber",
      host: "die Gastgeber",
      link: "einen Link in einer E-Mail",
      timer: "einen Zeitplan",
      system: "rsvp",
    },
  },
  verify: {
    sentTitle: "Sehen Sie in Ihre E-Mails",
    sentText:
      "Wir haben einen Link an die angegebene Adresse geschickt. Öffnen Sie ihn und drücken Sie seinen Knopf, um Ihren Platz anzufragen. Bis dahin ist nichts gebucht. Der Link gilt 24 Stunden.",
    heading: "Bestätigen Sie Ihre Adresse für {{event}}",
    consequence: "Drücken Sie den Knopf, um einen Platz für {{name}} ({{email}}) anzufragen.",
    consequenceParty: "Drücken Sie den Knopf, um {{count}} Plätze für {{name}} ({{email}}) anzufragen.",
    button: "Bestätigen und Platz anfragen",
    nothingChangesUntil: "Das Öffnen dieser Seite hat nichts geändert. Erst der Knopf fragt den Platz an.",
    emailSubject: "Adresse bestätigen: {{event}}",
    emailLead:
      "Jemand (hoffentlich Sie) hat mit dieser Adresse einen Platz bei {{event}} angefragt. Drücken Sie den Knopf, um zu bestätigen, dass es Ihre Adresse ist, und den Platz anzufragen.",
    emailButton: "Meine Adresse bestätigen",
    emailNotYou:
      "Waren Sie es nicht, ignorieren Sie diese E-Mail: Nichts ist gebucht, solange der Knopf nicht gedrückt wurde.",
    emailExpires: "Der Link gilt bis {{deadline}}.",
  },
};
