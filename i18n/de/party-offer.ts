import type { CatalogShape } from "../catalog.ts";
import type { partyOffer as english } from "../en/party-offer.ts";

/** Die Angebots-E-Mail an eine Gruppe (mehr als ein Platz reserviert), auf Deutsch. */
export const partyOffer: CatalogShape<typeof english> = {
  subject: "{{count}} Plätze frei: {{event}} – annehmen bis {{until}}",
  lead: "Bei {{event}} sind {{count}} Plätze frei geworden. Bis {{until}} sind sie für dich reserviert.",
  next: "Nimm sie bis dahin an, sonst gehen sie an die Nächsten auf der Warteliste.",
  nextNobodyWaits: "Nimm sie bis dahin an, sonst werden sie wieder freigegeben.",
  declineHint: "Wenn ihr nicht kommen könnt, lehne sie ab, damit die Nächsten sie früher bekommen.",
  declineHintNobodyWaits: "Wenn ihr nicht kommen könnt, lehne sie bitte ab.",
  fewer: "Kommen weniger von euch? Auf der Seite kannst du weniger Plätze annehmen.",
  claim: "Plätze annehmen",
  decline: "Plätze ablehnen",
};
