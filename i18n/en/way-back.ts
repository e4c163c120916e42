/**
 * The way back on a cancel, leave or decline page before the press (producers/web/way-back.ts), in English: an
 * outlined button to the guest's manage page that does nothing, named for what the guest keeps by taking it.
 */
export const wayBack = {
  keepRsvp: "Keep my RSVP",
  stayWaitlisted: "Stay on the waitlist",
  keepRequest: "Keep my request",
  /** An offered seat, or an invitation: nothing is kept for good, the guest goes back to decide there. */
  backToOffer: "Back to my offer",
  backToInvitation: "Back to my invitation",
};
