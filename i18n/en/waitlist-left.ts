/**
 * The page after a guest's link took them off the waitlist (producers/web/link-outcome-pages.ts), in English.
 * They never held a seat, so nothing "is cancelled": they left the line, and coming back does not return their old place in it.
 */
export const waitlistLeft = {
  title: "You left the waitlist",
  message: "You gave up your place in line. We won't email you when a seat frees up.",
  /** What happens next, after the email that confirms it (linkWords.next.cancelEmail). */
  /** The status line of a guest who left the waitlist themselves (link pages, the data page). */
  status: "You left the waitlist.",
  /** Their cancel link's page, opened again. */
  alreadyLeft: "You already left the waitlist",
  /** Their manage page. */
  manageText:
    "{{name}}, you gave up your place in line. To come after all, register again with the same address while registration is open. Your old place in line is not kept.",
  registerAgain:
    "Changed your mind? Register again on the event page while registration is open. Your old place in line is not kept.",
};
