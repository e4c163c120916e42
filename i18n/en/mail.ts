/** What emails and calendar entries say, in English. Plurals: `key_one` / `key_other` with `{{count}}`. */
export const mail = {
  via: "{{name}} via rsvp",
};
