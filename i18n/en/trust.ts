/**
 * The words of a guest's own data (see it, download it, erase it) and of confirming an address before a seat is
 * asked for, in English. See docs/privacy.md.
 */
export const trust = {
  manage: {
    dataLink: "Your data: see, download or erase it",
  },
  data: {
    title: "Your data for {{event}}",
    lead: "This is everything this guest list keeps about you.",
    name: "Name",
    email: "Email",
    status: "Status",
    party: "Seats",
    registered: "Registered",
    how: "Registered through",
    hostMessages: "The host's messages",
    hostMessagesOn: "You get them",
    hostMessagesOff: "You unsubscribed",
    history: "What happened",
    download: "Download as JSON",
    eraseHeading: "Erase your data",
    eraseConsequence:
      "Your name and email address are removed from the guest list for good. If you hold a seat, an offer or a place on the waitlist, you give it up: it goes to the next person. You get no more emails about this event. This cannot be undone.",
    eraseButton: "Erase my data",
    erasedTitle: "Your data is erased",
    erasedText:
      "Your name and email address are no longer on the guest list of {{event}}, and you get no more emails about it. The host's records say only that a guest was erased.",
    nothingChangesUntil: "Opening this page changed nothing. Only the button erases.",
    lanes: {
      web: "the event's page",
      email: "an email reply",
      import: "the host's guest list",
      host: "the host",
      link: "a link in an email",
      timer: "a timer",
      system: "rsvp",
      door: "the door",
    },
    /** A line of "What happened": what the change did, by where the guest's status went. */
    happened: {
      pending: "Registered",
      confirmed: "Seat confirmed",
      waitlisted: "On the waitlist",
      offered: "A seat was offered",
      lapsed: "The offer ran out",
      cancelled: "RSVP cancelled",
      requested: "Asked the host for a seat",
      leftWaitlist: "Left the waitlist",
      checkedIn: "Checked in at the door",
      changed: "Details changed",
    },
    through: "through {{lane}}",
  },
  verify: {
    sentTitle: "Check your email",
    sentText:
      "We sent a link to the address you gave. Open it and press its button to ask for your seat. Until then nothing is booked. The link works for 24 hours.",
    heading: "Confirm your address for {{event}}",
    consequence: "Press the button to ask for a seat as {{name}} ({{email}}).",
    consequenceParty: "Press the button to ask for {{count}} seats as {{name}} ({{email}}).",
    button: "Confirm and ask for my seat",
    nothingChangesUntil: "Opening this page changed nothing. Only the button asks for the seat.",
    emailSubject: "Confirm your address: {{event}}",
    emailLead:
      "Someone (we hope you) asked for a seat at {{event}} with this address. Press the button to confirm it is yours and ask for the seat.",
    emailButton: "Confirm my address",
    emailNotYou: "If it was not you, ignore this email: nothing is booked until the button is pressed.",
    emailExpires: "The link works until {{deadline}}.",
  },
};
