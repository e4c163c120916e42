import type { CatalogShape } from "../catalog.ts";
import type { poster as en } from "../en/poster.ts";

/** Das Plakat der Veranstaltung für den Gastgeber: ein QR-Code des Anmeldelinks, auf Deutsch (per du). */
export const poster: CatalogShape<typeof en> = {
  link: "Plakat mit QR-Code",
  hint: "Drucke es aus oder zeige es auf einem Bildschirm: Wer es scannt, kann sich anmelden.",
  title: "Plakat: {{event}}",
  scan: "Scannen und anmelden",
  qrLabel: "QR-Code der Anmeldeseite für {{event}}",
  howTo:
    "Drucke diese Seite mit der Druckfunktion deines Browsers oder zeige sie auf einem Bildschirm. Gedruckt wird nur das Plakat.",
  back: "Zurück zur Gastgeberseite",
};
