import type { CatalogShape } from "../catalog.ts";
import type { mail as english } from "../en/mail.ts";

/** Was E-Mails und Kalendereinträge sagen, auf Deutsch. */
export const mail: CatalogShape<typeof english> = {
  via: "{{name}} über rsvp",
  calendar: {
    confirmed: "Dein Platz bei {{event}} ist bestätigt.",
    cancelled: "Dein Platz bei {{event}} ist storniert.",
    online: "Online teilnehmen: {{url}}",
    manage: "Anmeldung verwalten: {{url}}",
    eventPage: "Veranstaltungsseite: {{url}}",
  },
  eventChanged: {
    subjectTime: "Neue Zeit: {{event}} ist jetzt {{when}}",
    subjectPlace: "Neuer Ort: {{event}}",
    subjectBoth: "Neue Zeit und neuer Ort: {{event}}, {{when}}",
    greeting: "Hallo {{name}},",
    greetingNoName: "Hallo,",
    leadTime: "{{event}} findet zu einer neuen Zeit statt.",
    leadPlace: "{{event}} findet an einem neuen Ort statt.",
    leadBoth: "{{event}} findet zu einer neuen Zeit und an einem neuen Ort statt.",
    calendarUpdated: "Der angehängte Kalendereintrag ersetzt den bisherigen.",
    stillConfirmed:
      "Dein Platz bleibt dir. Falls du nicht mehr kommen kannst, sag bitte ab, damit jemand anderes ihn bekommt.",
    stillOffered: "Der für dich reservierte Platz bleibt bis {{until}} für dich reserviert.",
    stillWaitlisted: "Du bist weiter auf der Warteliste; wir schreiben dir, sobald ein Platz frei wird.",
    when: "Wann",
    where: "Wo",
    online: "Online",
    before: "Vorher",
    notSet: "nicht angegeben",
    cancelConfirmed: "Kannst du nicht mehr? Platz absagen",
    leaveWaitlist: "Warteliste verlassen",
    claim: "Platz annehmen",
    decline: "Platz ablehnen",
    footer: "Du erhältst diese E-Mail, weil {{email}} auf der Gästeliste von {{event}} steht.",
  },
};
