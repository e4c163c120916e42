import { html } from "hono/html";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import type { LinkAction } from "../../contracts/link.ts";
import type { Outcome } from "../../contracts/outcome.ts";
import { formatStartsAt } from "./event-time.ts";
import { type Html, layout } from "./pages.ts";

/**
 * The pages a signed email link opens: the page with its one button, what the keeper made of the press, and
 * the page for a link that does not work. The words are computed as plain values first (`linkChoice`,
 * `outcomeMessage`) so the JSON answers say the same as the pages. Every value goes through hono's `html`
 * template, which escapes it: event and guest names are typed by strangers.
 */

/** A guest as a link page shows them: their row, and their place in line while waitlisted. */
export interface GuestView {
  guest: GuestRecord;
  position: number | null;
}

/** What a link page offers: the one button, or why there is nothing left to press. */
export type LinkChoice =
  | { applies: true; heading: string; consequence: string; button: string }
  | { applies: false; heading: string; message: string };

/** A heading and a sentence: what came of a press, or what is wrong with a link. */
export interface Message {
  title: string;
  message: string;
}

/** The instant in the event's own zone, named (guests may live elsewhere). */
const at = (event: EventRecord, instant: string) => formatStartsAt(instant, event.timeZone);

/** One sentence on where the guest stands now. */
export function statusLine({ guest, position }: GuestView, event: EventRecord): string {
  switch (guest.status) {
    case "confirmed":
      return "Your seat is confirmed.";
    case "waitlisted":
      return position === null ? "You are on the waitlist." : `You are number ${position} on the waitlist.`;
    case "offered":
      return guest.offer
        ? `A seat is held for you until ${at(event, guest.offer.expiresAt)}.`
        : "A seat is held for you.";
    case "pending":
      return "You are invited and have not answered yet.";
    case "lapsed":
      return "Your offer lapsed: the seat went to the next person in line.";
    case "cancelled":
      return "Your RSVP is cancelled.";
  }
}

/**
 * Whether the link's action still applies to the guest as they stand now, and the words for its page. It
 * mirrors what the keeper would decide, only to spare a guest a button that would do nothing; the keeper
 * still decides when the button is pressed (the guest may have changed since the page was shown).
 */
export function linkChoice(action: LinkAction, view: GuestView, event: EventRecord, now: Date): LinkChoice {
  switch (action) {
    case "cancel":
      return cancelChoice(view.guest);
    case "claim":
      return claimChoice(view.guest, event, now);
    case "decline":
      return declineChoice(view.guest);
    case "confirm":
      return confirmChoice(view.guest);
    case "unsubscribe":
      return unsubscribeChoice(view.guest, event);
    case "rejoin":
      return rejoinChoice(view, event, now);
  }
}

/** A guest who left registers again: a seat if one is free and nobody waits, else the end of the line. */
function rejoinChoice(view: GuestView, event: EventRecord, now: Date): LinkChoice {
  const { guest } = view;
  if (guest.status !== "cancelled" && guest.status !== "lapsed")
    return { applies: false, heading: "You're on the list", message: statusLine(view, event) };
  if (!event.registrationOpen || now.getTime() >= Date.parse(event.startsAt))
    return { applies: false, heading: "Registration is closed", message: "The host takes no more guests." };
  return {
    applies: true,
    heading: `Register again, ${guest.name}?`,
    consequence:
      "You get a seat if one is free and nobody is waiting; otherwise you join the end of the waitlist.",
    button: "Register again",
  };
}

function cancelChoice(guest: GuestRecord): LinkChoice {
  const heading = `Cancel your RSVP, ${guest.name}?`;
  const button = "Cancel my RSVP";
  switch (guest.status) {
    case "confirmed":
    case "offered":
      return {
        applies: true,
        heading,
        consequence:
          "Your seat goes to the next person in line. If you change your mind, you can register again, but the seat may be gone by then.",
        button,
      };
    case "waitlisted":
      return {
        applies: true,
        heading: `Leave the waitlist, ${guest.name}?`,
        consequence: "You give up your place in line. Registering again later puts you at the end of it.",
        button,
      };
    case "pending":
      return {
        applies: true,
        heading,
        consequence:
          "You will not be coming; the host will see that. If you change your mind, you can register again.",
        button,
      };
    case "lapsed":
      return { applies: false, heading: "Nothing to cancel", message: "Your offer has already lapsed." };
    case "cancelled":
      return {
        applies: false,
        heading: "Already cancelled",
        message:
          "Your RSVP is already cancelled. To come after all, register again with the same address while registration is open.",
      };
  }
}

