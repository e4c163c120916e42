/**
 * The host's guest list in pages, where the runtime answers a page at a time (AWS: a Lambda answer is capped
 * at 6 MB): the range shown, the page links, and the download in parts. Plurals: `key_one` / `key_other`.
 */
export const listPaging = {
  /** Above the table: which guests this page shows, and the counts the event keeps. */
  range: "Guests {{from, number}}–{{to, number}}, in the order they registered.",
  counts: "On the list: {{counts}}.",
  nav: "Pages of the guest list",
  previous: "Previous {{count, number}}",
  next: "Next {{count, number}}",
  requestsHere:
    "The requests waiting on this page are shown here; the rest are on the pages where they registered.",
  export: {
    title: "Download the guest list",
    intro_one:
      "The list has {{count, number}} guest, too many for one file here: download it in {{parts, number}} part.",
    intro_other:
      "The list has {{count, number}} guests, too many for one file here: download it in {{parts, number}} parts.",
    each: "Each part is a CSV file with the column headings, in the order the guests registered; together they hold the whole list.",
    part: "Part {{n, number}}: guests {{from, number}}–{{to, number}}",
    back: "Back to the guest list",
  },
};
