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
};
