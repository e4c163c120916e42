import { html } from "hono/html";
import type { AuditEntry } from "../../contracts/audit.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import type { Translate } from "../../i18n/index.ts";
import { eventLine, formatInstant, wordsFor } from "./event-view.ts";
import { backToEvent, type GuestView, statusLine } from "./link-status.ts";
import { type Html, layout, livePageScriptTag } from "./pages.ts";

/**
 * The pages of a guest's own data (`/l/data/<token>`): what the guest list keeps about them, a JSON download of
 * it, and one button that erases it. Opening the page changes nothing; only the button's POST acts.
 */

/** What a guest's data download holds: their row as they can read it, the event it is for, what happened. */
export interface GuestDataExport {
  event: { eventId: string; name: string; startsAt: string; endsAt: string | null };
  guest: {
    guestId: string;
    name: string;
    email: string;
    status: GuestRecord["status"];
    party: number;
    waitlistPosition: number | null;
    offer: GuestRecord["offer"];
    hostMessages: boolean;
    registeredThrough: GuestRecord["lane"];
    createdAt: string;
    updatedAt: string;
    erasedAt: string | null;
  };
  /** The guest's transitions from the audit trail, oldest first (absent where the trail is not at hand). */
  history: { at: string; action: string; from: string | null; to: string; lane: string }[];
}

/** The guest's data as the download and the JSON answer give it. */
export function guestDataOf(
  event: EventRecord,
  view: GuestView,
  trail: readonly AuditEntry[],
): GuestDataExport {
  const g = view.guest;
  return {
    event: {
      eventId: event.eventId,
      name: event.name,
      startsAt: event.startsAt,
      endsAt: event.endsAt ?? null,
    },
    guest: {
      guestId: g.guestId,
      name: g.name,
      email: g.email,
      status: g.status,
      party: g.party,
      waitlistPosition: view.position,
      offer: g.offer,
      hostMessages: g.hostMessages,
      registeredThrough: g.lane,
      createdAt: g.createdAt,
      updatedAt: g.updatedAt,
      erasedAt: g.erasedAt ?? null,
    },
    history: trail
      .filter((e) => e.guestId === g.guestId)
      .map((e) => ({ at: e.at, action: e.action, from: e.from, to: e.to, lane: e.lane })),
  };
}

const noindex = html`<meta name="robots" content="noindex">`;

/**
 * What one change did, in the guest's words: where their status went ("Seat confirmed", "Left the waitlist"),
 * a check-in, or, when the status stayed, that their details changed (a name, a party, an answer).
 */
export function happened(h: GuestDataExport["history"][number], t: Translate): string {
  if (h.action === "check-in") return t("trust.data.happened.checkedIn");
  if (h.from === h.to) return t("trust.data.happened.changed");
  // The guest's own leave from the line, as link-status.ts's leftWaitlist reads it; a host's removal is a cancel.
  if (h.to === "cancelled" && h.from === "waitlisted" && h.action === "cancel" && h.lane !== "host")
    return t("trust.data.happened.leftWaitlist");
  return t(`trust.data.happened.${h.to}`);
}

/** The data page: the guest's data, the download, and the erase button. */
export function guestDataPage(p: {
  event: EventRecord;
  view: GuestView;
  data: GuestDataExport;
  postPath: string;
  downloadPath: string;
}): Html {
  const { event, view, data } = p;
  const { lang, t } = wordsFor(event);
  const g = view.guest;
  const row = (label: string, value: string) => html`<dt><strong>${label}</strong></dt><dd>${value}</dd>`;
  const history =
    data.history.length > 0
      ? html`<h2>${t("trust.data.history")}</h2>
<ol>${data.history.map(
          (h) =>
            html`<li>${formatInstant(event, h.at)} · ${happened(h, t)} (${t("trust.data.through", { lane: t(`trust.data.lanes.${h.lane}`) })})</li>`,
        )}</ol>`
      : null;
  const title = t("trust.data.title", { event: event.name });
  return layout(
    title,
    html`${eventLine(event)}
<h1>${title}</h1>
<p>${t("trust.data.lead")}</p>
<dl class="card">
${row(t("trust.data.name"), g.name)}
${row(t("trust.data.email"), g.email)}
${row(t("trust.data.status"), statusLine(view, event))}
${row(t("trust.data.party"), String(g.party))}
${row(t("trust.data.registered"), formatInstant(event, g.createdAt))}
${row(t("trust.data.how"), t(`trust.data.lanes.${g.lane}`))}
${row(t("trust.data.hostMessages"), g.hostMessages ? t("trust.data.hostMessagesOn") : t("trust.data.hostMessagesOff"))}
</dl>
${history}
<div class="actions"><a class="button secondary" href="${p.downloadPath}" download>${t("trust.data.download")}</a></div>
<h2>${t("trust.data.eraseHeading")}</h2>
<p>${t("trust.data.eraseConsequence")}</p>
<form method="post" action="${p.postPath}"><button type="submit">${t("trust.data.eraseButton")}</button></form>
<p class="note">${t("trust.data.nothingChangesUntil")}</p>`,
    noindex,
    { lang, accent: event.details.accent },
  );
}

/** The page of a guest whose data is erased (what their data link shows from then on). */
export function guestErasedPage(event: EventRecord): Html {
  const { lang, t } = wordsFor(event);
  return layout(
    t("trust.data.erasedTitle"),
    html`${eventLine(event)}
<h1>${t("trust.data.erasedTitle")}</h1>
<p>${t("trust.data.erasedText", { event: event.name })}</p>
${backToEvent(event, t)}`,
    noindex,
    { lang, accent: event.details.accent },
  );
}

/** "Processing…" (updating itself) until the keeper has erased the guest. */
export function guestErasingPage(event: EventRecord, linkPath: string): Html {
  const { lang, t } = wordsFor(event);
  return layout(
    t("pages.link.processing"),
    html`${eventLine(event)}
<h1>${t("pages.link.processing")}</h1>
<p>${t("pages.link.processingText")}</p>
<p class="note">${t("pages.link.processingRetry")} <a href="${linkPath}">${t("pages.link.openAgain")}</a></p>
<div id="live" hidden data-state="processing" data-delayed="false" data-every="1000"></div>
${livePageScriptTag}`,
    html`<noscript><meta http-equiv="refresh" content="2"></noscript>${noindex}`,
    { lang, accent: event.details.accent },
  );
}
