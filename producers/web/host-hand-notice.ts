import type { EventRecord } from "../../contracts/event.ts";
import type { Outcome } from "../../contracts/outcome.ts";
import type { GuestReader } from "../../core/ports.ts";
import { translator } from "../../i18n/index.ts";
import type { HostNotice } from "./host-frame.ts";

/**
 * What became of a host's remove, admit, edit or add (issue 14 §3), for the guest list it returns to; null for
 * any other outcome (host-notice.ts says those). A registration's outcomes (confirmed, waitlisted, duplicate)
 * only reach a host page from the add form, so they are read as an add.
 */
export async function hostHandNoticeOf(
  reader: GuestReader,
  event: Pick<EventRecord, "eventId" | "details">,
  outcome: Outcome,
): Promise<HostNotice | null> {
  const t = translator(event.details.language);
  const say = (key: string, options: Record<string, unknown> = {}) =>
    t(`hostHand.pages.notice.${key}`, options);
  if (!("guestId" in outcome) || typeof outcome.guestId !== "string") return null;
  const guest = await reader.getGuest(event.eventId, outcome.guestId);
  const who = guest ? `${guest.name} <${guest.email}>` : t("pages.host.notice.theGuest");
  const freed = (seats: number) => (seats > 0 ? ` ${say("seatsFreed", { count: seats })}` : "");
  switch (outcome.kind) {
    case "removed":
      return {
        tone: "done",
        text: `${say("removed", { who, told: say(outcome.notified ? "removedTold" : "removedQuiet") })}${freed(outcome.seatsReleased)}`,
      };
    case "admitted":
      return { tone: "done", text: say("admitted", { who }) };
    case "guest-edited":
      return { tone: "done", text: `${say("edited", { who })}${freed(outcome.seatsReleased)}` };
    case "confirmed":
      return { tone: "done", text: say("added", { who }) };
    case "waitlisted": {
      const place = await reader.waitlistPosition(event.eventId, outcome.guestId);
      return { tone: "done", text: say("addedWaitlisted", { who, place: place ?? "–" }) };
    }
    case "duplicate":
      return { tone: "done", text: say("duplicate", { who }) };
    default:
      return null;
  }
}
