import type { EventRecord } from "../contracts/event.ts";
import type { GuestRecord } from "../contracts/guest.ts";
import { receivesThanks } from "./check-in-decisions.ts";

/**
 * Who the thank-you note goes to, of an event's guests: those confirmed now whom the host's messages reach (not
 * unsubscribed), and with `settings.thanksOnlyArrived` only those the door checked in. The messenger sends to
 * them; the host's page counts them.
 */
export function thankYouRecipients<G extends Pick<GuestRecord, "status" | "hostMessages" | "checkedIn">>(
  event: Pick<EventRecord, "settings">,
  guests: readonly G[],
): G[] {
  return guests.filter((g) => g.status === "confirmed" && g.hostMessages && receivesThanks(event, g));
}
