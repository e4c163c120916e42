/**
 * "Still coming?" (docs/reconfirm.md): the email asking confirmed guests, its two link pages, the admin form's
 * section, what the host sees of the answers, and the email of a guest whose seat was released, in English.
 */
export const reconfirm = {
  mail: {
    subject: "Still coming to {{event}}?",
    lead: "{{event}} is {{when}}. Are you still coming?",
    why: "Please answer below: if you can't come, your seat goes to someone on the waitlist.",
    whyNoWaitlist: "Please answer below, so the host knows who to expect.",
    deadline: "If we have no answer from you by {{deadline}}, your seat will be given to someone else.",
    keep: "If you don't answer, your seat stays yours.",
    yes: "Yes, I'm coming",
    no: "I can't come",
  },
  pages: {
    stillComingHeading: "Still coming, {{name}}?",
    stillComingConsequence: "Your seat stays yours, and the host knows you are coming.",
    stillComingButton: "Yes, I'm coming",
    alreadyAnswered: "You already said you're coming",
    alreadyAnsweredText: "Thank you: your seat is yours. See you there!",
    notConfirmed: "You hold no seat to reconfirm",
    reconfirmed: "Thank you: see you there!",
    reconfirmedText: "We told the host you are coming. Your seat is yours.",
  },
  admin: {
    legend: "Still coming? (reconfirm)",
    on: "Ask confirmed guests \u201cStill coming?\u201d before the event",
    onHint:
      "Each confirmed guest gets an email with two buttons, \u201cYes, I'm coming\u201d and \u201cI can't come\u201d. A \u201cno\u201d offers the seats to the waitlist at once.",
    days: "Days before the event",
    daysHint: "When to ask: the event's start time, this many days earlier, outside quiet hours (1 to 30).",
    daysError: "Enter the days before the event as a whole number from 1 to 30",
    release: "Release the seats of a guest who has not answered by the deadline",
    releaseHint: "Off: a guest who does not answer keeps the seat. The email says which.",
    hours: "Hours to answer",
    hoursHint: "The deadline: this many hours after the ask (1 to 168). Used only when seats are released.",
    hoursError: "Enter the hours to answer as a number from 1 to 168",
  },
  host: {
    tile: "Reconfirmed",
    tileValue: "{{count}} of {{total}} asked",
    column: "Still coming?",
    answeredAt: "Reconfirmed {{when}}",
    notAnswered: "Not reconfirmed yet",
  },
  released: {
    subject: "Seat released: {{event}}",
    lead: "We asked whether you are still coming to {{event}} and had no answer from you by {{deadline}}. As the host asked, your seat went to the next person on the waitlist.",
    again: "If you can come after all, you can register again on the event page while seats are free.",
    button: "Open the event page",
  },
  /** The thank-you page's words when the note goes only to guests checked in at the door (thanksOnlyArrived). */
  thanks: {
    before:
      "When the event ends ({{ends}}), a thank-you note is drafted\nfrom the event's details and your notes below, and goes to every guest who was checked in at the door.",
    sentAuto: "Sent automatically on {{when}} to every guest checked in at the door.\nWritten by {{by}}:",
    sentApproved:
      "Sent with your approval on {{when}} to every guest checked in at the door.\nWritten by {{by}}:",
    recipientsArrived_one:
      "becomes each guest's name. Approving sends it to the {{count}} guest who was checked in at the door.",
    recipientsArrived_other:
      "becomes each guest's name. Approving sends it to the {{count}} guests who were checked in at the door.",
  },
};
