import { html, raw } from "hono/html";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import type { RsvpStatus } from "../../contracts/http.ts";
import type { LinkAction } from "../../contracts/link.ts";
import { locationShownTo, wasDeclined } from "../../core/approval-rules.ts";
import { formatDateTime } from "../../i18n/index.ts";
import { type CheckInView, checkInSection } from "./check-in-view.ts";
import {
  eventHeader,
  eventLine,
  formatInstant,
  type Translate,
  webCalendarLinks,
  wordsFor,
} from "./event-view.ts";
import { backToEvent, leftWaitlist } from "./link-status.ts";
import { type Html, layout, livePageScriptTag } from "./pages.ts";
import { answersSection } from "./question-form.ts";
import { refusalCodeOf } from "./rsvp-status.ts";

/**
 * A registration's status page, which is the guest's manage page: the badge, what it means, the actions (each a
 * signed link to its own page, link-choice-pages.ts), add-to-calendar, the check-in code and the way back to the event.
 * The emails' manage link (`/l/manage/<token>`, manage-link-routes.ts) shows the same page.
 */

/** What a guest can do from their manage page: each a signed link whose page shows one button. */
export interface ManageView {
  guest: GuestRecord;
  /** Signed link URLs by action, for the actions that apply to the guest now. */
  links: Partial<Record<LinkAction, string>>;
  /** The .ics download of the guest's calendar entry, while they hold a seat. */
  icsPath: string | null;
  /** The page's own absolute address, for the calendar entry's description. */
  manageUrl: string;
  /**
   * Whether the page is shown in a host's iframe: the link pages may not be framed, so their links open a tab.
   */
  framed?: boolean;
  /** The guest's check-in code for the door (producers/web/check-in-view.ts), while their seat is confirmed. */
  checkIn?: CheckInView | null;
  /**
   * The guest's own name correction (`/name/manage/<token>`, link-routes.ts), a button after the actions: on the
   * page the emails' manage link opens (manage-link-routes.ts), while the guest is on the list.
   */
  nameLink?: string | null;
}

/** "just now", "3 minutes ago", "2 hours ago", "4 days ago": how long ago an instant was, in whole units. */
function ago(then: string, now: Date, t: Translate): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(then)) / 60_000));
  if (minutes === 0) return t("pages.status.agoNow");
  if (minutes < 120) return t("pages.status.agoMinutes", { count: minutes });
  if (minutes < 48 * 60) return t("pages.status.agoHours", { count: Math.floor(minutes / 60) });
  return t("pages.status.agoDays", { count: Math.floor(minutes / 1440) });
}

/**
 * A catalog sentence as element text: `&`, `<` and `>` escaped, apostrophes kept as typed ("You're in"), which
 * is safe in element content (never use it in an attribute).
 */
