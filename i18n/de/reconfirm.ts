import type { CatalogShape } from "../catalog.ts";
import type { reconfirm as en } from "../en/reconfirm.ts";

/** „Kommst du noch?“ (docs/reconfirm.md): die Nachfrage an bestätigte Gäste und ihre zwei Link-Seiten, auf Deutsch. */
export const reconfirm: CatalogShape<typeof en> = {
  mail: {
    subject: "Kommst du noch zu {{event}}?",
    lead: "{{event}} ist {{when}}. Kommst du noch?",
    why: "Bitte antworte unten: Wenn du nicht kommen kannst, bekommt jemand von der Warteliste deinen Platz.",
    whyNoWaitlist: "Bitte antworte unten, damit der Gastgeber weiß, wen er erwarten kann.",
    deadline: "Wenn wir bis {{deadline}} keine Antwort von dir haben, geht dein Platz an jemand anderen.",
    keep: "Wenn du nicht antwortest, bleibt dein Platz dir.",
    yes: "Ja, ich komme",
    no: "Ich kann nicht kommen",
  },
  pages: {
    stillComingHeading: "Kommst du noch, {{name}}?",
    stillComingConsequence: "Dein Platz bleibt dir, und der Gastgeber weiß, dass du kommst.",
    stillComingButton: "Ja, ich komme",
    alreadyAnswered: "Du hast schon zugesagt",
    alreadyAnsweredText: "Danke: Dein Platz ist dir sicher. Bis bald!",
    notConfirmed: "Du hast keinen Platz, den du bestätigen könntest",
    reconfirmed: "Danke: bis bald!",
    reconfirmedText: "Wir haben dem Gastgeber gesagt, dass du kommst. Dein Platz ist dir sicher.",
  },
  admin: {
    legend: "Rückfrage \u201eKommst du noch?\u201c",
    on: "Bestätigte Gäste vor der Veranstaltung fragen: \u201eKommst du noch?\u201c",
    onHint:
      "Jeder bestätigte Gast bekommt eine E-Mail mit zwei Knöpfen, \u201eJa, ich komme\u201c und \u201eIch kann nicht kommen\u201c. Bei \u201eNein\u201c gehen die Plätze sofort an die Warteliste.",
    days: "Tage vor der Veranstaltung",
    daysHint: "Wann gefragt wird: zur Startzeit, so viele Tage früher, außerhalb der Ruhezeiten (1 bis 30).",
    daysError: "Gib die Tage vor der Veranstaltung als ganze Zahl von 1 bis 30 ein",
    release: "Plätze von Gästen freigeben, die bis zur Frist nicht geantwortet haben",
    releaseHint: "Aus: Wer nicht antwortet, behält den Platz. Die E-Mail sagt, was gilt.",
    hours: "Stunden zum Antworten",
    hoursHint:
      "Die Frist: so viele Stunden nach der Frage (1 bis 168). Gilt nur, wenn Plätze freigegeben werden.",
    hoursError: "Gib die Stunden zum Antworten als Zahl von 1 bis 168 ein",
  },
  host: {
    tile: "Erneut zugesagt",
    tileValue: "{{count}} von {{total}} Gefragten",
    column: "Kommt noch?",
    answeredAt: "Erneut zugesagt am {{when}}",
    notAnswered: "Noch nicht erneut zugesagt",
  },
  released: {
    subject: "Platz freigegeben: {{event}}",
    lead: "Wir haben gefragt, ob du noch zu {{event}} kommst, und bis {{deadline}} keine Antwort von dir bekommen. Wie vom Gastgeber gewünscht, ging dein Platz an die nächste Person auf der Warteliste.",
    again:
      "Wenn du doch kommen kannst, kannst du dich auf der Veranstaltungsseite wieder anmelden, solange Plätze frei sind.",
    button: "Zur Veranstaltungsseite",
  },
  thanks: {
    before:
      "Wenn die Veranstaltung endet ({{ends}}), wird eine Dankesnachricht aus den Details der Veranstaltung\nund deinen Notizen unten entworfen; sie geht an jeden Gast, der an der Tür eingecheckt wurde.",
    sentAuto:
      "Automatisch gesendet am {{when}} an jeden Gast, der an der Tür eingecheckt wurde.\nGeschrieben von {{by}}:",
    sentApproved:
      "Mit deiner Freigabe gesendet am {{when}} an jeden Gast, der an der Tür eingecheckt wurde.\nGeschrieben von {{by}}:",
    recipientsArrived_one:
      "wird zum Namen jedes Gastes. Mit der Freigabe geht sie an den {{count}} Gast, der an der Tür eingecheckt wurde.",
    recipientsArrived_other:
      "wird zum Namen jedes Gastes. Mit der Freigabe geht sie an die {{count}} Gäste, die an der Tür eingecheckt wurden.",
  },
};
