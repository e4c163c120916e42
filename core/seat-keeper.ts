import type { Command } from "../contracts/command.ts";
import { emailKeysOf } from "../contracts/common.ts";
import type { Outcome } from "../contracts/outcome.ts";
import { BatchDraft } from "./batch-draft.ts";
import { decideEventCommand } from "./event-decisions.ts";
import { decideGuestCommand, isGuestCommand } from "./guest-decisions.ts";
import type { BatchDecision, KeeperView } from "./ports.ts";

export { guestIdFor, noticeApplies } from "./guest-decisions.ts";

/**
 * Decide a batch of commands of one event, in order, from what was read. Pure: the same view, commands
 * and clock give the same decision.
 *
 * A batch stops early (see `consumed`) before a command that would touch a guest or address that an earlier
 * command of the batch already touched, because a store commits one write per row in a transaction, and
 * before an event setting change that is not first; the caller decides the rest against a fresh view.
 */
export function decideBatch(view: KeeperView, commands: readonly Command[], now: Date): BatchDecision {
  const draft = new BatchDraft(view, now);
  let consumed = 0;
  for (const command of commands) {
    if (command.eventId !== view.event.eventId) throw new Error("a batch holds commands of one event only");
    if (!draft.isSettled(command.commandId)) {
      if (conflictsWithBatch(draft, command)) break;
      draft.record({ commandId: command.commandId, outcome: decide(draft, command) });
    }
    consumed += 1;
  }
  return draft.finish(consumed);
}

/** One command's decision: a guest command by its rule, any other by the event's (core/event-decisions.ts). */
function decide(draft: BatchDraft, command: Command): Outcome {
  if (isGuestCommand(command)) return decideGuestCommand(draft, command);
  // The event row alone: host settings and messages, the daily summary, the thank-you note.
  const decision = decideEventCommand(draft.event, command, draft.now);
  if (decision.change) draft.changeEvent(command, decision.change);
  return decision.outcome;
}

/** Whether a command must wait for a batch of its own, after what the draft holds is committed. */
function conflictsWithBatch(draft: BatchDraft, command: Command): boolean {
  switch (command.type) {
    case "register":
    case "add-guest":
      return emailKeysOf(command.email).some((key) => draft.touchesEmail(key));
    case "cancel":
    case "confirm-invite":
    case "decline":
    case "claim-offer":
    case "expire-offer":
    case "notify":
    case "mute-messages":
    case "set-answers":
    case "approve-request":
    case "decline-request":
    case "remove-guest":
    case "admit-guest":
    case "edit-guest":
    case "change-party":
    case "check-in":
    case "erase-guest":
    case "reconfirm":
    case "release-unanswered":
      return draft.touchesGuest(command.guestId);
    default:
      // A setting change starts a batch of its own: the cap check of a commit is made against the final
      // cap, which must not judge seats granted before the change (lowering the cap evicts no one). An
      // offer round does too, so it reads the head of the line as it stands after everything before it.
      return !draft.isEmpty;
  }
}