function claimChoice(guest: GuestRecord, event: EventRecord, now: Date): LinkChoice {
  if (guest.status === "offered" && guest.offer && now < new Date(guest.offer.expiresAt))
    return {
      applies: true,
      heading: `A seat is waiting for you, ${guest.name}`,
      consequence: "Claim it to confirm your place; until then it is only held for you.",
      button: `Claim my seat (held until ${at(event, guest.offer.expiresAt)})`,
    };
  if (guest.status === "confirmed" && guest.lastChange.action === "claim")
    return { applies: false, heading: "Seat already claimed", message: "You're in: your seat is confirmed." };
  // Offered but past the hold (the expiry timer has not run yet), or already lapsed.
  if (guest.status === "offered" || guest.status === "lapsed")
    return {
      applies: false,
      heading: "This offer has expired",
      message: "The seat was held for you only for a limited time; it goes to the next person in line.",
    };
  return {
    applies: false,
    heading: "No open offer",
    message: "There is no seat on offer for you right now.",
  };
}

function declineChoice(guest: GuestRecord): LinkChoice {
  switch (guest.status) {
    case "offered":
      return {
        applies: true,
        heading: `Decline the offered seat, ${guest.name}?`,
        consequence:
          "The seat goes to the next person in line. Registering again later puts you at the end of it.",
        button: "Decline the offer",
      };
    case "pending":
      return {
        applies: true,
        heading: `Decline the invitation, ${guest.name}?`,
        consequence:
          "You will not be coming; the host will see that. If you change your mind, you can register again.",
        button: "Decline the invitation",
      };
    case "cancelled":
      return {
        applies: false,
        heading: "Already declined",
        message:
          "You already declined or cancelled. To come after all, register again with the same address while registration is open.",
      };
    case "confirmed":
      return {
        applies: false,
        heading: "Nothing to decline",
        message: "You already took the seat. To give it up, use the cancel link in your confirmation email.",
      };
    case "waitlisted":
    case "lapsed":
      return { applies: false, heading: "Nothing to decline", message: "There is no open offer for you." };
  }
}

/** Stopping the host's messages touches nothing else: the page says so, since a guest may fear for the seat. */
function unsubscribeChoice(guest: GuestRecord, event: EventRecord): LinkChoice {
  if (!guest.hostMessages)
    return {
      applies: false,
      heading: "Already unsubscribed",
      message: `You get no more messages from the host of ${event.name}. Your RSVP is unchanged.`,
    };
  return {
    applies: true,
    heading: `Stop the host's messages, ${guest.name}?`,
    consequence:
      `You will get no more messages from the host of ${event.name}. Your RSVP stays as it is: ` +
      "emails about it (confirmation, reminders, an offered seat) still reach you.",
    button: "Unsubscribe from the host's messages",
  };
}

function confirmChoice(guest: GuestRecord): LinkChoice {
  if (guest.status === "pending")
    return {
      applies: true,
      heading: `Are you coming, ${guest.name}?`,
      consequence: "You get a seat if one is free, otherwise a place on the waitlist.",
      button: "Confirm I'm coming",
    };
  if (guest.lastChange.action === "confirm-invite")
    return { applies: false, heading: "Already confirmed", message: "You have already answered." };
  return { applies: false, heading: "Nothing to confirm", message: "There is no open invitation for you." };
}

const refusals: Record<Extract<Outcome, { kind: "refused" }>["reason"], Message> = {
  "offer-expired": {
    title: "This offer has expired",
    message: "The seat was held for you only for a limited time; it goes to the next person in line.",
  },
  "no-offer": { title: "No open offer", message: "There was no seat on offer for you." },
  "not-invited": { title: "Nothing to confirm", message: "There was no open invitation for you." },
  "event-started": { title: "Too late", message: "The event has already started." },
  "guest-not-found": { title: "Not on the guest list", message: "We could not find you on the guest list." },
  "event-not-found": { title: "No such event", message: "The event could not be found." },
  "registration-closed": { title: "Registration is closed", message: "The host takes no more guests." },
  "not-applicable": { title: "Nothing to do", message: "This no longer applies to you." },
  // Host actions on the thank-you note: no guest link leads to them.
  "thanks-not-drafted": { title: "Nothing to do", message: "This no longer applies to you." },
  "thanks-already-drafted": { title: "Nothing to do", message: "This no longer applies to you." },
};

