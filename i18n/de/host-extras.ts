import type { CatalogShape } from "../catalog.ts";
import type { hostExtras as english } from "../en/host-extras.ts";

/** Was Gastgeber und Betreiber lesen, nach dem Katalog host-pages hinzugekommen (siehe die englische Datei). */
export const hostExtras: CatalogShape<typeof english> = {
  form: {
    maxParty: "Plätze pro Anmeldung (der Gast eingeschlossen)",
    maxPartyHint: "1 bis {{max}}. Bei mehr als 1 fragt das Anmeldeformular nach der Zahl der Plätze.",
    maxPartyError: "Geben Sie eine ganze Zahl von Plätzen von 1 bis {{max}} ein.",
    smallerPartiesFirst:
      "Reichen frei gewordene Plätze nicht für die erste Gruppe auf der Warteliste, sie der nächsten Gruppe anbieten, die hineinpasst",
  },
};
