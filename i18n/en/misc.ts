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
  /** The outbox pages (`/outbox/<admin token>`): every email rsvp queued, for the instance's operator. */
  outbox: {
    title: "Outbox",
    introAll: "Emails rsvp queued, newest first.",
    introAllLatest: "The latest {{limit}} emails rsvp queued, newest first.",
    introEvent: "Emails rsvp queued for the event {{event}}, newest first.",
    introEventLatest: "The latest {{limit}} emails rsvp queued for the event {{event}}, newest first.",
    allEvents: "Show all events",
    stateNote: "State “{{state}}” means no mail server is configured (set RSVP_SMTP_URL to send).",
    none: "No emails yet.",
    columns: { queued: "Queued (UTC)", state: "State", to: "To", subject: "Subject", links: "Links" },
    state: { outbox: "outbox", pending: "pending", sent: "sent", failed: "failed" },
    noLinks: "none",
    private: "Keep this page's address private: it shows every guest's links.",
    email: {
      fromName: "From name",
      to: "To",
      queued: "Queued (UTC)",
      state: "State",
      attempts: "Attempts",
      lastError: "Last error",
      sent: "Sent (UTC)",
      key: "Key",
      event: "Event",
      links: "Links",
      headers: "Headers",
      asSeen: "As the guest sees it",
      frameTitle: "The email's HTML",
      text: "Text",
      attachment: "Attachment {{name}}",
      htmlSource: "HTML source",
    },
  },
};
