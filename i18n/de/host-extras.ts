import type { CatalogShape } from "../catalog.ts";
import type { hostExtras as english } from "../en/host-extras.ts";

/** Was Gastgeber und Betreiber lesen, nach dem Katalog host-pages hinzugekommen (siehe die englische Datei). */
export const hostExtras: CatalogShape<typeof english> = {
  form: {
    maxParty: "Plätze pro Anmeldung (der Gast eingeschlossen)",
    maxPartyHint: "1 bis {{max}}. Bei mehr als 1 fragt das Anmeldeformular nach der Zahl der Plätze.",
    maxPartyError: "Gib eine ganze Zahl von Plätzen von 1 bis {{max}} ein.",
    smallerPartiesFirst:
      "Reichen frei gewordene Plätze nicht für die erste Gruppe auf der Warteliste, sie der nächsten Gruppe anbieten, die hineinpasst",
    whenFormat: "Datum und Uhrzeit (24 Stunden) in der Zeitzone der Veranstaltung.",
    readBack: "Jetzt: {{when}}.",
  },
  counts: {
    seats_one: "{{count}} Platz",
    seats_other: "{{count}} Plätze",
    parties_one: "{{count}} Anmeldung",
    parties_other: "{{count}} Anmeldungen",
    seatsAndParties: "{{seats}} · {{parties}}",
  },
  saving: {
    title: "Wird gespeichert …",
    text: "Deine Änderungen an {{name}} werden übernommen. Diese Seite zeigt die Veranstaltung, sobald das geschehen ist.",
    showNow: "Formular jetzt zeigen",
    late: "Die Änderung braucht länger als sonst. Das Formular zeigt die Veranstaltung, wie sie jetzt gespeichert ist: Lade die Seite gleich neu, um zu sehen, ob die Änderung übernommen wurde.",
  },
  cards: { label: "{{label}}: ", updated: "Geändert", when: "Wann" },
};
