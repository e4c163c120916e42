/**
 * Numbers written as words, as people type them in a reply or a question: one table, read by the party sizes
 * of email replies (producers/email/party-text.ts) and the periods of the host's questions
 * (core/host-questions/periods.ts). Lower case; a reader lower-cases what it matches first.
 */

/** One to ten in English. */
export const englishNumberWords: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};

/** One to ten in German, with the inflected "ein" a party size is said with ("eine", "einer"). */
export const germanNumberWords: Readonly<Record<string, number>> = {
  ein: 1,
  eine: 1,
  einer: 1,
  zwei: 2,
  drei: 3,
  vier: 4,
  fünf: 5,
  sechs: 6,
  sieben: 7,
  acht: 8,
  neun: 9,
  zehn: 10,
};

/** One to ten in every language rsvp reads: English first, then German. */
export const numberWords: Readonly<Record<string, number>> = { ...englishNumberWords, ...germanNumberWords };
