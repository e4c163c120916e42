import type { CatalogShape } from "../catalog.ts";
import type { delivery as english } from "../en/delivery.ts";

/** Was die Gastgeberseite über E-Mails sagt, die ihren Gast nicht erreicht haben, auf Deutsch. */
export const delivery: CatalogShape<typeof english> = {
  heading_one: "{{count}} E-Mail ist nicht angekommen",
  heading_other: "{{count}} E-Mails sind nicht angekommen",
  intro: "Prüfe diese Adressen mit den Gästen oder erreiche sie auf anderem Weg.",
  kind: {
    bounce: "unzustellbar",
    complaint: "als Spam markiert",
    failed: "konnte nicht zugestellt werden",
  },
};
