/** What emails and calendar entries say, in English. Plurals: `key_one` / `key_other` with `{{count}}`. */
export const mail = {
  via: "{{name}} via rsvp",
  /** The calendar entry's DESCRIPTION (mail/calendar.ts). */
  calendar: {
    confirmed: "Your seat at {{event}} is confirmed.",
    cancelled: "Your seat at {{event}} is cancelled.",
    online: "Join online: {{url}}",
    manage: "Manage your RSVP: {{url}}",
    eventPage: "Event page: {{url}}",
  },
  /** The email telling guests that the date, time or place changed (mail/event-changed.ts). */
  eventChanged: {
    subjectTime: "New time: {{event}} is now {{when}}",
    subjectPlace: "New place: {{event}}",
    subjectBoth: "New time and place: {{event}}, {{when}}",
    greeting: "Hello {{name}},",
    greetingNoName: "Hello,",
    leadTime: "The host has moved {{event}} to a new time.",
    leadPlace: "The host has moved {{event}} to a new place.",
    leadBoth: "The host has moved {{event}} to a new time and place.",
    calendarUpdated: "The attached calendar entry replaces the one you have.",
    stillConfirmed:
      "Your seat is still yours. If you can no longer come, please cancel so someone else can have it.",
    stillOffered: "The seat held for you is still yours to claim until {{until}}.",
    stillWaitlisted: "You are still on the waitlist; we will email you if a seat frees up.",
    when: "When",
    where: "Where",
    online: "Online",
    before: "Was",
    notSet: "not set",
    cancelConfirmed: "Can't come now? Cancel your seat",
    leaveWaitlist: "Leave the waitlist",
    claim: "Claim your seat",
    decline: "Decline the seat",
    footer: "You get this email because {{email}} is on the guest list of {{event}}.",
  },
};
