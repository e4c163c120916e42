/**
 * What a guest reads about changing their party (docs/parties.md): the manage page's link, the party page,
 * what came of a change, the offer page's choice of seats (a partial accept) and the email lane's answer when a
 * reply's party size is unclear.
 */
export const party = {
  manageLink: "Change the number of seats",
  heading: "How many seats, {{name}}?",
  holding_one: "You have {{count}} seat, just for you.",
  holding_other: "You have {{count}} seats, you included.",
  asking_one: "You are asking for {{count}} seat, just for you.",
  asking_other: "You are asking for {{count}} seats, you included.",
  field: "Seats, you included",
  fieldHint: "Up to {{count}}.",
  lowerRule: "Fewer seats: the seats you give up go to the next guests in line at once.",
  raiseRule:
    "More seats: granted only if they are free right now. If they are not, nothing changes and you keep the seats you have.",
  lineRule:
    "You keep your place in line either way; you are offered seats when there are enough for your party.",
  pendingRule: "This is the number of seats you will ask for when you accept the invitation.",
  button: "Change my seats",
  notRegistered: "You are not on the guest list",
  notRegisteredText: "There is no party to change: you cancelled, or your offer ran out.",
  onePerGuest: "One seat per guest",
  onePerGuestText: "This event takes one seat per guest, so there is nothing to change.",
  changed: "Your party is now {{to}}",
  changedLower_one: "You gave up {{count}} seat; it goes to the next guest in line.",
  changedLower_other: "You gave up {{count}} seats; they go to the next guests in line.",
  changedRaise: "Your extra seats are yours.",
  changedLine: "You keep your place in line.",
  changedPending: "That is what you will ask for when you accept the invitation.",
  kept: "Nothing changed: you keep your {{party}}",
  keptNoSeats:
    "There are not enough free seats right now (or other guests are waiting for them), so your party stays as it was. You can try again later.",
  keptTooLarge: "A party can have at most {{max}} at this event.",
  keptNotRegistered: "You are not on the guest list any more.",
  keptStarted: "The event has started; a party can no longer grow.",
  unchanged: "Nothing to change",
  unchangedText: "Your party already has {{party}}.",
  seats_one: "{{count}} seat",
  seats_other: "{{count}} seats",
  claimField: "Seats to take, you included",
  claimHint:
    "{{count}} are held for you. Take fewer if fewer of you are coming; the rest go to the next in line.",
  claimedFewer: "You're in, {{name}}: {{seats}} confirmed. The seats you left go to the next in line.",
  mail: {
    subject: "How many seats? {{event}}",
    unclear:
      "We received your reply about {{event}}, but we could not tell for sure how many seats you need. We have not added any: your reply counts for {{seats}}, you included.",
    tooLarge:
      "We received your reply about {{event}}. A party can have at most {{max}} at this event, so we have not added any: your reply counts for {{seats}}, you included.",
    choose: "To change the number of seats, open this page and choose:",
    button: "Choose my seats",
  },
};
