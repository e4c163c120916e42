/**
 * How a guest signed up, as the host's guest list shows it (producers/web/guest-list-pages.ts), in English: the
 * column's heading and a plain name for each lane, instead of our word and its code ("Lane", "web"). The CSV
 * keeps its `lane` column and codes, for scripts that read it.
 */
export const signedUp = {
  column: "How they signed up",
  lanes: {
    web: "Web form",
    email: "Email reply",
    import: "Imported list",
    host: "Added by host",
    link: "Email link",
    timer: "Automatic",
    system: "Automatic",
    door: "At the door",
  },
};
