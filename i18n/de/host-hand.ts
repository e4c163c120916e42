import type { CatalogShape } from "../catalog.ts";
import type { hostHand as en } from "../en/host-hand.ts";

/** Die Hand des Gastgebers auf der Liste (siehe i18n/en/host-hand.ts). */
export const hostHand: CatalogShape<typeof en> = {
  mail: {
    subjectSeat: "Dein Platz bei {{event}} wurde vom Gastgeber storniert",
    subjectWaitlist: "Der Gastgeber hat dich von der Warteliste für {{event}} genommen",
    subjectOffer: "Der Gastgeber hat den dir angebotenen Platz bei {{event}} zurückgezogen",
    subjectInvitation: "Der Gastgeber hat deine Einladung zu {{event}} zurückgezogen",
    leadSeat: "Der Gastgeber hat deine Anmeldung storniert: dein Platz ist nicht mehr für dich reserviert.",
    leadWaitlist: "Der Gastgeber hat dich von der Warteliste genommen.",
    leadOffer: "Der Gastgeber hat den dir angebotenen Platz zurückgezogen.",
    leadInvitation: "Der Gastgeber hat deine Einladung zurückgezogen.",
    nextHost: "Falls das ein Irrtum ist, melde dich bitte bei {{host}}.",
    next: "Falls das ein Irrtum ist, melde dich bitte beim Gastgeber.",
  },
  pages: {
    sectionLabel: "{{name}} ändern",
    actions: "Ändern",
    actionsColumn: "Aktionen",
    remove: "Von der Liste nehmen",
    removeNotify: "{{name}} per E-Mail Bescheid geben",
    admit: "Jetzt bestätigen (Plätze sind frei)",
    admitOffered: "Angebotenen Platz jetzt bestätigen",
    edit: "Name und Gruppe speichern",
    name: "Name",
    party: "Gruppe (Plätze, Gast eingeschlossen)",
    addTitle: "Gast hinzufügen",
    addIntro:
      "Füge jemanden von Hand hinzu. Passt die Gruppe und wartet niemand, bekommt die Person einen Platz, sonst einen Platz am Ende der Warteliste, und in jedem Fall eine E-Mail mit ihren Links.",
    email: "E-Mail",
    addWaitlist:
      "Auf die Warteliste statt direkt auf einen Platz (ein freier Platz wird ihnen dann zum Annehmen angeboten)",
    add: "Gast hinzufügen",
    formProblem: "Das Formular wurde nicht gesendet: {{problem}}",
    notice: {
      removed: "{{who}} ist nicht mehr auf der Liste{{told}}.",
      removedTold: " und hat eine E-Mail bekommen",
      removedQuiet: " (es wurde keine E-Mail gesendet)",
      seatsFreed_one: "Ein Platz ist wieder frei: er wird der nächsten Person auf der Warteliste angeboten.",
      seatsFreed_other:
        "{{count}} Plätze sind wieder frei: sie werden den Nächsten auf der Warteliste angeboten.",
      admitted: "{{who}} ist bestätigt.",
      edited: "{{who}} ist gespeichert.",
      added: "{{who}} ist hinzugefügt und bestätigt.",
      addedWaitlisted: "{{who}} ist auf der Warteliste (Platz {{place}}).",
      duplicate: "{{who}} ist schon auf der Liste; es wurde nichts geändert.",
    },
  },
  guest: {
    nameLink: "Ist dein Name richtig geschrieben? Hier korrigieren.",
    nameBack: "Zurück zu deiner Anmeldung",
    nameLegend: "Stimmt dein Name?",
    nameLabel: "Dein Name",
    nameButton: "Meinen Namen speichern",
    nameSaved: "Dein Name ist gespeichert.",
    nameIntro: "Korrigiere, wie dein Name auf der Gästeliste steht.",
  },
};
