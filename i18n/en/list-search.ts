/**
 * The search on the host's guest list (embedded runtime: producers/web/guest-list-pages.ts): a guest found by
 * name or email. Plurals: `key_one` / `key_other`.
 */
export const listSearch = {
  label: "Find a guest by name or email",
  button: "Search",
  found:
    "Guests {{from, number}}–{{to, number}} whose name or email contains “{{words}}”, in the order they registered.",
  count_one: "{{count, number}} guest whose name or email contains “{{words}}”.",
  count_other:
    "{{count, number}} guests whose name or email contains “{{words}}”, in the order they registered.",
  none: "No guest matches “{{words}}”.",
  whole: "Show the whole list",
};
