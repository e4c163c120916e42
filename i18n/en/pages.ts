/** What the web pages say, in English. Plurals: `key_one` / `key_other` with `{{count}}` (i18next rules). */
export const pages = {
  product: "rsvp",
};
