import type { CatalogShape } from "../catalog.ts";
import type { trust as english } from "../en/trust.ts";

/** Die eigenen Daten eines Gastes und die Bestätigung der Adresse vor der Anmeldung, auf Deutsch. */
export const trust: CatalogShape<typeof english> = {
  manage: {
    dataLink: "Deine Daten: ansehen, herunterladen oder löschen",
  },
  data: {
    title: "Deine Daten zu {{event}}",
    lead: "Das ist alles, was diese Gästeliste über dich speichert.",
    name: "Name",
    email: "E-Mail",
    status: "Status",
    party: "Plätze",
    registered: "Angemeldet",
    how: "Angemeldet über",
    hostMessages: "Nachrichten der Gastgeber",
    hostMessagesOn: "Du erhältst sie",
    hostMessagesOff: "Du hast sie abbestellt",
    history: "Was geschah",
    download: "Als JSON herunterladen",
    eraseHeading: "Deine Daten löschen",
    eraseConsequence:
      "Dein Name und deine E-Mail-Adresse werden endgültig aus der Gästeliste entfernt. Hast du einen Platz, ein Angebot oder einen Platz auf der Warteliste, gibst du ihn ab: Er geht an die nächste Person. Du erhältst keine E-Mails mehr zu dieser Veranstaltung. Das lässt sich nicht rückgängig machen.",
    eraseButton: "Meine Daten löschen",
    erasedTitle: "Deine Daten sind gelöscht",
    erasedText:
      "Dein Name und deine E-Mail-Adresse stehen nicht mehr auf der Gästeliste von {{event}}, und du erhältst keine E-Mails mehr dazu. Die Unterlagen der Gastgeber sagen nur, dass ein Gast gelöscht wurde.",
    nothingChangesUntil: "Das Öffnen dieser Seite hat nichts geändert. Erst der Knopf löscht.",
    lanes: {
      web: "die Seite der Veranstaltung",
      email: "eine Antwort per E-Mail",
      import: "die Gästeliste der Gastgeber",
      host: "die Gastgeber",
      link: "einen Link in einer E-Mail",
      timer: "einen Zeitplan",
      system: "rsvp",
      door: "den Einlass",
    },
    happened: {
      pending: "Angemeldet",
      confirmed: "Platz bestätigt",
      waitlisted: "Auf der Warteliste",
      offered: "Ein Platz wurde angeboten",
      lapsed: "Das Angebot ist abgelaufen",
      cancelled: "Anmeldung storniert",
      requested: "Beim Gastgeber um einen Platz gebeten",
      leftWaitlist: "Warteliste verlassen",
      checkedIn: "Am Einlass eingecheckt",
      changed: "Angaben geändert",
    },
    through: "über {{lane}}",
  },
  verify: {
    sentTitle: "Sieh in deine E-Mails",
    sentText:
      "Wir haben einen Link an die angegebene Adresse geschickt. Öffne ihn und drück seinen Knopf, um deinen Platz anzufragen. Bis dahin ist nichts gebucht. Der Link gilt 24 Stunden.",
    heading: "Bestätige deine Adresse für {{event}}",
    consequence: "Drück den Knopf, um einen Platz für {{name}} ({{email}}) anzufragen.",
    consequenceParty: "Drück den Knopf, um {{count}} Plätze für {{name}} ({{email}}) anzufragen.",
    button: "Bestätigen und Platz anfragen",
    nothingChangesUntil: "Das Öffnen dieser Seite hat nichts geändert. Erst der Knopf fragt den Platz an.",
    emailSubject: "Adresse bestätigen: {{event}}",
    emailLead:
      "Jemand (hoffentlich du) hat mit dieser Adresse einen Platz bei {{event}} angefragt. Drück den Knopf, um zu bestätigen, dass es deine Adresse ist, und den Platz anzufragen.",
    emailButton: "Meine Adresse bestätigen",
    emailNotYou:
      "Warst du es nicht, ignoriere diese E-Mail: Nichts ist gebucht, solange der Knopf nicht gedrückt wurde.",
    emailExpires: "Der Link gilt bis {{deadline}}.",
  },
};
