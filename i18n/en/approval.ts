/**
 * Approval mode (docs/approval.md), in English: what guests read while their registration waits for the host,
 * the emails about it, and the host's requests section. Plurals: `key_one` / `key_other` with `{{count}}`.
 */
export const approval = {
  /** The register page and the manage page (guests). */
  page: {
    requestNote: "The host approves each registration. You'll get an email as soon as they decide.",
    submit: "Ask to join",
    locationHidden: "Where: shared once the host approves your request",
    badge: "Requested · waiting for the host",
    badgeDeclined: "Not approved",
    heading: "Your request is with the host, {{name}}",
    text: "You hold no seat yet. When the host approves your request you get a seat if one is free, or a place on the waitlist, and an email either way.",
    declinedHeading: "The host could not approve your request",
    declinedText: "Sorry, {{name}}: there is no place for you at this event.",
    withdrawAction: "Withdraw my request",
    withdrawHeading: "Withdraw your request, {{name}}?",
    withdrawConsequence:
      "The host will not see it any more. You can ask again later while registration is open.",
    withdrawButton: "Withdraw my request",
  },
  /** The guest's emails. */
  mail: {
    requestedSubject: "Request received: {{event}}",
    requestedLead: "Thanks, your request to join {{event}} is with the host.",
    requestedNext:
      "You hold no seat yet. You'll get an email as soon as the host decides: a seat if one is free, else a place on the waitlist.",
    withdrawHint: "Changed your mind? You can withdraw your request from that page.",
    whereLater: "Shared once the host approves your request",
    declinedSubject: "Your request for {{event}}",
    declinedLead:
      "Thank you for your interest in {{event}}. The host could not approve your request this time.",
    declinedNext: "Nothing more happens; you don't need to do anything.",
    withdrawnSubject: "You withdrew your request for {{event}}",
    withdrawnLead: "You withdrew your request; the host will not see it any more.",
  },
  /** The host's requests section of the host page. */
  host: {
    tile: "Requested",
    tileNote_one: "{{count}} request, {{seats}} seats",
    tileNote_other: "{{count}} requests, {{seats}} seats",
    heading: "Requests waiting for you",
    intro:
      "Approving asks for seats as a registration does: confirmed while seats last, else the waitlist. Each guest gets an email.",
    none: "No requests are waiting.",
    seats_one: "{{count}} seat",
    seats_other: "{{count}} seats",
    asked: "asked {{when}}",
    select: "Select {{name}}",
    approve: "Approve selected",
    decline: "Decline selected",
    notice: {
      confirmed: "Approved: {{who}} is confirmed and has been emailed.",
      waitlisted: "Approved: no seats were free, so {{who}} is on the waitlist and has been emailed.",
      cancelled: "Declined: {{who}} has been told.",
    },
  },
  /** The admin form's checkboxes. */
  admin: {
    approval: "Approve each registration before it gets a seat",
    approvalHint:
      "Guests who register wait for you; you approve or decline them on the guest list. Guests you import skip this.",
    hideLocation: "Hide the place and online link until a guest is approved",
  },
};
