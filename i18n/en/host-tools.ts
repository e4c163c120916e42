/**
 * The host page's actions, in English: the groups they stand in and the one-line hint under each (the labels
 * themselves are the host-pages catalog's, `pages.host.*`).
 */
export const hostTools = {
  groups: {
    guests: "Your guests",
    messages: "Messages",
    door: "At the door",
    event: "The event",
  },
  hints: {
    guestList: "Everyone who registered. Re-send a guest their link.",
    csv: "The whole list as a file for a spreadsheet.",
    import: "Add people from a CSV file, such as a spreadsheet export.",
    ask: "“How many are on the waitlist?” “Who cancelled this week?”",
    message: "One email to every guest with a seat.",
    thanks: "After the event: sent as drafted, or approved by you.",
    door: "A link for your door helpers: check guests in by code or by name.",
    edit: "Name, date, place, seats, reminders and more.",
    audit: "Every change: who, when, from → to.",
  },
};
