/** "Still coming?" (docs/reconfirm.md): the email asking confirmed guests, and its two link pages, in English. */
export const reconfirm = {
  mail: {
    subject: "Still coming to {{event}}?",
    lead: "{{event}} is {{when}}. Are you still coming?",
    why: "Please answer below: if you can't come, your seat goes to someone on the waitlist.",
    whyNoWaitlist: "Please answer below, so the host knows who to expect.",
    deadline: "If we have no answer from you by {{deadline}}, your seat will be given to someone else.",
    keep: "If you don't answer, your seat stays yours.",
    yes: "Yes, I'm coming",
    no: "I can't come",
  },
  pages: {
    stillComingHeading: "Still coming, {{name}}?",
    stillComingConsequence: "Your seat stays yours, and the host knows you are coming.",
    stillComingButton: "Yes, I'm coming",
    notComingHeading: "Can't come, {{name}}?",
    notComingConsequence: "Your seat is cancelled and goes to the next person on the waitlist.",
    notComingButton: "I can't come: free my seat",
    alreadyAnswered: "You already said you're coming",
    alreadyAnsweredText: "Thank you: your seat is yours. See you there!",
    notConfirmed: "You hold no seat to reconfirm",
    reconfirmed: "Thank you: see you there!",
    reconfirmedText: "We told the host you are coming. Your seat is yours.",
  },
};
