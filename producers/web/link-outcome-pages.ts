import { html } from "hono/html";
import type { EventRecord } from "../../contracts/event.ts";
import type { LinkAction } from "../../contracts/link.ts";
import type { Outcome } from "../../contracts/outcome.ts";
import { eventLine, type Translate, wordsFor } from "./event-view.ts";
import { backToEvent, type GuestView, statusLine } from "./link-status.ts";
import { type Html, layout, livePageScriptTag } from "./pages.ts";
import { claimedFewer } from "./party-claim.ts";
import { reconfirmOutcome } from "./reconfirm-pages.ts";

/**
 * The page after a signed link's button is pressed: what the keeper made of the press ("processing…" until it
 * has), or why it could not be done. The words are computed as plain values first (`outcomeMessage`) so the
 * JSON answers say the same as the page. The page before the press is link-choice-pages.ts's.
 */

/** A heading and a sentence: what came of a press, or what is wrong with a link. */
export interface Message {
  title: string;
  message: string;
  /** What happens next, one sentence a line (after a cancel: the email that confirms it, coming back). */
  next?: string[];
  /** One sentence under the message, without a heading (after a claim: the confirmation email is coming). */
  after?: string;
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
      // A guest who waited in line never held a seat: they left the waitlist, no RSVP "is cancelled".
      if (outcome.from === "waitlisted") return leftWaitlist(t);
      return { ...cancelledMessage(action, outcome, guest, event, t), next: afterCancel(t) };
    case "claimed":
      // A partial accept: the party took fewer seats than it was offered (docs/parties.md).
      // Either way the messenger emails the confirmation with the calendar entry (mail/messages.ts).
      if (claimedFewer(guest))
        return {
          title: t("pages.link.seatClaimed"),
          message: t("party.claimedFewer", {
            name: guest.name,
            seats: t("party.seats", { count: guest.party }),
          }),
          after: t("leaving.claimEmail"),
        };
      return {
        ...m("seatClaimed", "seatClaimedText", { name: guest.name }),
        after: t("leaving.claimEmail"),
      };
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

/** What a cancel (or a decline) gave up: the seats that go on, the place in line, or the answer the host sees. */
function cancelledMessage(
  action: LinkAction,
  outcome: Extract<Outcome, { kind: "cancelled" }>,
  guest: GuestView["guest"],
  event: EventRecord,
  t: Translate,
): Message {
  const m = (title: string, message: string): Message => ({
    title: t(`pages.link.${title}`),
    message: t(`pages.link.${message}`),
  });
  if (action === "decline")
    return outcome.from === "pending"
      ? m("invitationDeclined", "invitationDeclinedText")
      : {
          title: t("pages.link.offerDeclined"),
          message: t(nobodyInLine(event) ? "leaving.declinedFree" : "pages.link.offerGoesOn"),
        };
  if (outcome.seatReleased)
    return {
      title: t("pages.link.youreCancelled"),
      message: t(nobodyInLine(event) ? "cancel.seatsFreed" : "cancel.seatsGoOn", { count: guest.party ?? 1 }),
    };
  return m("youreCancelled", "hostWillSee");
}

/**
 * Whether the freed seats simply stand free: nobody waits in line, no offer is out, and seats are free. The
 * cancel's outcome does not say whether an offer followed (the `offer-next` is a later command), so this asks
 * the event the page already read, as it stands now: while anyone waits or holds an offer (the one for these
 * seats, say), or the seats were claimed since, the seats "go to the next person in line".
 */
const nobodyInLine = (event: EventRecord): boolean =>
  event.waitlisted === 0 && event.offered === 0 && event.confirmed < event.capacity;

/**
 * After any cancel or decline a guest's link makes, the messenger emails its confirmation (every guest move to
 * `cancelled` but the host's quiet removal, which no link makes: streams/messenger-handler.ts), and the guest
 * may register again while registration is open.
 */
const afterCancel = (t: Translate): string[] => [
  t("linkWords.next.cancelEmail"),
  t("linkWords.next.registerAgain"),
];

/**
 * After a guest's link took them off the waitlist (the cancel's outcome says it came `from: "waitlisted"`): the
 * messenger's email says "You left the waitlist" too, and registering again does not bring the old place in line back.
 */
const leftWaitlist = (t: Translate): Message => ({
  title: t("waitlistLeft.title"),
  message: t("waitlistLeft.message"),
  next: [t("linkWords.next.cancelEmail"), t("waitlistLeft.registerAgain")],
});

const noindex = html`<meta name="robots" content="noindex">`;

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
      { lang, accent: event.details.accent },
    );
  return layout(
    result.title,
    html`${eventLine(event)}
<h1>${result.title}</h1>
<p>${result.message}</p>
${result.after ? html`<p>${result.after}</p>` : null}
${result.next ? nextSteps(result.next, t) : null}
${backToEvent(event, t)}`,
    noindex,
    { lang, accent: event.details.accent },
  );
}

/** The "what happens next" list under an outcome. */
function nextSteps(lines: string[], t: Translate): Html {
  return html`<h2>${t("linkWords.next.heading")}</h2>
<ul>${lines.map((line) => html`<li>${line}</li>`)}</ul>`;
}
