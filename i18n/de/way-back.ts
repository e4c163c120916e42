import type { CatalogShape } from "../catalog.ts";
import type { wayBack as en } from "../en/way-back.ts";

/** Der Weg zurück auf einer Storno-, Verlassen- oder Ablehnen-Seite vor dem Klick, auf Deutsch (per du). */
export const wayBack: CatalogShape<typeof en> = {
  keepRsvp: "Anmeldung behalten",
  stayWaitlisted: "Auf der Warteliste bleiben",
  keepRequest: "Anfrage behalten",
  backToOffer: "Zurück zu meinem Angebot",
  backToInvitation: "Zurück zu meiner Einladung",
};