/**
 * What came of pressing a link's button, for the guest who pressed it. `view` is the guest as they stand now
 * (a waitlisted guest's current place in line; a lapsed offer that the timer got to before the claim).
 */
export function outcomeMessage(
  action: LinkAction,
  outcome: Outcome,
  view: GuestView,
  event: EventRecord,
): Message {
  const { guest } = view;
  switch (outcome.kind) {
    case "cancelled":
      if (action === "decline")
        return outcome.from === "pending"
          ? { title: "Invitation declined", message: "The host will see that you're not coming." }
          : { title: "Offer declined", message: "The seat goes to the next person in line." };
      if (outcome.seatReleased)
        return { title: "You're cancelled", message: "Your seat goes to the next person in line." };
      if (outcome.from === "waitlisted")
        return { title: "You're cancelled", message: "You have left the waitlist." };
      return { title: "You're cancelled", message: "The host will see that you're not coming." };
    case "claimed":
      return {
        title: "Seat claimed",
        message: `You're in, ${guest.name}: your seat is confirmed.`,
      };
    case "confirmed":
      return { title: "You're in", message: "Your seat is confirmed." };
    case "messages-muted":
      return {
        title: "You're unsubscribed",
        message: `You will get no more messages from the host of ${event.name}. Your RSVP is unchanged.`,
      };
    case "waitlisted":
      return {
        title: "You're on the waitlist",
        message:
          view.position !== null
            ? `Every seat is taken; you are number ${view.position} in line. If a seat frees up, we will email you an offer.`
            : "Every seat is taken. If a seat frees up, we will email you an offer.",
      };
    case "unchanged":
      if (action === "unsubscribe")
        return {
          title: "Already unsubscribed",
          message: `You get no more messages from the host of ${event.name}. Your RSVP is unchanged.`,
        };
      return {
        title: "Nothing changed",
        message: `This was already done. ${statusLine(view, event)}`,
      };
    case "refused":
      // The expiry timer may lapse the offer before the late claim is applied: that is an expired offer too.
      if (outcome.reason === "no-offer" && guest.status === "lapsed") return refusals["offer-expired"];
      return refusals[outcome.reason];
    default:
      // No link command yields these (they answer registrations, offer rounds, timers and host actions).
      return { title: "Done", message: "Your request was processed." };
  }
}

/** The event a page is about, on top of every link page. */
const eventLine = (event: EventRecord) =>
  html`<p class="note">${event.name} · ${formatStartsAt(event.startsAt, event.timeZone)}</p>`;

/**
 * The page a link opens: the event, the guest and where they stand, and ONE button in a POST form. Opening it
 * changes nothing: mail scanners fetch every link in an email, so only pressing the button acts.
 */
export function linkPage(p: {
  event: EventRecord;
  view: GuestView;
  choice: LinkChoice;
  /** Where the form posts: the link itself. */
  postPath: string;
}): Html {
  const { event, view, choice } = p;
  const body = choice.applies
    ? html`<p>${choice.consequence}</p>
<form method="post" action="${p.postPath}"><button type="submit">${choice.button}</button></form>
<p class="note">Nothing changes until you press the button.</p>`
    : html`<p><strong>${choice.message}</strong></p>`;
  return layout(
    choice.heading,
    html`${eventLine(event)}
<h1>${choice.heading}</h1>
<p>${view.guest.name}: ${statusLine(view, event)}</p>
${body}`,
    html`<meta name="robots" content="noindex">`,
  );
}

/** What came of the press, or "processing…" (refreshing itself) until the keeper has applied it. */
export function linkDonePage(p: { event: EventRecord; result: Message | null; linkPath: string }): Html {
  const { event, result } = p;
  if (!result)
    return layout(
      "Processing…",
      html`${eventLine(event)}
<h1>Processing…</h1>
<p>We are working on it. This page refreshes by itself.</p>
<p class="note">If it does not change, <a href="${p.linkPath}">open your link again</a> and press the button.</p>`,
      html`<meta http-equiv="refresh" content="2"><meta name="robots" content="noindex">`,
    );
  return layout(
    result.title,
    html`${eventLine(event)}
<h1>${result.title}</h1>
<p>${result.message}</p>`,
    html`<meta name="robots" content="noindex">`,
  );
}

/** A link that does not work: why, and what to do. */
export function linkProblemPage(problem: Message): Html {
  return layout(
    problem.title,
    html`<h1>${problem.title}</h1>
<div class="problem"><p>${problem.message}</p></div>
<p class="note">Nothing was changed.</p>`,
    html`<meta name="robots" content="noindex">`,
  );
}
