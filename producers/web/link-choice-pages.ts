import { html } from "hono/html";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import type { LinkAction } from "../../contracts/link.ts";
import { formatDateTime } from "../../i18n/index.ts";
import { eventLine, type Translate, wordsFor } from "./event-view.ts";
import { guestNameLink } from "./guest-name-form.ts";
import { backToEvent, type GuestView, leftWaitlist, statusLine } from "./link-status.ts";
import { type Html, layout } from "./pages.ts";
import { reconfirmChoice } from "./reconfirm-pages.ts";
import type { WayBack } from "./way-back.ts";

/**
 * The page a signed email link opens, before anything is pressed: the event, where the guest stands, and the
 * link's ONE button (or why there is nothing left to press). The words are computed as plain values first
 * (`linkChoice`) so the JSON answers say the same as the page. What came of the press is
 * link-outcome-pages.ts's. Every value goes through hono's `html` template, which escapes it: event and guest
 * names are typed by strangers.
 */

/** What a link page offers: the one button, or why there is nothing left to press. */
export type LinkChoice =
  | { applies: true; heading: string; consequence: string; button: string }
  | { applies: false; heading: string; message: string };

/**
 * Whether the link's action still applies to the guest as they stand now, and the words for its page. It
 * mirrors what the keeper would decide, only to spare a guest a button that would do nothing; the keeper
 * still decides when the button is pressed (the guest may have changed since the page was shown).
 */
export function linkChoice(action: LinkAction, view: GuestView, event: EventRecord, now: Date): LinkChoice {
  const { t } = wordsFor(event);
  switch (action) {
    case "cancel":
      return cancelChoice(view.guest, event, t);
    case "claim":
      return claimChoice(view.guest, event, now, t);
    case "decline":
      return declineChoice(view.guest, event, t);
    case "confirm":
      return confirmChoice(view.guest, t);
    case "unsubscribe":
      return unsubscribeChoice(view.guest, event, t);
    case "rejoin":
      return rejoinChoice(view, event, now, t);
    case "party":
      // Served by party-routes.ts, whose page has a choice of sizes; never one button alone.
      return { applies: false, heading: t("party.manageLink"), message: statusLine(view, event) };
    case "data":
    case "verify":
    case "manage":
      // Pages of their own (guest-data-routes.ts, verify-routes.ts, manage-link-routes.ts): never opened here.
      throw new Error(`a ${action} link has pages of its own`);
    case "answers":
      // Not a one-button link: its form page is answer-routes.ts's.
      return { applies: false, heading: t("questions.manage.change"), message: t("questions.manage.lead") };
    case "not-coming":
      // The "still coming?" email's no is a cancel: its page asks in the guest's own words.
      return cancelChoice(view.guest, event, t, t("cancel.ask", { name: view.guest.name }));
    case "still-coming":
      return reconfirmChoice(view.guest, t);
  }
}

/** A guest who left registers again: a seat if one is free and nobody waits, else the end of the line. */
function rejoinChoice(view: GuestView, event: EventRecord, now: Date, t: Translate): LinkChoice {
  const { guest } = view;
  if (guest.status !== "cancelled" && guest.status !== "lapsed")
    return { applies: false, heading: t("pages.link.rejoinOnList"), message: statusLine(view, event) };
  if (!event.registrationOpen || now.getTime() >= Date.parse(event.startsAt))
    return {
      applies: false,
      heading: t("pages.link.rejoinClosed"),
      message: t("pages.link.rejoinClosedText"),
    };
  return {
    applies: true,
    heading: t("pages.link.rejoinHeading", { name: guest.name }),
    consequence: t("pages.link.rejoinConsequence"),
    button: t("pages.link.rejoinButton"),
  };
}

/**
 * Whether nobody waits in line, as the event stands now: then seats given up are free again for anyone, and a
 * page must not promise them to "the next person in line". (The keeper still decides when the button is
 * pressed; the page after the press reads the counters again, link-outcome-pages.ts.)
 */
const nobodyWaits = (event: EventRecord): boolean => event.waitlisted === 0;

