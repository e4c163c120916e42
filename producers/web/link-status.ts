import { html } from "hono/html";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import { formatInstant, type Translate, wordsFor } from "./event-view.ts";
import type { Html } from "./pages.ts";

/**
 * Where a guest stands, in one sentence: the line every link page (the choice before a press and the outcome
 * after it) and the guest's data page show.
 */

/** A guest as a link page shows them: their row, and their place in line while waitlisted. */
export interface GuestView {
  guest: GuestRecord;
  position: number | null;
}

/**
 * Whether a cancelled guest left the waitlist themselves: their own cancel (a link, an email reply, the "I can't
 * come" answer), taken while they waited, so they never held a seat and nothing of theirs "is cancelled". The
 * record's last change says so, as the cancel's outcome does for the page right after it. A host's removal is
 * its own action (`remove`, `remove-quietly`) and reads as before.
 */
export function leftWaitlist(guest: Pick<GuestRecord, "status" | "lastChange">): boolean {
  const change = guest.lastChange;
  return (
    guest.status === "cancelled" &&
    change.action === "cancel" &&
    change.from === "waitlisted" &&
    change.lane !== "host"
  );
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
      return t(leftWaitlist(guest) ? "waitlistLeft.status" : "pages.link.statusCancelled");
    case "requested":
      return t("linkWords.statusRequested");
  }
}

/**
 * The way back to the event page under a link page with no button to press: a secondary button (a 44 px
 * target, full width on phones), not a small text link.
 */
export const backToEvent = (event: EventRecord, t: Translate): Html =>
  html`<div class="actions"><a class="button secondary" href="/e/${event.eventId}">${t("pages.common.backToEvent")}</a></div>`;
