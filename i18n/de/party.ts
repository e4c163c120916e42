import type { CatalogShape } from "../catalog.ts";
import type { party as en } from "../en/party.ts";

/** Die Partygröße ändern: Seitenlink, Seite, Ergebnis, Teilannahme eines Angebots und die Antwort der E-Mail-Spur. */
export const party: CatalogShape<typeof en> = {
  manageLink: "Anzahl der Plätze ändern",
  heading: "Wie viele Plätze, {{name}}?",
  holding_one: "Sie haben {{count}} Platz, Sie eingeschlossen.",
  holding_other: "Sie haben {{count}} Plätze, Sie eingeschlossen.",
  asking_one: "Sie fragen {{count}} Platz an, Sie eingeschlossen.",
  asking_other: "Sie fragen {{count}} Plätze an, Sie eingeschlossen.",
  field: "Plätze, Sie eingeschlossen",
  fieldHint: "Bis zu {{count}}.",
  lowerRule: "Weniger Plätze: Die Plätze, die Sie abgeben, gehen sofort an die Nächsten auf der Warteliste.",
  raiseRule:
    "Mehr Plätze: nur, wenn sie gerade frei sind. Sonst ändert sich nichts, und Sie behalten Ihre Plätze.",
  lineRule:
    "Ihren Platz auf der Warteliste behalten Sie in jedem Fall; Sie bekommen ein Angebot, sobald genug Plätze für Sie frei sind.",
  pendingRule: "So viele Plätze fragen Sie an, wenn Sie die Einladung annehmen.",
  button: "Plätze ändern",
  notRegistered: "Sie stehen nicht auf der Gästeliste",
  notRegisteredText: "Es gibt nichts zu ändern: Sie haben abgesagt, oder Ihr Angebot ist abgelaufen.",
  onePerGuest: "Ein Platz pro Gast",
  onePerGuestText: "Bei dieser Veranstaltung hat jeder Gast einen Platz; es gibt nichts zu ändern.",
  changed: "Sie haben jetzt {{to}}",
  changedLower_one: "Sie haben {{count}} Platz abgegeben; er geht an den Nächsten auf der Warteliste.",
  changedLower_other: "Sie haben {{count}} Plätze abgegeben; sie gehen an die Nächsten auf der Warteliste.",
  changedRaise: "Die zusätzlichen Plätze gehören Ihnen.",
  changedLine: "Ihren Platz auf der Warteliste behalten Sie.",
  changedPending: "So viele fragen Sie an, wenn Sie die Einladung annehmen.",
  kept: "Nichts geändert: Sie behalten {{party}}",
  keptNoSeats:
    "Gerade sind nicht genug Plätze frei (oder andere Gäste warten darauf), daher bleibt alles, wie es war. Sie können es später noch einmal versuchen.",
  keptTooLarge: "Bei dieser Veranstaltung sind höchstens {{max}} pro Gast möglich.",
  keptNotRegistered: "Sie stehen nicht mehr auf der Gästeliste.",
  keptStarted: "Die Veranstaltung hat begonnen; es können keine Plätze mehr dazukommen.",
  unchanged: "Nichts zu ändern",
  unchangedText: "Sie haben bereits {{party}}.",
  seats_one: "{{count}} Platz",
  seats_other: "{{count}} Plätze",
  claimField: "Plätze, die Sie nehmen, Sie eingeschlossen",
  claimHint:
    "{{count}} sind für Sie reserviert. Nehmen Sie weniger, wenn weniger von Ihnen kommen; der Rest geht an die Nächsten auf der Warteliste.",
  claimedFewer:
    "Sie sind dabei, {{name}}: {{seats}} bestätigt. Die übrigen Plätze gehen an die Nächsten auf der Warteliste.",
  mail: {
    subject: "Wie viele Plätze? {{event}}",
    unclear:
      "Wir haben Ihre Antwort zu {{event}} erhalten, konnten aber nicht sicher erkennen, wie viele Plätze Sie brauchen. Wir haben keine hinzugefügt: Ihre Antwort zählt für {{seats}}, Sie eingeschlossen.",
    tooLarge:
      "Wir haben Ihre Antwort zu {{event}} erhalten. Bei dieser Veranstaltung sind höchstens {{max}} pro Gast möglich, deshalb haben wir keine hinzugefügt: Ihre Antwort zählt für {{seats}}, Sie eingeschlossen.",
    choose: "Um die Anzahl der Plätze zu ändern, öffnen Sie diese Seite:",
    button: "Plätze wählen",
  },
};
