/**
 * The host's hand on the list (issue 14 §3): the guest list's actions (remove, admit, edit, add a guest), their
 * notices, the email to a removed guest, and the guest's own name correction. Registered as `hostHand`.
 */
export const hostHand = {
  mail: {
    subjectSeat: "Your seat at {{event}} was cancelled by the host",
    subjectWaitlist: "The host took you off the waitlist for {{event}}",
    subjectOffer: "The host withdrew the seat offered to you for {{event}}",
    subjectInvitation: "The host withdrew your invitation to {{event}}",
    leadSeat: "The host has cancelled your RSVP: your seat is no longer held for you.",
    leadWaitlist: "The host has taken you off the waitlist.",
    leadOffer: "The host has withdrawn the seat you were offered.",
    leadInvitation: "The host has withdrawn your invitation.",
    nextHost: "If you think this is a mistake, please get in touch with {{host}}.",
    next: "If you think this is a mistake, please get in touch with the host.",
  },
  pages: {
    sectionLabel: "Change {{name}}",
    actions: "Change",
    actionsColumn: "Actions",
    remove: "Remove from the list",
    removeNotify: "Email {{name}} that they were removed",
    admit: "Confirm now (seats are free)",
    admitOffered: "Confirm the offered seat now",
    edit: "Save name and party",
    name: "Name",
    party: "Party (seats, guest included)",
    addTitle: "Add a guest",
    addIntro:
      "Add someone by hand. They get a seat if their party fits and nobody is waiting, otherwise a place at the end of the waitlist, and an email with their links either way.",
    email: "Email",
    addWaitlist: "Put them in line rather than seat them (a free seat is then offered to them to claim)",
    add: "Add guest",
    formProblem: "The form was not sent: {{problem}}",
    notice: {
      removed: "{{who}} is off the list{{told}}.",
      removedTold: " and was emailed",
      removedQuiet: " (no email was sent)",
      seatsFreed_one: "One seat is free again: it is offered to the next in line.",
      seatsFreed_other: "{{count}} seats are free again: they are offered to the next in line.",
      admitted: "{{who}} is confirmed.",
      edited: "{{who}} is saved.",
      added: "{{who}} is added and confirmed.",
      addedWaitlisted: "{{who}} is added to the waitlist (place {{place}}).",
      duplicate: "{{who}} is already on the list; nothing was changed.",
    },
  },
  guest: {
    nameLink: "Is your name spelled right? Correct it here.",
    nameBack: "Back to your RSVP",
    nameLegend: "Is your name right?",
    nameLabel: "Your name",
    nameButton: "Save my name",
    nameSaved: "Your name is saved.",
    nameIntro: "Correct how your name is spelled on the guest list.",
  },
};
