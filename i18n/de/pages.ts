import type { CatalogShape } from "../catalog.ts";
import type { pages as english } from "../en/pages.ts";

/** Was die Webseiten sagen, auf Deutsch. */
export const pages: CatalogShape<typeof english> = {
  product: "rsvp",
};
