/**
 * What the host and the instance's owner read, added after the host-pages catalog: the admin form's party
 * fields and date/time hints, its "being saved" notice, and party counts on the host page and in the daily
 * summary. Plurals: `key_one` / `key_other` with `{{count}}`.
 */
export const hostExtras = {
  form: {
    maxParty: "Seats one registration may take (the guest included)",
    maxPartyHint: "1 to {{max}}. Above 1, the register form asks how many seats.",
    maxPartyError: "Enter a whole number of seats from 1 to {{max}}.",
    smallerPartiesFirst:
      "When freed seats are too few for the first party in line, offer them to the next party that fits",
    whenFormat: "Date and 24-hour time in the event's time zone.",
    readBack: "Now: {{when}}.",
  },
  counts: {
    seats_one: "{{count}} seat",
    seats_other: "{{count}} seats",
    parties_one: "{{count}} party",
    parties_other: "{{count}} parties",
    /** A state's seats and the parties (registrations) holding them, on the host page and in the summary. */
    seatsAndParties: "{{seats}} · {{parties}}",
  },
  saving: {
    title: "Saving…",
    text: "Your changes to {{name}} are being applied. This page shows the event as soon as they are.",
    showNow: "Show the form now",
    late: "The change is taking longer than usual to apply. The form shows the event as it is stored now: reload in a moment to see whether it has been applied.",
  },
  /** The host tables' columns as labels on a phone's stacked cards ("Name: "). */
  cards: { label: "{{label}}: ", updated: "Updated", when: "When" },
};
