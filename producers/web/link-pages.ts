import { html } from "hono/html";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import type { LinkAction } from "../../contracts/link.ts";
import type { Outcome } from "../../contracts/outcome.ts";
import { formatDateTime } from "../../i18n/index.ts";
import { eventLine, formatInstant, type Translate, wordsFor } from "./event-view.ts";
import { guestNameLink } from "./guest-name-form.ts";
import { type Html, layout, livePageScriptTag } from "./pages.ts";
import { claimedFewer } from "./party-claim.ts";
import { reconfirmChoice, reconfirmOutcome } from "./reconfirm-pages.ts";

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
const at = (event: EventRecord, instant: string) => formatInstant(event, instant);

/** One sentence on where the guest stands now. */
export function statusLine({ guest, position }: GuestView, event: EventRecord): string {
  const { t } = wordsFor(event);
  switch (guest.status) {
    case "confirmed":
      return t("pages.link.statusConfirmed", { count: guest.party ?? 1 });
    case "waitlisted":
      return position === null
        ? t("pages.link.statusWaitlisted")
        : t("pages.link.statusWaitlistedAt", { position });
    case "offered":
      return guest.offer
        ? t("pages.link.statusOfferedUntil", {
            count: guest.party ?? 1,
            deadline: at(event, guest.offer.expiresAt),
          })
        : t("pages.link.statusOffered", { count: guest.party ?? 1 });
    case "pending":
      return t("pages.link.statusPending");
    case "lapsed":
      return t("pages.link.statusLapsed");
    case "cancelled":
      return t("pages.link.statusCancelled");
    case "requested":
      return t("approval.page.badge");
  }
}

/**
 * Whether the link's action still applies to the guest as they stand now, and the words for its page. It
 * mirrors what the keeper would decide, only to spare a guest a button that would do nothing; the keeper
 * still decides when the button is pressed (the guest may have changed since the page was shown).
 */