/**
 * The page of a cancel: a question, what a press would give up (every seat of the party: to the next in line,
 * or free again when nobody waits), and the button. Nothing is cancelled until the button is pressed, so the
 * consequence says "If you cancel, …", never that it is done. `ask` replaces the heading of a page that asks in
 * other words (the "I can't come" link).
 */
function cancelChoice(guest: GuestRecord, event: EventRecord, t: Translate, ask?: string): LinkChoice {
  const name = guest.name;
  const heading = ask ?? t("pages.link.cancelHeading", { name });
  const button = t("pages.link.cancelButton");
  const count = guest.party ?? 1;
  const free = nobodyWaits(event);
  switch (guest.status) {
    case "confirmed":
      return {
        applies: true,
        heading,
        consequence: t(free ? "leaving.seatsFree" : "leaving.seatsGoOn", { count }),
        button,
      };
    case "offered":
      return {
        applies: true,
        heading,
        consequence: t(free ? "leaving.heldFree" : "leaving.heldGoesOn", { count }),
        button,
      };
    case "waitlisted":
      // DESIGN.md: the button names its effect, "Leave the waitlist", as the manage page's link does.
      return {
        applies: true,
        heading: ask ?? t("pages.link.leaveHeading", { name }),
        consequence: t("leaving.leaveWaitlist"),
        button: t("pages.status.leaveWaitlist"),
      };
    case "pending":
      return { applies: true, heading, consequence: t("pages.link.notComingConsequence"), button };
    case "lapsed":
      return {
        applies: false,
        heading: t("pages.link.nothingToCancel"),
        message: t("pages.link.offerAlreadyLapsed"),
      };
    case "cancelled":
      return {
        applies: false,
        heading: t(leftWaitlist(guest) ? "waitlistLeft.alreadyLeft" : "pages.link.alreadyCancelled"),
        message: t("pages.link.alreadyCancelledText"),
      };
    case "requested":
      return {
        applies: true,
        heading: ask ?? t("approval.page.withdrawHeading", { name }),
        consequence: t("approval.page.withdrawConsequence"),
        button: t("approval.page.withdrawButton"),
      };
  }
}

function claimChoice(guest: GuestRecord, event: EventRecord, now: Date, t: Translate): LinkChoice {
  if (guest.status === "offered" && guest.offer && now < new Date(guest.offer.expiresAt))
    return {
      applies: true,
      heading: t("pages.link.claimHeading", { count: guest.party ?? 1, name: guest.name }),
      consequence: t("pages.link.claimConsequence", { count: guest.party ?? 1 }),
      // Short on the button ("Mon 7 Dec, 05:52 CET"): the status line above names the day and zone in full.
      button: t("pages.link.claimButton", {
        count: guest.party ?? 1,
        deadline: formatDateTime(event.details.language, new Date(guest.offer.expiresAt), event.timeZone),
      }),
    };
  if (guest.status === "confirmed" && guest.lastChange.action === "claim")
    return {
      applies: false,
      heading: t("pages.link.alreadyClaimed"),
      message: t("pages.link.alreadyClaimedText"),
    };
  // Offered but past the hold (the expiry timer has not run yet), or already lapsed.
  if (guest.status === "offered" || guest.status === "lapsed")
    return {
      applies: false,
      heading: t("pages.link.offerExpired"),
      message: t("pages.link.offerExpiredText"),
    };
  return { applies: false, heading: t("pages.link.noOpenOffer"), message: t("pages.link.noOpenOfferText") };
}

function declineChoice(guest: GuestRecord, event: EventRecord, t: Translate): LinkChoice {
  const name = guest.name;
  switch (guest.status) {
    case "offered":
      return {
        applies: true,
        heading: t("pages.link.declineOfferHeading", { name }),
        consequence: t(nobodyWaits(event) ? "leaving.declineFree" : "leaving.declineGoesOn"),
        button: t("pages.link.declineOfferButton"),
      };
    case "pending":
      return {
        applies: true,
        heading: t("pages.link.declineInviteHeading", { name }),
        consequence: t("pages.link.notComingConsequence"),
        button: t("pages.link.declineInviteButton"),
      };
    case "cancelled":
      return {
        applies: false,
        heading: t("pages.link.alreadyDeclined"),
        message: t("pages.link.alreadyDeclinedText"),
      };
    case "confirmed":
      return {
        applies: false,
        heading: t("pages.link.nothingToDecline"),
        message: t("pages.link.nothingToDeclineConfirmed"),
      };
    case "waitlisted":
    case "lapsed":
    case "requested":
      return {
        applies: false,
        heading: t("pages.link.nothingToDecline"),
        message: t("pages.link.nothingToDeclineNoOffer"),
      };
  }
}

