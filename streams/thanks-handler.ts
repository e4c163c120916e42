import type { Logger } from "pino";
import type { ChangeRecord } from "../contracts/change.ts";
import type { Command } from "../contracts/command.ts";
import type { ChangeHandler, Clock, CommandQueue, GuestReader, ThankYouDrafter } from "../core/ports.ts";
import { draftThankYou, thankYouRequestOf } from "../core/thank-you.ts";

export interface ThanksDeps {
  reader: GuestReader;
  queue: CommandQueue;
  clock: Clock;
  /** The model that drafts the note; null: the template writes it. */
  drafter: ThankYouDrafter | null;
  logger?: Pick<Logger, "warn"> | undefined;
}

/** The draft's command id: one per event, so a draft written twice (a redelivered change) is recorded once. */
const thanksDraftedId = "thanks-drafted";

/**
 * Stream handler: drafts an event's thank-you note once the keeper has recorded that the event ended (the note
 * is `drafting`), and hands the draft back to the keeper as a `thanks-drafted` command. Calling a model is a
 * side effect, so it happens here, never in the keeper. The drafter sees the event's details and the host's
 * notes only; guest names are merged per guest when the note is sent.
 *
 * At-least-once like every handler: a redelivered change whose draft the keeper has already recorded is
 * skipped (the event is read again first), and a draft written twice anyway carries the same command id, so
 * the first one recorded stands.
 */
export function thanksHandler(deps: ThanksDeps): ChangeHandler {
  return async (changes: readonly ChangeRecord[]) => {
    const due = new Set<string>();
    for (const change of changes) {
      if (change.entity !== "event") continue;
      if (change.new.thankYou?.status === "drafting" && change.old?.thankYou?.status !== "drafting")
        due.add(change.new.eventId);
    }
    for (const eventId of due) {
      const event = await deps.reader.getEvent(eventId);
      if (event?.thankYou?.status !== "drafting") continue;
      const draft = await draftThankYou(deps.drafter, thankYouRequestOf(event), (reason, error) =>
        deps.logger?.warn({ err: error, eventId }, `${reason}; the template writes the thank-you note`),
      );
      const command: Command = {
        type: "thanks-drafted",
        eventId,
        commandId: thanksDraftedId,
        issuedAt: deps.clock.now().toISOString(),
        lane: "system",
        body: draft.body,
        source: draft.source,
      };
      await deps.queue.send([command]);
    }
  };
}
