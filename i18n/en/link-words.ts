/**
 * What a guest's link pages say in a person's voice, in English: the line under the heading (the guest greeted
 * by name, where the heading does not already name them) and what happens after a cancel.
 */
export const linkWords = {
  greeting: "Hi {{name}}. {{status}}",
  /** A request waiting in approval mode (docs/approval.md), as a sentence: the badge is too terse for prose. */
  statusRequested: "Your request is with the host.",
  next: {
    heading: "What happens next",
    /** True of every cancel a guest's link makes: the messenger sends its confirmation (streams/messenger-handler.ts). */
    cancelEmail: "An email confirming this is on its way to you.",
    registerAgain: "Changed your mind? Register again on the event page while registration is open.",
  },
};
