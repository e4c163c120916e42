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

  /** What every email shares: greeting, the details card, the footer. */
  common: {
    hello: "Hello {{name}},",
    helloNoName: "Hello,",
    when: "When",
    where: "Where",
    online: "Online",
    host: "Host",
    heldUntil: "Held until",
    /** A time on the event's day: "Thursday, 24 December 2026, 19:00–21:00 (Europe/Berlin)". */
    whenSameDay: "{{date}}, {{start}}–{{end}} ({{zone}})",
    /** An event that ends on a later day. */
    whenSpan: "{{startDate}}, {{start}} – {{endDate}}, {{end}} ({{zone}})",
    /** One instant: "Sunday, 20 December 2026, 17:00 (Europe/Berlin)". */
    instant: "{{date}}, {{time}} ({{zone}})",
    onlineLater: "The online link is sent once your seat is confirmed.",
    map: "Open the address in a map",
    eventPage: "Open the event page",
    manage: "Manage your RSVP",
    footerGuest: "You get this email because {{email}} is on the guest list of {{event}}.",
    footerHostMessage:
      "You get this message because {{email}} has a seat at {{event}} and the host wrote to the guests.",
    unsubscribeNote: "To get no more messages from the host (your RSVP stays as it is)",
    unsubscribe: "Unsubscribe from the host's messages",
  },

  confirmed: {
    subject: "You're in: {{event}}",
    lead: "Your seat at {{event}} is confirmed.",
    leadClaimed: "You claimed the seat you were offered: it is yours.",
    calendar: "The calendar entry is attached.",
    remind: "We will remind you before the event.",
    cancelHint: "Can't come after all? Cancel your seat there, so the host knows.",
    cancelHintWaitlist:
      "Can't come after all? Cancel your seat there, so the next person on the waitlist gets it.",
  },

  waitlisted: {
    subject: "On the waitlist: {{event}} (number {{position}})",
    subjectNoPosition: "On the waitlist: {{event}}",
    lead: "{{event}} is full, so you are on the waitlist: number {{position}} in line.",
    leadNoPosition: "{{event}} is full, so you are on the waitlist.",
    next: "If a seat frees up, we will email you an offer. You then have a limited time to claim it.",
    leaveHint: "Plans changed? Leave the waitlist there.",
  },

  offered: {
    /** Short: the news and the deadline survive a phone's inbox ("Seat offered: Winter Party — claim by 14:00"). */
    subject: "Seat offered: {{event}} — claim by {{until}}",
    lead: "A seat at {{event}} has come free, and it is held for you until {{until}}.",
    next: "Claim it before then, or it goes to the next person in line.",
    nextNobodyWaits: "Claim it before then, or it is released.",
    declineHint: "If you can't come, decline it so the next person gets it sooner.",
    declineHintNobodyWaits: "If you can't come, please decline it.",
    claim: "Claim my seat",
    decline: "Decline the seat",
  },

  lapsed: {
    subject: "Your offer for {{event}} has lapsed",
    lead: "The seat at {{event}} that was held for you was not claimed in time, so it has gone to the next person in line.",
    leadNobodyWaited:
      "The seat at {{event}} that was held for you was not claimed in time, so it was released.",
    next: "You are no longer on the waitlist. If you would still like to come, register again with the same address: you join the end of the line.",
  },

  cancelled: {
    subjectSeat: "Cancelled: your seat at {{event}}",
    subjectWaitlist: "You left the waitlist for {{event}}",
    subjectOffer: "You declined the seat at {{event}}",
    subjectInvitation: "You declined the invitation to {{event}}",
    leadSeat: "Your seat is cancelled.",
    leadWaitlist: "You have left the waitlist.",
    leadOffer: "You declined the seat you were offered.",
    leadInvitation: "You declined the invitation.",
    next: "Thank you for letting us know. If you change your mind, register again with the same address while registration is open.",
  },

  rejoin: {
    subject: "Register again for {{event}}?",
    lead: "Someone asked to register {{email}} for {{event}}. Your earlier RSVP was cancelled or has lapsed, so nothing has changed yet.",
    next: "If it was you and you would like to come, press the button: you get a seat if one is free and nobody is waiting, otherwise you join the end of the waitlist. If it was not you, ignore this email.",
    button: "Register again",
  },

  invite: {
    subject: "You're invited: {{event}}",
    lead: "You are invited to {{event}}.",
    leadHost: "{{host}} invites you to {{event}}.",
    ask: "Please let us know whether you can come.",
    yes: "Yes, I'll come",
    no: "No, I can't come",
  },

  reminder: {
    subject: "Reminder: {{event}} is {{when}}",
    today: "today",
    tomorrow: "tomorrow",
    inDays_one: "in {{count}} day",
    inDays_other: "in {{count}} days",
    morning: "See you {{when}}!",
    day: "Just a reminder: {{event}} is {{when}}.",
    week: "{{event}} is {{when}}. We're looking forward to seeing you.",
    cancelHint: "If you can no longer come, please cancel, so the host knows.",
    cancelHintWaitlist:
      "If you can no longer come, please cancel, so someone on the waitlist gets your seat.",
  },

  hostMessage: {
    subject: "{{event}}: {{subject}}",
    lead: "A message from the host of {{event}}:",
    leadHost: "A message from {{host}}, the host of {{event}}:",
  },

  thankYou: {
    subject: "Thank you for coming to {{event}}",
  },

  summary: {
    subject: "{{event}}: {{confirmed}} confirmed, {{waitlisted}} waiting (summary for {{day}})",
    lead: "Here is where {{event}} stands on {{day}}.",
    changes: "Changes in the last 24 hours, by current status:\n{{changes}}.",
    noChanges: "No changes in the last 24 hours.",
    footer: "You get this summary because {{email}} is the host address of {{event}}.",
    /** "2 confirmed": a status with the number of guests who reached it. */
    status: {
      pending: "{{count}} invited",
      confirmed: "{{count}} confirmed",
      offered: "{{count}} offered",
      waitlisted: "{{count}} waitlisted",
      lapsed: "{{count}} lapsed",
      cancelled: "{{count}} cancelled",
      requested: "{{count}} requested",
    },
  },
};
