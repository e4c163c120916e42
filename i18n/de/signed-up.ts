import type { CatalogShape } from "../catalog.ts";
import type { signedUp as en } from "../en/signed-up.ts";

/** Wie sich ein Gast angemeldet hat, in der Gästeliste der Gastgeber, auf Deutsch. */
export const signedUp: CatalogShape<typeof en> = {
  column: "Angemeldet über",
  lanes: {
    web: "Webformular",
    email: "Antwort per E-Mail",
    import: "Importierte Liste",
    host: "Von Gastgebern eingetragen",
    link: "Link in einer E-Mail",
    timer: "Automatisch",
    system: "Automatisch",
    door: "An der Tür",
  },
};
