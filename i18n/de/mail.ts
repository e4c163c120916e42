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

  common: {
    hello: "Hallo {{name}},",
    helloNoName: "Hallo,",
    when: "Wann",
    where: "Wo",
    online: "Online",
    host: "Gastgeber",
    heldUntil: "Reserviert bis",
    whenSameDay: "{{date}}, {{start}}–{{end}} Uhr ({{zone}})",
    whenSpan: "{{startDate}}, {{start}} Uhr – {{endDate}}, {{end}} Uhr ({{zone}})",
    instant: "{{date}}, {{time}} Uhr ({{zone}})",
    onlineLater: "Den Online-Link bekommst du, sobald dein Platz bestätigt ist.",
    map: "Adresse auf der Karte öffnen",
    eventPage: "Zur Seite der Veranstaltung",
    manage: "Deine Anmeldung verwalten",
    footerGuest: "Du bekommst diese E-Mail, weil {{email}} auf der Gästeliste von {{event}} steht.",
    footerHostMessage:
      "Du bekommst diese Nachricht, weil {{email}} einen Platz bei {{event}} hat und der Gastgeber den Gästen geschrieben hat.",
    unsubscribeNote: "Keine Nachrichten mehr vom Gastgeber (deine Anmeldung bleibt bestehen)",
    unsubscribe: "Nachrichten des Gastgebers abbestellen",
  },

  confirmed: {
    subject: "Du bist dabei: {{event}}",
    lead: "Dein Platz bei {{event}} ist bestätigt.",
    leadClaimed: "Du hast den angebotenen Platz angenommen: Er gehört dir.",
    calendar: "Der Kalendereintrag ist angehängt.",
    remind: "Wir erinnern dich vor der Veranstaltung.",
    cancelHint: "Du kannst doch nicht? Sag dort deinen Platz ab, damit der Gastgeber Bescheid weiß.",
    cancelHintWaitlist:
      "Du kannst doch nicht? Sag dort deinen Platz ab, damit ihn die nächste Person auf der Warteliste bekommt.",
  },

  waitlisted: {
    subject: "Auf der Warteliste: {{event}} (Platz {{position}})",
    subjectNoPosition: "Auf der Warteliste: {{event}}",
    lead: "{{event}} ist ausgebucht, deshalb stehst du auf der Warteliste: auf Platz {{position}}.",
    leadNoPosition: "{{event}} ist ausgebucht, deshalb stehst du auf der Warteliste.",
    next: "Wird ein Platz frei, bieten wir ihn dir per E-Mail an. Du hast dann eine begrenzte Zeit, ihn anzunehmen.",
    leaveHint: "Pläne geändert? Dort kannst du die Warteliste verlassen.",
  },

  offered: {
    subject: "Platz frei: {{event}} – annehmen bis {{until}}",
    lead: "Bei {{event}} ist ein Platz frei geworden. Er ist bis {{until}} für dich reserviert.",
    next: "Nimm ihn bis dahin an, sonst geht er an die nächste Person auf der Warteliste.",
    nextNobodyWaits: "Nimm ihn bis dahin an, sonst wird er wieder freigegeben.",
    declineHint: "Wenn du nicht kommen kannst, lehne ihn ab, damit die nächste Person ihn früher bekommt.",
    declineHintNobodyWaits: "Wenn du nicht kommen kannst, lehne ihn bitte ab.",
    claim: "Platz annehmen",
    decline: "Platz ablehnen",
  },

  lapsed: {
    subject: "Dein Angebot für {{event}} ist abgelaufen",
    lead: "Der für dich reservierte Platz bei {{event}} wurde nicht rechtzeitig angenommen und ist an die nächste Person auf der Warteliste gegangen.",
    leadNobodyWaited:
      "Der für dich reservierte Platz bei {{event}} wurde nicht rechtzeitig angenommen und ist wieder frei.",
    next: "Du stehst nicht mehr auf der Warteliste. Wenn du noch kommen möchtest, melde dich mit derselben Adresse erneut an: Du kommst dann ans Ende der Warteliste.",
  },

  cancelled: {
    subjectSeat: "Abgesagt: dein Platz bei {{event}}",
    subjectWaitlist: "Du hast die Warteliste für {{event}} verlassen",
    subjectOffer: "Du hast den Platz bei {{event}} abgelehnt",
    subjectInvitation: "Du hast die Einladung zu {{event}} abgelehnt",
    leadSeat: "Dein Platz ist abgesagt.",
    leadWaitlist: "Du hast die Warteliste verlassen.",
    leadOffer: "Du hast den angebotenen Platz abgelehnt.",
    leadInvitation: "Du hast die Einladung abgelehnt.",
    next: "Danke, dass du Bescheid gesagt hast. Falls du es dir anders überlegst, melde dich mit derselben Adresse erneut an, solange die Anmeldung offen ist.",
  },

  rejoin: {
    subject: "Erneut anmelden für {{event}}?",
    lead: "Jemand wollte {{email}} für {{event}} anmelden. Deine frühere Anmeldung ist abgesagt oder verfallen, daher hat sich noch nichts geändert.",
    next: "Warst du das und möchtest du kommen, drück auf den Knopf: Du bekommst einen Platz, wenn einer frei ist und niemand wartet, sonst kommst du ans Ende der Warteliste. Warst du es nicht, ignoriere diese E-Mail.",
    button: "Erneut anmelden",
  },

  invite: {
    subject: "Einladung: {{event}}",
    lead: "Du bist zu {{event}} eingeladen.",
    leadHost: "{{host}} lädt dich zu {{event}} ein.",
    ask: "Bitte sag uns, ob du kommen kannst.",
    yes: "Ja, ich komme",
    no: "Nein, ich kann nicht kommen",
  },

  reminder: {
    subject: "Erinnerung: {{event}} ist {{when}}",
    today: "heute",
    tomorrow: "morgen",
    inDays_one: "in {{count}} Tag",
    inDays_other: "in {{count}} Tagen",
    morning: "Bis {{when}}!",
    day: "Nur zur Erinnerung: {{event}} ist {{when}}.",
    week: "{{event}} ist {{when}}. Wir freuen uns auf dich.",
    cancelHint: "Wenn du nicht mehr kommen kannst, sag bitte ab, damit der Gastgeber Bescheid weiß.",
    cancelHintWaitlist:
      "Wenn du nicht mehr kommen kannst, sag bitte ab, damit jemand von der Warteliste deinen Platz bekommt.",
  },

  hostMessage: {
    subject: "{{event}}: {{subject}}",
    lead: "Eine Nachricht vom Gastgeber von {{event}}:",
    leadHost: "Eine Nachricht von {{host}} zu {{event}}:",
  },

  thankYou: {
    subject: "Danke, dass du bei {{event}} warst",
  },

  summary: {
    subject: "{{event}}: {{confirmed}} bestätigt, {{waitlisted}} wartend (Stand {{day}})",
    lead: "So steht es um {{event}} am {{day}}.",
    changes: "Änderungen der letzten 24 Stunden, nach heutigem Status:\n{{changes}}.",
    noChanges: "Keine Änderungen in den letzten 24 Stunden.",
    footer: "Du bekommst diese Übersicht, weil {{email}} die Gastgeber-Adresse von {{event}} ist.",
    status: {
      pending: "{{count}} eingeladen",
      confirmed: "{{count}} bestätigt",
      offered: "{{count}} mit Angebot",
      waitlisted: "{{count}} auf der Warteliste",
      lapsed: "{{count}} abgelaufen",
      cancelled: "{{count}} abgesagt",
      requested: "{{count}} angefragt",
    },
  },
};
