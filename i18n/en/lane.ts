/**
 * What the email-reply lane's own emails say, in English: the confirmation link it sends instead of acting
 * on mail it cannot tie to a guest, and the answer to mail that names no event. They never quote the message
 * they answer (its subject, text or sender's name): the sender may be forged.
 */
export const lane = {
  /** The From name of the answer to mail that names no event. */
  fromName: "rsvp",
  hello: "Hello,",
  open: "Open the page",
  footer: "This is an automatic answer. If you did not write to us, ignore it: nothing has changed.",
  confirm: {
    subject: "Confirm by link: {{event}}",
    why: "We received an email about your RSVP to {{event}}. Email replies act only when they answer the reply address of our own emails to you, so it has not changed anything yet.",
    cancel: "To cancel, open this link and press the button on the page:",
    decline: "To decline the invitation, open this link and press the button on the page:",
    confirm: "To accept the invitation, open this link and press the button on the page:",
    claim: "To take the seat held for you, open this link and press the button on the page:",
    register: "To register, open the event's page and send the form:",
  },
  unknownEvent: {
    subject: "Your message to rsvp",
    body: "Thank you for your message. We could not tell which event it is about, so it has not changed any guest list.",
    hint: "To answer an invitation, reply to the invitation email itself (its reply address names the event), or use the links in it.",
  },
};
