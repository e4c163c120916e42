import type { CatalogShape } from "../catalog.ts";
import type { copyLink as en } from "../en/copy-link.ts";

/** Die Schaltfläche „Link kopieren“ neben dem Anmeldelink auf der Seite des Gastgebers, auf Deutsch (per du). */
export const copyLink: CatalogShape<typeof en> = {
  button: "Link kopieren",
  copied: "Kopiert",
  failed: "Kopieren ging nicht. Der Link ist markiert: Kopiere ihn von dort.",
};
