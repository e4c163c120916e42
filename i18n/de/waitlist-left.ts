import type { CatalogShape } from "../catalog.ts";
import type { waitlistLeft as en } from "../en/waitlist-left.ts";

/** Die Seite, nachdem ein Gast per Link die Warteliste verlassen hat, auf Deutsch (per du). */
export const waitlistLeft: CatalogShape<typeof en> = {
  title: "Du hast die Warteliste verlassen",
  message: "Du hast deinen Platz in der Reihe aufgegeben. Wir schreiben dir nicht, wenn ein Platz frei wird.",
  status: "Du hast die Warteliste verlassen.",
  alreadyLeft: "Du hast die Warteliste schon verlassen",
  manageText:
    "{{name}}, du hast deinen Platz in der Reihe aufgegeben. Wenn du doch kommen möchtest, melde dich mit derselben Adresse erneut an, solange die Anmeldung offen ist. Deinen alten Platz in der Reihe bekommst du nicht zurück.",
  registerAgain:
    "Doch umentschieden? Melde dich auf der Seite der Veranstaltung erneut an, solange die Anmeldung offen ist. Deinen alten Platz in der Reihe bekommst du nicht zurück.",
};
