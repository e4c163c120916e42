import type { CatalogShape } from "../catalog.ts";
import type { approval as en } from "../en/approval.ts";

/** Freigabe-Modus (docs/approval.md) auf Deutsch; Gästeseiten siezen, E-Mails und Gastgeberseiten duzen. */
export const approval: CatalogShape<typeof en> = {
  page: {
    requestNote:
      "Der Gastgeber gibt jede Anmeldung frei. Du bekommst eine E-Mail, sobald er entschieden hat.",
    submit: "Teilnahme anfragen",
    locationHidden: "Ort: wird nach der Freigabe deiner Anfrage mitgeteilt",
    badge: "Angefragt · wartet auf den Gastgeber",
    badgeDeclined: "Nicht freigegeben",
    heading: "Deine Anfrage liegt beim Gastgeber, {{name}}",
    text: "Du hast noch keinen Platz. Gibt der Gastgeber deine Anfrage frei, bekommst du einen Platz, wenn einer frei ist, sonst einen Platz auf der Warteliste – und in beiden Fällen eine E-Mail.",
    declinedHeading: "Der Gastgeber konnte deine Anfrage nicht freigeben",
    declinedText: "Leider, {{name}}: Für diese Veranstaltung gibt es keinen Platz für dich.",
    withdrawAction: "Meine Anfrage zurückziehen",
    withdrawHeading: "Anfrage zurückziehen, {{name}}?",
    withdrawConsequence:
      "Der Gastgeber sieht sie dann nicht mehr. Solange die Anmeldung offen ist, kannst du später erneut anfragen.",
    withdrawButton: "Meine Anfrage zurückziehen",
  },
  mail: {
    requestedSubject: "Anfrage erhalten: {{event}}",
    requestedLead: "Danke, deine Anfrage für {{event}} liegt beim Gastgeber.",
    requestedNext:
      "Du hast noch keinen Platz. Sobald der Gastgeber entschieden hat, bekommst du eine E-Mail: einen Platz, wenn einer frei ist, sonst einen Platz auf der Warteliste.",
    withdrawHint: "Anders überlegt? Auf dieser Seite kannst du deine Anfrage zurückziehen.",
    whereLater: "Wird nach der Freigabe deiner Anfrage mitgeteilt",
    declinedSubject: "Deine Anfrage für {{event}}",
    declinedLead:
      "Danke für dein Interesse an {{event}}. Der Gastgeber konnte deine Anfrage diesmal nicht freigeben.",
    declinedNext: "Es passiert nichts weiter; du musst nichts tun.",
    withdrawnSubject: "Du hast deine Anfrage für {{event}} zurückgezogen",
    withdrawnLead: "Du hast deine Anfrage zurückgezogen; der Gastgeber sieht sie nicht mehr.",
  },
  host: {
    tile: "Angefragt",
    tileNote_one: "{{count}} Anfrage, {{seats}} Plätze",
    tileNote_other: "{{count}} Anfragen, {{seats}} Plätze",
    heading: "Anfragen, die auf dich warten",
    intro:
      "Eine Freigabe fragt Plätze an wie eine Anmeldung: bestätigt, solange Plätze frei sind, sonst die Warteliste. Jeder Gast bekommt eine E-Mail.",
    none: "Es warten keine Anfragen.",
    seats_one: "{{count}} Platz",
    seats_other: "{{count}} Plätze",
    asked: "angefragt {{when}}",
    select: "{{name}} auswählen",
    approve: "Auswahl freigeben",
    decline: "Auswahl ablehnen",
    notice: {
      confirmed: "Freigegeben: {{who}} ist bestätigt und hat eine E-Mail bekommen.",
      waitlisted:
        "Freigegeben: Es waren keine Plätze frei, daher steht {{who}} auf der Warteliste und hat eine E-Mail bekommen.",
      cancelled: "Abgelehnt: {{who}} wurde benachrichtigt.",
    },
  },
  admin: {
    approval: "Jede Anmeldung freigeben, bevor sie einen Platz bekommt",
    approvalHint:
      "Wer sich anmeldet, wartet auf dich; du gibst auf der Gästeliste frei oder lehnst ab. Importierte Gäste überspringen das.",
    hideLocation: "Ort und Online-Link erst nach der Freigabe zeigen",
  },
};
