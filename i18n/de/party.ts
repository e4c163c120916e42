import type { CatalogShape } from "../catalog.ts";
import type { party as en } from "../en/party.ts";

/** Die Partygröße ändern: Seitenlink, Seite, Ergebnis, Teilannahme eines Angebots und die Antwort der E-Mail-Spur. */
export const party: CatalogShape<typeof en> = {
  manageLink: "Anzahl der Plätze ändern",
  heading: "Wie viele Plätze, {{name}}?",
  holding_one: "Du hast {{count}} Platz, nur für dich.",
  holding_other: "Du hast {{count}} Plätze, dich eingeschlossen.",
  asking_one: "Du fragst {{count}} Platz an, nur für dich.",
  asking_other: "Du fragst {{count}} Plätze an, dich eingeschlossen.",
  field: "Plätze, dich eingeschlossen",
  fieldHint: "Bis zu {{count}}.",
  lowerRule: "Weniger Plätze: Die Plätze, die du abgibst, gehen sofort an die Nächsten auf der Warteliste.",
  raiseRule:
    "Mehr Plätze: nur, wenn sie gerade frei sind. Sonst ändert sich nichts, und du behältst deine Plätze.",
  lineRule:
    "Deinen Platz auf der Warteliste behältst du in jedem Fall; du bekommst ein Angebot, sobald genug Plätze für dich frei sind.",
  pendingRule: "So viele Plätze fragst du an, wenn du die Einladung annimmst.",
  button: "Plätze ändern",
  notRegistered: "Du stehst nicht auf der Gästeliste",
  notRegisteredText: "Es gibt nichts zu ändern: Du hast abgesagt, oder dein Angebot ist abgelaufen.",
  onePerGuest: "Ein Platz pro Gast",
  onePerGuestText: "Bei dieser Veranstaltung hat jeder Gast einen Platz; es gibt nichts zu ändern.",
  changed: "Du hast jetzt {{to}}",
  changedLower_one: "Du hast {{count}} Platz abgegeben; er geht an den Nächsten auf der Warteliste.",
  changedLower_other: "Du hast {{count}} Plätze abgegeben; sie gehen an die Nächsten auf der Warteliste.",
  changedRaise: "Die zusätzlichen Plätze gehören dir.",
  changedLine: "Deinen Platz auf der Warteliste behältst du.",
  changedPending: "So viele fragst du an, wenn du die Einladung annimmst.",
  kept: "Nichts geändert: Du behältst {{party}}",
  keptNoSeats:
    "Gerade sind nicht genug Plätze frei (oder andere Gäste warten darauf), daher bleibt alles, wie es war. Du kannst es später noch einmal versuchen.",
  keptTooLarge: "Bei dieser Veranstaltung sind höchstens {{max}} pro Gast möglich.",
  keptNotRegistered: "Du stehst nicht mehr auf der Gästeliste.",
  keptStarted: "Die Veranstaltung hat begonnen; es können keine Plätze mehr dazukommen.",
  unchanged: "Nichts zu ändern",
  unchangedText: "Du hast bereits {{party}}.",
  seats_one: "{{count}} Platz",
  seats_other: "{{count}} Plätze",
  claimField: "Plätze, die du nimmst, dich eingeschlossen",
  claimHint:
    "{{count}} sind für dich reserviert. Nimm weniger, wenn weniger von euch kommen; der Rest geht an die Nächsten auf der Warteliste.",
  claimedFewer:
    "Du bist dabei, {{name}}: {{seats}} bestätigt. Die übrigen Plätze gehen an die Nächsten auf der Warteliste.",
  mail: {
    subject: "Wie viele Plätze? {{event}}",
    unclear:
      "Wir haben deine Antwort zu {{event}} erhalten, konnten aber nicht sicher erkennen, wie viele Plätze du brauchst. Wir haben keine hinzugefügt: Deine Antwort zählt für {{seats}}, dich eingeschlossen.",
    tooLarge:
      "Wir haben deine Antwort zu {{event}} erhalten. Bei dieser Veranstaltung sind höchstens {{max}} pro Gast möglich, deshalb haben wir keine hinzugefügt: Deine Antwort zählt für {{seats}}, dich eingeschlossen.",
    choose: "Um die Anzahl der Plätze zu ändern, öffne diese Seite:",
    button: "Plätze wählen",
  },
};
