/**
 * The page of a guest's "I can't come" link (the "still coming?" email's no) and the seats a cancel gives up,
 * in English. The page asks; only the page after the press says the RSVP is cancelled (link-outcome-pages.ts).
 */
export const cancel = {
  ask: "Can't make it, {{name}}?",
  seatsGoOn_one: "Your seat goes to the next person in line.",
  seatsGoOn_other: "Your {{count}} seats go to the next guests in line.",
  /** After a cancel while nobody waits in line: the seats are simply free. */
  seatsFreed_one: "Your seat is free again for someone else.",
  seatsFreed_other: "Your {{count}} seats are free again for others.",
};