const say = (t: Translate, key: string, options: Record<string, unknown> = {}) =>
  raw(t(key, options).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"));

type Badge = { tone: "ok" | "wait" | "offer" | "off"; text: string };

function badgeOf(event: EventRecord, status: RsvpStatus, guest: GuestRecord | null, t: Translate): Badge {
  switch (status.state) {
    case "processing":
      return { tone: "wait", text: t("pages.status.badgeProcessing") };
    case "set-aside":
    case "refused":
    case "failed":
      return { tone: "off", text: t("pages.status.badgeProblem") };
    case "confirmed":
      return { tone: "ok", text: t("pages.status.badgeConfirmed") };
    case "waitlisted":
      return {
        tone: "wait",
        text:
          status.position === null
            ? t("pages.status.badgeWaitlistedNoPosition")
            : t("pages.status.badgeWaitlisted", { position: status.position }),
      };
    case "offered":
      return {
        tone: "offer",
        text: guest?.offer
          ? t("pages.status.badgeOffered", {
              deadline: formatDateTime(
                event.details.language,
                new Date(guest.offer.expiresAt),
                event.timeZone,
              ),
            })
          : t("pages.status.badgeOfferedNoDeadline"),
      };
    case "pending":
      return { tone: "offer", text: t("pages.status.badgeInvited") };
    case "requested":
      return { tone: "wait", text: t("approval.page.badge") };
    default:
      if (guest && wasDeclined(guest)) return { tone: "off", text: t("approval.page.badgeDeclined") };
      return { tone: "off", text: t("pages.status.badgeNotAttending") };
  }
}

/**
 * A registration's status page, which is the guest's manage page: the badge first, then what it means, the
 * actions, add-to-calendar and the way back to the event. While the keeper has not answered it updates
 * itself: a script polls its JSON every second, and without script a meta refresh every 2 seconds, every 30
 * once the wait is unusual (no need to poll a stuck queue hard); a set-aside registration waits for a person,
 * so it does not refresh.
 */
export function statusPage(
  event: EventRecord,
  status: RsvpStatus,
  now: Date,
  manage: ManageView | null = null,
): Html {
  const { lang, t } = wordsFor(event);
  const waiting = status.state === "processing";
  const every = waiting ? (status.delayed ? 30 : 2) : null;
  const head =
    every === null
      ? html`<meta name="robots" content="noindex">`
      : html`<meta name="robots" content="noindex"><noscript><meta http-equiv="refresh" content="${every}"></noscript>`;
  // A waitlisted guest's page also watches, slowly, for the seat that may be offered to them; a requested
  // guest's, for the host's decision.
  const pollEvery = waiting
    ? status.delayed
      ? 30_000
      : 1_000
    : status.state === "waitlisted" || status.state === "requested"
      ? 5_000
      : null;
  const live =
    pollEvery === null
      ? null
      : html`<div id="live" hidden data-state="${status.state}" data-delayed="${String(waiting && status.delayed)}" data-every="${pollEvery}"></div>
${livePageScriptTag}`;
  const badge = badgeOf(event, status, manage?.guest ?? null, t);
  return layout(
    t("pages.status.title", { event: event.name }),
    html`${eventLine(event, { place: false })}
<p class="badge ${badge.tone}" role="status">${badge.text}</p>
<div aria-live="polite">${statusText(event, status, now, manage, t)}</div>
${manage ? manageSections(event, status, manage, t) : null}
${backToEvent(event, t)}
${live}`,
    head,
    { lang, accent: event.details.accent },
  );
}

const actionLabels: Record<LinkAction, string> = {
  cancel: "pages.status.cancelSeat",
  claim: "pages.status.claimSeat",
  decline: "pages.status.declineOffer",
  confirm: "pages.status.confirmInvite",
  unsubscribe: "pages.status.cancelSeat",
  // Not offered on the manage page: the register-again link is only emailed (see the rejoin email).
  rejoin: "pages.link.rejoinButton",
  party: "party.manageLink",
  // Not buttons of the manage page's action list: the data link has its own line (trust.manage.dataLink).
  data: "trust.manage.dataLink",
  verify: "trust.verify.button",
  answers: "questions.manage.change",
  // Only in the "still coming?" email (docs/reconfirm.md).
  "still-coming": "reconfirm.pages.stillComingButton",
  "not-coming": "pages.link.cancelButton",
  // The emails' manage link: the manage page itself, never one of its buttons.
  manage: "mail.common.manage",
};

/** How many seats the guest holds or asks for, at an event that lets guests bring others (docs/parties.md). */
function partyLine(event: EventRecord, guest: GuestRecord, t: Translate): Html | null {
  const party = guest.party ?? 1;
  if (event.settings.maxParty <= 1 && party <= 1) return null;
  if (guest.status === "confirmed") return html`<p>${t("party.holding", { count: party })}</p>`;
  if (guest.status === "offered" || guest.status === "waitlisted" || guest.status === "pending")
    return html`<p>${t("party.asking", { count: party })}</p>`;
  return null;
}

/** Actions (each opens its link page, where one button acts), the online link, and add-to-calendar. */
function manageSections(event: EventRecord, status: RsvpStatus, manage: ManageView, t: Translate): Html {
  const order: LinkAction[] = ["claim", "confirm", "decline", "party", "cancel"];
  const actions = order.filter((a) => manage.links[a]);
  const label = (a: LinkAction) =>
    a === "cancel" && status.state === "waitlisted"
      ? t("pages.status.leaveWaitlist")
      : a === "cancel" && status.state === "requested"
        ? t("approval.page.withdrawAction")
        : t(actionLabels[a]);
  const target = manage.framed ? raw(' target="_blank" rel="noopener"') : null;
  const nameButton = manage.nameLink
    ? html`<a class="button secondary" href="${manage.nameLink}"${target}>${t("manageLink.nameButton")}</a>`
    : null;
  const actionList =
    actions.length > 0 || nameButton
      ? html`<h2>${t(actions.includes("claim") || actions.includes("confirm") ? "leaving.answerHeading" : "pages.status.actionsHeading")}</h2>
<div class="actions">${actions.map(
          (a, i) =>
            html`<a class="button${i === 0 && (a === "claim" || a === "confirm") ? "" : " secondary"}" href="${manage.links[a]}"${target}>${label(a)}</a>`,
        )}${nameButton}</div>`
      : null;
  const { onlineUrl } = event.details.location;
  const online =
    onlineUrl && status.state === "confirmed"
      ? html`<h2>${t("pages.status.onlineHeading")}</h2><p><a href="${onlineUrl}" rel="noopener">${onlineUrl}</a></p>`
      : null;
  const calendar = manage.icsPath
    ? (() => {
        const links = webCalendarLinks(event, manage.manageUrl);
        return html`<h2>${t("pages.status.calendarHeading")}</h2>
<div class="actions">
<a class="button secondary" href="${manage.icsPath}" download>${t("pages.status.calendarIcs")}</a>
<a class="button secondary" href="${links.google}" rel="noopener" target="_blank">${t("pages.status.calendarGoogle")}</a>
<a class="button secondary" href="${links.outlook}" rel="noopener" target="_blank">${t("pages.status.calendarOutlook")}</a>
</div>`;
      })()
    : null;
  const door = manage.checkIn ? checkInSection(manage.checkIn, t) : null;
  // The guest's own data: a line of its own, not one of the RSVP's actions (docs/privacy.md).
  const data = manage.links.data
    ? html`<p><a href="${manage.links.data}"${manage.framed ? raw(' target="_blank" rel="noopener"') : null}>${t("trust.manage.dataLink")}</a></p>`
    : null;
  const answers = answersSection(event, manage.guest, manage.links.answers, manage.framed === true, t);
  return html`${door}${partyLine(event, manage.guest, t)}${actionList}${answers}${online}${calendar}${data}
<section class="card">${eventHeader(event, { showOnline: status.state === "confirmed", headingLevel: 2, hideLocation: !locationShownTo(event, manage.guest.status) })}</section>
<p class="note">${t("pages.status.keepLink")}</p>`;
}

function statusText(
  event: EventRecord,
  status: RsvpStatus,
  now: Date,
  manage: ManageView | null,
  t: Translate,
): Html {
  switch (status.state) {
    case "processing":
      if (status.delayed && status.submittedAt)
        return html`<h1>${say(t, "pages.status.delayedHeading")}</h1>
<p>${say(t, "pages.status.delayedText", { ago: ago(status.submittedAt, now, t) })}</p>
<p>${say(t, "pages.status.delayedAdvice")} ${say(t, "pages.status.registerAgain")}</p>`;
      return html`<h1>${say(t, "pages.status.processingHeading")}</h1>
<p>${say(t, "pages.status.processingText")}</p>`;
    case "set-aside":
      return html`<h1>${say(t, "pages.status.stuckHeading")}</h1>
<p>${say(t, "pages.status.stuckText", { ago: ago(status.failedAt, now, t) })}</p>
<p>${say(t, "pages.status.stuckAdvice")} ${say(t, "pages.status.registerAgain")}</p>`;
    case "refused":
      return html`<h1>${say(t, "pages.status.refusedHeading")}</h1><p>${say(t, "pages.status.refusedText", { reason: refusalWordsOf(status.reason, t) })}</p>`;
    case "failed":
      return html`<h1>${say(t, "pages.status.failedHeading")}</h1><p>${say(t, "pages.status.failedText", { reason: status.reason })}</p>`;
    case "check-email":
      return html`<h1>${say(t, "pages.status.checkEmailHeading")}</h1><p>${say(t, "pages.status.checkEmailText")}</p>`;
    default: {
      const already = status.duplicate
        ? html`<p><strong>${say(t, "pages.status.duplicate")}</strong> ${say(t, "pages.status.duplicateStands")}</p>`
        : null;
      return html`${already}${guestText(event, status.state, status.name, status.position, manage?.guest ?? null, t, now)}`;
    }
  }
}

function guestText(
  event: EventRecord,
  state: string,
  name: string,
  position: number | null,
  guest: GuestRecord | null,
  t: Translate,
  now: Date,
): Html {
  switch (state) {
    case "confirmed":
      return html`<h1>${say(t, "pages.status.confirmedHeading", { name })}</h1><p>${say(t, "pages.status.confirmedText")}</p>`;
    case "waitlisted":
      // The catalog marks up the number; only a number is interpolated into it.
      return html`<h1>${say(t, "pages.status.waitlistedHeading", { name })}</h1>
<p>${raw(t("pages.status.waitlistedText", { position: position === null ? "?" : String(Number(position)) }))}</p>`;
    case "offered":
      return html`<h1>${say(t, "pages.status.offeredHeading", { name })}</h1>
<p>${
        guest?.offer
          ? t("pages.status.offeredText", { deadline: formatInstant(event, guest.offer.expiresAt) })
          : t("pages.status.offeredTextNoDeadline")
      }</p>`;
    case "pending":
      return html`<h1>${say(t, "pages.status.pendingHeading", { name })}</h1><p>${say(t, "pages.status.pendingText")}</p>`;
    case "lapsed":
      return html`<h1>${say(t, "pages.status.lapsedHeading", { name })}</h1><p>${say(t, "pages.status.lapsedText")}</p>`;
    case "requested":
      return html`<h1>${say(t, "approval.page.heading", { name })}</h1><p>${say(t, "approval.page.text")}</p>`;
    default:
      if (guest && wasDeclined(guest))
        return html`<h1>${say(t, "approval.page.declinedHeading")}</h1><p>${say(t, "approval.page.declinedText", { name })}</p>
${askAgain(event, t, now)}`;
      if (guest && leftWaitlist(guest))
        return html`<h1>${say(t, "waitlistLeft.title")}</h1><p>${say(t, "waitlistLeft.manageText", { name })}</p>`;
      return html`<h1>${say(t, "pages.status.cancelledHeading")}</h1><p>${say(t, "pages.status.cancelledText", { name })}</p>`;
  }
}

/**
 * The way back for a guest whose request the host declined: while registration is open, the event's form (a
 * new request, which the host decides again); else a plain sentence that there is none.
 */
function askAgain(event: EventRecord, t: Translate, now: Date): Html {
  if (!event.registrationOpen || now.getTime() >= Date.parse(event.startsAt))
    return html`<p>${t("misc.declined.closed")}</p>`;
  return html`<p>${t("misc.declined.again")}</p>
<div class="actions"><a class="button secondary" href="/e/${event.eventId}">${t("misc.declined.askAgain")}</a></div>`;
}

/** A refusal reason from the JSON contract (English), in the page's language when the catalog knows it. */
function refusalWordsOf(reason: string, t: Translate): string {
  const code = refusalCodeOf(reason);
  return code ? t(`pages.errors.reason.${code}`) : reason;
}
