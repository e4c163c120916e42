/**
 * What a guest's cancel, "I can't come", leave and decline pages say about the seats before the press, in
 * English. Each sentence is conditional ("If you cancel, …"): the page asks, nothing has happened yet, and it
 * sits under a status line such as "Your seat is confirmed." Where nobody waits in line, the seats are said to
 * be free again rather than to go to a next person who does not exist.
 */
export const leaving = {
  seatsGoOn_one:
    "If you cancel, your seat goes to the next person in line. You can register again later, but the seat may be gone by then.",
  seatsGoOn_other:
    "If you cancel, your {{count}} seats go to the next guests in line. You can register again later, but the seats may be gone by then.",
  seatsFree_one:
    "If you cancel, your seat is free again for someone else. You can register again later, but the seat may be gone by then.",
  seatsFree_other:
    "If you cancel, your {{count}} seats are free again for others. You can register again later, but the seats may be gone by then.",
  heldGoesOn_one:
    "If you cancel, the seat held for you goes to the next person in line. You can register again later, but the seat may be gone by then.",
  heldGoesOn_other:
    "If you cancel, the {{count}} seats held for you go to the next guests in line. You can register again later, but the seats may be gone by then.",
  heldFree_one:
    "If you cancel, the seat held for you is free again for someone else. You can register again later, but the seat may be gone by then.",
  heldFree_other:
    "If you cancel, the {{count}} seats held for you are free again for others. You can register again later, but the seats may be gone by then.",
  leaveWaitlist:
    "If you leave, you give up your place in line. Registering again later puts you at the end of it.",
  declineGoesOn:
    "If you decline, the seat goes to the next person in line. You can register again later, but you join the end of the line.",
  declineFree:
    "If you decline, the seat is free again for someone else. You can register again later while seats are left.",
  /** After a decline while nobody waits in line. */
  declinedFree: "The seat is free again for someone else.",
  /** What the page after a claimed seat says comes next, in English. */
  claimEmail: "An email confirming your seat is on its way to you, with the calendar entry.",
  /** The manage page's heading over "Claim my seat" or "Confirm I'm coming" ("Change your plans" reads oddly there). */
  answerHeading: "Your answer",
};
