import type { ChangeRecord } from "../contracts/change.ts";
import { retentionTimerPlan } from "../core/guest-erasure.ts";
import type { ChangeHandler, GuestReader, Timers } from "../core/ports.ts";
import { guestTimersReplanned, movedEventTimerPlan, timerPlanOf } from "../core/timer-plan.ts";
import { pageEvents } from "./page-events.ts";

/**
 * Stream handler: books and cancels the timers each change calls for (reminders, offer expiry and delivery,
 * daily summaries). Idempotent under redelivery: timer names are deterministic, a booked name keeps its
 * first booking and cancelling a name that is gone is fine.
 */
export function timersHandler(deps: { reader: GuestReader; timers: Timers }): ChangeHandler {
  return async (changes: readonly ChangeRecord[]) => {
    const eventOf = pageEvents(deps.reader);
    for (const change of changes) {
      const event = change.entity === "event" ? change.new : await eventOf(change.new.eventId);
      const plan =
        change.entity === "event" && guestTimersReplanned(change.old, change.new)
          ? movedEventTimerPlan(change.old, change.new, await deps.reader.listGuests(change.new.eventId))
          : timerPlanOf(change, event);
      if (change.entity === "event") {
        const retention = retentionTimerPlan(change.old, change.new);
        plan.cancel.push(...retention.cancel);
        plan.book.push(...retention.book);
      }
      // Cancel before booking: a change never books a name it cancels, but order keeps that obvious.
      if (plan.cancel.length > 0) await deps.timers.cancel(plan.cancel);
      if (plan.book.length > 0) await deps.timers.book(plan.book);
    }
  };
}
