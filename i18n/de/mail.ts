import type { CatalogShape } from "../catalog.ts";
import type { mail as english } from "../en/mail.ts";

/** Was E-Mails und Kalendereinträge sagen, auf Deutsch. */
export const mail: CatalogShape<typeof english> = {
  via: "{{name}} über rsvp",
};
