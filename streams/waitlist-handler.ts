import type { ChangeRecord } from "../contracts/change.ts";
import type { EventRecord } from "../contracts/event.ts";
import type { ChangeHandler, CommandQueue } from "../core/ports.ts";
import { seatsAwaitOffers } from "../core/seat-rules.ts";

/**
 * Stream handler: the waitlist kick-off. Whenever an event's committed state has free seats and people
 * waiting (a seat was released by a cancel, a decline or a lapsed offer, or the cap was raised), it asks the
 * keeper to offer them: an `offer-next` named by the event version, so a redelivered change asks once.
 * The keeper decides who gets what; this handler only notices that a decision is due.
 */
export function waitlistHandler(deps: { queue: CommandQueue }): ChangeHandler {
  return async (changes: readonly ChangeRecord[]) => {
    // Only each event's latest state matters: one round offers every seat that is free by then.
    const latest = new Map<string, EventRecord>();
    for (const change of changes) if (change.entity === "event") latest.set(change.new.eventId, change.new);
    const commands = [...latest.values()]
      .filter((event) => seatsAwaitOffers(event, new Date(event.updatedAt)))
      .map((event) => ({
        type: "offer-next" as const,
        eventId: event.eventId,
        commandId: `offer-next-v${event.version}`,
        issuedAt: event.updatedAt,
        lane: "system" as const,
      }));
    if (commands.length > 0) await deps.queue.send(commands);
  };
}
