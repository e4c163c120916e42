/**
 * The event a cost figure is for: an N-guest event from first registration to the thank-you, with a
 * realistic share of cancellations, offers, claims and lapses. Both cost modes use this one scenario: the
 * estimate counts its steps, the measured mode plays them through the AWS adapters. Pure.
 */

/** The named assumptions behind every cost figure. Change one here and both modes follow. */
export interface CostAssumptions {
  /** Share of registrants seated at once: the capacity is this share of the guests; the rest wait in line. */
  seatedShare: number;
  /** Share of seated guests who cancel before the event (each cancellation frees a seat for the line). */
  cancelShare: number;
  /** Share of seat offers that are claimed within the window; the others lapse and the seat passes on. */
  claimShare: number;
  /** Share of guests who register by replying to an email instead of the web form. */
  emailReplyShare: number;
  /** Reminders each seat holder gets (a week out, a day out, the morning of). */
  remindersPerGuest: number;
  /** The host's daily summaries in the run-up (the host gave an address). */
  summaryDays: number;
  /** Days from the event's creation to its start: how long the host page, the queue and the secret are live. */
  runUpDays: number;
  /** Minutes a day the host page is open; its headcount polls the web function every 2 seconds meanwhile. */
  hostPageMinutesPerDay: number;
  /** Status-page loads after each registration or link action (the page that says what the keeper decided). */
  statusViewsPerAction: number;
  /** Whether every seat holder gets a thank-you note after the event, drafted once by Bedrock. */
  thankYou: boolean;
  /** Tokens of the one Bedrock draft per event: event details and host notes in, the note out. */
  draftInputTokens: number;
  draftOutputTokens: number;
}

/** The assumptions `rsvp cost` uses unless told otherwise. */
export const defaultAssumptions: CostAssumptions = {
  seatedShare: 0.9,
  cancelShare: 0.1,
  claimShare: 0.6,
  emailReplyShare: 0.05,
  remindersPerGuest: 3,
  summaryDays: 7,
  runUpDays: 30,
  hostPageMinutesPerDay: 10,
  statusViewsPerAction: 1,
  thankYou: true,
  draftInputTokens: 1_500,
  draftOutputTokens: 400,
};

/**
 * Whether the k-th member (0-based) of a sequence is picked when a share `p` of them is: picks are spread
 * evenly and deterministically (p = 0.6 picks the 2nd, 4th and 5th of every five), so both modes pick the same.
 */
export function picked(k: number, p: number): boolean {
  return Math.floor((k + 1) * p + 1e-9) > Math.floor(k * p + 1e-9);
}

/** The capacity of an N-guest event under the assumptions. */
export function capacityFor(guests: number, a: CostAssumptions = defaultAssumptions): number {
  return Math.round(guests * a.seatedShare);
}

/** Registrations arrive over the first `registrationDays` days of the run-up, spread over `registrationHours` a day. */
export const registrationDays = 10;
const registrationHours = 11;

/** The time between two registrations of an N-guest event (they arrive evenly, in the daytime). */
export function registrationGapMs(guests: number): number {
  return (registrationHours * 3_600_000) / Math.ceil(guests / registrationDays);
}

/** How many of each step an N-guest event goes through. */
export interface LifecycleCounts {
  guests: number;
  capacity: number;
  /** Registrations by email reply (the rest come through the web form). */
  emailRegistrations: number;
  /** Seated at registration. */
  seated: number;
  /** In line at registration. */
  waitlisted: number;
  cancellations: number;
  offers: number;
  claims: number;
  lapses: number;
  /** Holding a seat when the event starts: they get the reminders and the thank-you. */
  finalSeated: number;
  reminders: number;
  summaries: number;
  thankYouNotes: number;
}

/**
 * The steps of an N-guest event: everyone registers (the first `capacity` are seated, the rest wait), a share
 * of the seated cancel one after the other, and each freed seat is offered down the line until someone claims
 * it (offers claimed as `picked` by `claimShare`, in offer order) or the line is empty. Everything happens
 * before the first reminder is due, so every final seat holder gets every reminder.
 */
export function lifecycleCounts(guests: number, a: CostAssumptions = defaultAssumptions): LifecycleCounts {
  if (!Number.isInteger(guests) || guests < 1)
    throw new RangeError("guests must be a whole number of at least 1");
  const capacity = capacityFor(guests, a);
  const seated = Math.min(guests, capacity);
  let line = guests - seated;
  let cancellations = 0;
  for (let i = 0; i < seated; i++) if (picked(i, a.cancelShare)) cancellations += 1;
  let offers = 0;
  let claims = 0;
  let lapses = 0;
  for (let freed = 0; freed < cancellations; freed++) {
    while (line > 0) {
      line -= 1;
      const claimed = picked(offers, a.claimShare);
      offers += 1;
      if (claimed) {
        claims += 1;
        break;
      }
      lapses += 1;
    }
  }
  const finalSeated = seated - cancellations + claims;
  let emailRegistrations = 0;
  for (let i = 0; i < guests; i++) if (picked(i, a.emailReplyShare)) emailRegistrations += 1;
  return {
    guests,
    capacity,
    emailRegistrations,
    seated,
    waitlisted: guests - seated,
    cancellations,
    offers,
    claims,
    lapses,
    finalSeated,
    reminders: finalSeated * a.remindersPerGuest,
    summaries: a.summaryDays,
    thankYouNotes: a.thankYou ? finalSeated : 0,
  };
}
