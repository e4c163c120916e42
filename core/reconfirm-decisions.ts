import type { Command } from "../contracts/command.ts";
import type { GuestRecord } from "../contracts/guest.ts";
import type { Outcome } from "../contracts/outcome.ts";
import type { BatchDraft } from "./batch-draft.ts";
import { askedThisRound } from "./reconfirm-tally.ts";

/**
 * The keeper's rules for "still coming?" (docs/reconfirm.md). A "no" is the guest's cancel (its own command);
 * these decide a "yes" and the deadline of a host who chose to release unanswered seats.
 */

type CommandOf<T extends Command["type"]> = Extract<Command, { type: T }>;

/**
 * Whether the guest said yes since they were last asked in the round they are in; `fallback` is the ask's time
 * when the row does not know it (rows from before `reconfirmAsked`, or a round not asked). An ask rebooked by a
 * move of the event is not sent again, so a yes to the ask that was sent stands.
 */
function answeredSinceAsk(guest: GuestRecord, fallback: string | null): boolean {
  if (!guest.reconfirmedAt) return false;
  const asked = askedThisRound(guest) ? guest.reconfirmAsked!.at : fallback;
  return asked === null || Date.parse(guest.reconfirmedAt) >= Date.parse(asked);
}

/** The guest answers yes: recorded once per ask (a second answer changes nothing); only a confirmed guest can. */
export function decideReconfirm(draft: BatchDraft, command: CommandOf<"reconfirm">): Outcome {
  const guest = draft.guest(command.guestId);
  if (!guest) return { kind: "refused", reason: "guest-not-found" };
  if (guest.status !== "confirmed") return { kind: "refused", reason: "not-applicable" };
  if (answeredSinceAsk(guest, null)) return { kind: "unchanged", guestId: guest.guestId };
  draft.keepStatus(command, guest, "reconfirm", null, { reconfirmedAt: draft.at });
  return { kind: "reconfirmed", guestId: guest.guestId };
}

/**
 * The answer deadline: a guest still confirmed who has not said yes since the ask gives up their seats, as a
 * cancel does (the line gets them as offers). Nothing when the host switched to `keep` since, the guest left
 * or answered, or the event started; early (the timer's minute): not yet.
 */
export function decideReleaseUnanswered(
  draft: BatchDraft,
  command: CommandOf<"release-unanswered">,
): Outcome {
  const guest = draft.guest(command.guestId);
  if (!guest) return { kind: "refused", reason: "guest-not-found" };
  if (draft.now.getTime() < Date.parse(command.deadline)) return { kind: "not-yet", dueAt: command.deadline };
  const answered = answeredSinceAsk(guest, command.askedAt);
  const releasing = draft.event.settings.reconfirm?.onNoAnswer === "release";
  if (guest.status !== "confirmed" || answered || !releasing || draft.started)
    return { kind: "unchanged", guestId: guest.guestId };
  draft.transition(command, guest, guest, "cancelled", "cancel");
  return { kind: "cancelled", guestId: guest.guestId, from: "confirmed", seatReleased: true };
}
