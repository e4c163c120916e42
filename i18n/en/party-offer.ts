/**
 * The offer email to a party (more than one seat held), in English: the same news as `mail.offered`, said of
 * all the seats, with the button the offer page has ("Claim our seats"). A guest alone gets `mail.offered`.
 */
export const partyOffer = {
  /** Short, like the single guest's: "3 seats offered: Winter Party — claim by 14:00". */
  subject: "{{count}} seats offered: {{event}} — claim by {{until}}",
  lead: "{{count}} seats at {{event}} have come free, and they are held for you until {{until}}.",
  next: "Claim them before then, or they go to the next guests in line.",
  nextNobodyWaits: "Claim them before then, or they are released.",
  declineHint: "If you can't come, decline them so the next guests get them sooner.",
  declineHintNobodyWaits: "If you can't come, please decline them.",
  /** Under the button: the offer page lets a party take fewer seats (a partial accept, docs/parties.md). */
  fewer: "Fewer of you coming? On the page you can claim fewer seats.",
  claim: "Claim our seats",
  decline: "Decline the seats",
};