export function linkChoice(action: LinkAction, view: GuestView, event: EventRecord, now: Date): LinkChoice {
  const { t } = wordsFor(event);
  switch (action) {
    case "cancel":
      return cancelChoice(view.guest, t);
    case "claim":
      return claimChoice(view.guest, event, now, t);
    case "decline":
      return declineChoice(view.guest, t);
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
      // Pages of their own (producers/web/guest-data-routes.ts, verify-routes.ts): never opened here.
      throw new Error(`a ${action} link has pages of its own`);
    case "answers":
      // Not a one-button link: its form page is answer-routes.ts's.
      return { applies: false, heading: t("questions.manage.change"), message: t("questions.manage.lead") };
    case "not-coming":
      // The "still coming?" email's no is a cancel: its page asks in the guest's own words.
      return cancelChoice(view.guest, t, t("cancel.ask", { name: view.guest.name }));
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
 * The page of a cancel: a question, what a press gives up (every seat of the party), and the button. Nothing is
 * cancelled until the button is pressed, so nothing here says it is. `ask` replaces the heading of a page that
 * asks in other words (the "I can't come" link).
 */
function cancelChoice(guest: GuestRecord, t: Translate, ask?: string): LinkChoice {
  const name = guest.name;
  const heading = ask ?? t("pages.link.cancelHeading", { name });
  const button = t("pages.link.cancelButton");
  const count = guest.party ?? 1;
  switch (guest.status) {
    case "confirmed":
      return { applies: true, heading, consequence: t("cancel.seatsConsequence", { count }), button };
    case "offered":
      return { applies: true, heading, consequence: t("cancel.heldConsequence", { count }), button };
    case "waitlisted":
      return {
        applies: true,
        heading: ask ?? t("pages.link.leaveHeading", { name }),
        consequence: t("pages.link.leaveConsequence"),
        button,
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
        heading: t("pages.link.alreadyCancelled"),
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

function declineChoice(guest: GuestRecord, t: Translate): LinkChoice {
  const name = guest.name;
  switch (guest.status) {
    case "offered":
      return {
        applies: true,
        heading: t("pages.link.declineOfferHeading", { name }),
        consequence: t("pages.link.declineOfferConsequence"),
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

type Refusal = Extract<Outcome, { kind: "refused" }>["reason"];

/** The catalog keys (title, message) for each refusal a link's press can meet. */
const refusalKeys: Record<Refusal, [string, string]> = {
  "offer-expired": ["offerExpired", "offerExpiredText"],
  "no-offer": ["noOpenOffer", "noOfferWas"],
  "not-invited": ["nothingToConfirm", "noInvitationWas"],
  "event-started": ["tooLate", "eventStarted"],
  "guest-not-found": ["notOnList", "notOnListText"],
  "event-not-found": ["noSuchEvent", "noSuchEventText"],
  "registration-closed": ["registrationClosed", "registrationClosedText"],
  "not-applicable": ["nothingToDo", "noLongerApplies"],
  // Host actions on the thank-you note: no guest link leads to them.
  "thanks-not-drafted": ["nothingToDo", "noLongerApplies"],
  "thanks-already-drafted": ["nothingToDo", "noLongerApplies"],
  "edit-invalid": ["nothingToDo", "noLongerApplies"],
  "not-requested": ["nothingToDo", "noLongerApplies"],
  // The host's hand on the list (issue 14 §3): a guest's name correction meets only "host-only".
  "not-enough-seats": ["nothingToDo", "noLongerApplies"],
  "party-too-large": ["nothingToDo", "noLongerApplies"],
  "not-waiting": ["nothingToDo", "noLongerApplies"],
  "host-only": ["nothingToDo", "noLongerApplies"],
};

const refusal = (reason: Refusal, t: Translate): Message => {
  const [title, message] = refusalKeys[reason];
  return { title: t(`pages.link.${title}`), message: t(`pages.link.${message}`) };
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
  const { t } = wordsFor(event);
  const { guest } = view;
  const m = (title: string, message: string, values: Record<string, unknown> = {}): Message => ({
    title: t(`pages.link.${title}`),
    message: t(`pages.link.${message}`, values),
  });
  const reconfirmed = action === "still-coming" ? reconfirmOutcome(outcome, event, t) : null;
  if (reconfirmed) return reconfirmed;
  switch (outcome.kind) {
    case "cancelled":
      if (action === "decline")
        return outcome.from === "pending"
          ? m("invitationDeclined", "invitationDeclinedText")
          : m("offerDeclined", "offerGoesOn");
      if (outcome.seatReleased)
        return {
          title: t("pages.link.youreCancelled"),
          message: t("cancel.seatsGoOn", { count: guest.party ?? 1 }),
        };
      if (outcome.from === "waitlisted") return m("youreCancelled", "leftWaitlist");
      return m("youreCancelled", "hostWillSee");
    case "claimed":
      // A partial accept: the party took fewer seats than it was offered (docs/parties.md).
      if (claimedFewer(guest))
        return {
          title: t("pages.link.seatClaimed"),
          message: t("party.claimedFewer", {
            name: guest.name,
            seats: t("party.seats", { count: guest.party }),
          }),
        };
      return m("seatClaimed", "seatClaimedText", { name: guest.name });
    case "confirmed":
      return m("youreIn", "statusConfirmed", { count: guest.party ?? 1 });
    case "messages-muted":
      return m("youreUnsubscribed", "unsubscribedText", { event: event.name });
    case "waitlisted":
      return view.position !== null
        ? m("youreWaitlisted", "waitlistedAt", { position: view.position })
        : m("youreWaitlisted", "waitlisted");
    case "unchanged":
      if (action === "unsubscribe")
        return m("alreadyUnsubscribed", "unsubscribedText", { event: event.name });
      return m("nothingChanged", "alreadyDone", { status: statusLine(view, event) });
    case "refused":
      // The expiry timer may lapse the offer before the late claim is applied: that is an expired offer too.
      if (outcome.reason === "no-offer" && guest.status === "lapsed") return refusal("offer-expired", t);
      return refusal(outcome.reason, t);
    default:
      // No link command yields these (they answer registrations, offer rounds, timers and host actions).
      return m("done", "doneText");
  }
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
}): Html {
  const { event, view, choice } = p;
  const { lang, t } = wordsFor(event);
  const body = choice.applies
    ? html`<p>${choice.consequence}</p>
<form method="post" action="${p.postPath}">${p.extra ?? null}<button type="submit">${choice.button}</button></form>
<p class="note">${t("pages.link.nothingChangesUntil")}</p>`
    : html`<p><strong>${choice.message}</strong></p>
<p><a href="/e/${event.eventId}">${t("pages.common.backToEvent")}</a></p>`;
  return layout(
    choice.heading,
    html`${eventLine(event)}
<h1>${choice.heading}</h1>
<p>${t("pages.link.guestStatus", { name: view.guest.name, status: statusLine(view, event) })}</p>
${body}
${p.nameLink ? guestNameLink(p.nameLink, lang) : null}`,
    noindex,
    { lang },
  );
}

/** What came of the press, or "processing…" (updating itself) until the keeper has applied it. */
export function linkDonePage(p: { event: EventRecord; result: Message | null; linkPath: string }): Html {
  const { event, result } = p;
  const { lang, t } = wordsFor(event);
  if (!result)
    return layout(
      t("pages.link.processing"),
      html`${eventLine(event)}
<h1>${t("pages.link.processing")}</h1>
<p>${t("pages.link.processingText")}</p>
<p class="note">${t("pages.link.processingRetry")} <a href="${p.linkPath}">${t("pages.link.openAgain")}</a></p>
<div id="live" hidden data-state="processing" data-delayed="false" data-every="1000"></div>
${livePageScriptTag}`,
      html`<noscript><meta http-equiv="refresh" content="2"></noscript>${noindex}`,
      { lang },
    );
  return layout(
    result.title,
    html`${eventLine(event)}
<h1>${result.title}</h1>
<p>${result.message}</p>
<p><a href="/e/${event.eventId}">${t("pages.common.backToEvent")}</a></p>`,
    noindex,
    { lang },
  );
}
