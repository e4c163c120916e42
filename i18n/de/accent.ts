import type { CatalogShape } from "../catalog.ts";
import type { accent as en } from "../en/accent.ts";

/** Die Farbe der Veranstaltung (contracts/accent.ts): die Auswahl im Formular der Verwaltung, auf Deutsch. */
export const accent: CatalogShape<typeof en> = {
  label: "Farbe",
  hint: "Schaltflächen, Links und der obere Balken der Seiten der Veranstaltung und die Schaltfläche in ihren E-Mails.",
  error: "Wähle eine der angezeigten Farben.",
  names: {
    indigo: "Indigo",
    teal: "Petrol",
    green: "Grün",
    orange: "Orange",
    rose: "Rosé",
    plum: "Pflaume",
    slate: "Schiefer",
  },
};
