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
    notComingHeading: "Du kannst nicht kommen, {{name}}?",
    notComingConsequence: "Dein Platz wird storniert und geht an die nächste Person auf der Warteliste.",
    notComingButton: "Ich kann nicht: Platz freigeben",
    alreadyAnswered: "Du hast schon zugesagt",
    alreadyAnsweredText: "Danke: Dein Platz ist dir sicher. Bis bald!",
    notConfirmed: "Du hast keinen Platz, den du bestätigen könntest",
    reconfirmed: "Danke: bis bald!",
    reconfirmedText: "Wir haben dem Gastgeber gesagt, dass du kommst. Dein Platz ist dir sicher.",
  },
};
