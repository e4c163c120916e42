/**
 * Strings that had no catalog yet, in English: the email lane's answer to a reply it could not read either way,
 * and (below) the outbox page and the landing page.
 */
export const misc = {
  unclearReply: {
    subject: "Please check your RSVP: {{event}}",
    why: "We received your reply about {{event}}, but could not tell for sure what you would like, so it has not changed your RSVP.",
    how: "Open your RSVP to change the number of seats, or to cancel:",
    button: "Manage my RSVP",
  },
  declined: {
    again:
      "If your plans have changed, you can ask the host again: send the event's form once more, then open the link we email you.",
    askAgain: "Ask again",
    closed: "Registration is closed, so you cannot ask again.",
    mailAgain: "If your plans change, you can ask again from the event's page while registration is open.",
  },
};