/** Stopping the host's messages touches nothing else: the page says so, since a guest may fear for the seat. */
function unsubscribeChoice(guest: GuestRecord, event: EventRecord, t: Translate): LinkChoice {
  if (!guest.hostMessages)
    return {
      applies: false,
      heading: t("pages.link.alreadyUnsubscribed"),
      message: t("pages.link.unsubscribedText", { event: event.name }),
    };
  return {
    applies: true,
    heading: t("pages.link.unsubscribeHeading", { name: guest.name }),
    consequence: t("pages.link.unsubscribeConsequence", { event: event.name }),
    button: t("pages.link.unsubscribeButton"),
  };
}

function confirmChoice(guest: GuestRecord, t: Translate): LinkChoice {
  if (guest.status === "pending")
    return {
      applies: true,
      heading: t("pages.link.confirmHeading", { name: guest.name }),
      consequence: t("pages.link.confirmConsequence"),
      button: t("pages.link.confirmButton"),
    };
  if (guest.lastChange.action === "confirm-invite")
    return {
      applies: false,
      heading: t("pages.link.alreadyConfirmed"),
      message: t("pages.link.alreadyAnswered"),
    };
  return {
    applies: false,
    heading: t("pages.link.nothingToConfirm"),
    message: t("pages.link.noOpenInvitation"),
  };
}

/**
 * The line under the heading, as a person would write it: the status alone under a heading that already
 * addresses the guest by name ("Cancel your RSVP, Ana?"), else a greeting with the status ("Hi Ana. Your RSVP
 * is cancelled."), so the page names whose registration it is once, never as a "Name: status" label.
 */
function greetedStatus(heading: string, view: GuestView, event: EventRecord, t: Translate): string {
  const status = statusLine(view, event);
  const name = view.guest.name;
  return heading.includes(name) ? status : t("linkWords.greeting", { name, status });
}

/**
 * The link's one button in its POST form; with a way back (way-back.ts), the outlined link to the manage page
 * beside it (side by side from 640 px, stacked full width on a phone), outside the form so it can never submit.
 */
function choiceForm(postPath: string, button: string, extra: Html | null, wayBack: WayBack | null): Html {
  const form = html`<form method="post" action="${postPath}">${extra}<button type="submit">${button}</button></form>`;
  if (!wayBack) return form;
  return html`<div class="actions choice">${form}<a class="button secondary" href="${wayBack.href}">${wayBack.label}</a></div>`;
}

const noindex = html`<meta name="robots" content="noindex">`;

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
  /** The page where the guest corrects their own name (guest-name-form.ts), for a guest on the list. */
  nameLink?: string | null;
  /** A field inside the form, above the button (an offered party's choice of seats). */
  extra?: Html | null;
  /** The way back to the guest's manage page, beside the button (way-back.ts): a link, never a second form. */
  wayBack?: WayBack | null;
}): Html {
  const { event, view, choice } = p;
  const { lang, t } = wordsFor(event);
  const body = choice.applies
    ? html`<p>${choice.consequence}</p>
${choiceForm(p.postPath, choice.button, p.extra ?? null, p.wayBack ?? null)}
<p class="note">${t("pages.link.nothingChangesUntil")}</p>`
    : html`<p><strong>${choice.message}</strong></p>
${backToEvent(event, t)}`;
  return layout(
    choice.heading,
    html`${eventLine(event)}
<h1>${choice.heading}</h1>
<p>${greetedStatus(choice.heading, view, event, t)}</p>
${body}
${p.nameLink ? guestNameLink(p.nameLink, lang) : null}`,
    noindex,
    { lang, accent: event.details.accent },
  );
}
