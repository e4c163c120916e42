import type { Command } from "../contracts/command.ts";
import { type EventChange, type EventRecord, eventEnd } from "../contracts/event.ts";
import type { Outcome } from "../contracts/outcome.ts";
import { decideMintDoorLink, decideRevokeDoorLink } from "./door-link-decisions.ts";
import { applyEventEdit } from "./event-edit.ts";
import { thankYouModeOf } from "./thank-you.ts";

/**
 * The commands that change the event row and no guest: the host's settings and messages, the daily summary, and
 * the thank-you note's way from the event's end to its approval.
 */
export type EventCommand = Extract<
  Command,
  {
    type:
      | "message-guests"
      | "daily-summary"
      | "set-capacity"
      | "close-registration"
      | "reopen-registration"
      | "event-ended"
      | "thanks-drafted"
      | "set-thank-you"
      | "approve-thanks"
      | "edit-event"
      | "mint-door-link"
      | "revoke-door-link";
  }
>;

/**
 * What the keeper makes of an event command: its outcome and, when it changes the event, the fields to set
 * and what the row's last change carries besides (a host message, a summary's day). The change is recorded
 * under the command's type, so the stream can audit it and act on it.
 */
export interface EventDecision {
  outcome: Outcome;
  change: {
    patch: Partial<EventRecord>;
    detail?: Pick<EventChange, "message" | "day" | "verification">;
  } | null;
}

/** A decision that leaves the event as it is. */
const keep = (outcome: Outcome): EventDecision => ({ outcome, change: null });
const unchanged = (): EventDecision => keep({ kind: "unchanged", guestId: null });

/**
 * Decides one event command against the event as it stands (after the earlier commands of its batch), at
 * `now`. Pure: the same event, command and clock give the same decision.
 */
export function decideEventCommand(event: EventRecord, command: EventCommand, now: Date): EventDecision {
  switch (command.type) {
    case "message-guests":
      return {
        outcome: { kind: "message-recorded" },
        change: { patch: {}, detail: { message: command.message } },
      };
    case "daily-summary":
      if (now.getTime() >= Date.parse(event.startsAt))
        return keep({ kind: "refused", reason: "event-started" });
      return {
        outcome: { kind: "summary-recorded", day: command.day },
        change: { patch: {}, detail: { day: command.day } },
      };
    case "set-capacity":
      if (command.capacity === event.capacity) return unchanged();
      // Lowering the cap evicts no one: confirmed guests and held offers stay; only new grants stop.
      return {
        outcome: { kind: "capacity-set", from: event.capacity, to: command.capacity },
        change: { patch: { capacity: command.capacity } },
      };
    case "close-registration":
      if (!event.registrationOpen) return unchanged();
      return { outcome: { kind: "registration-closed" }, change: { patch: { registrationOpen: false } } };
    case "reopen-registration":
      if (event.registrationOpen) return unchanged();
      return { outcome: { kind: "registration-reopened" }, change: { patch: { registrationOpen: true } } };
    case "event-ended":
      return decideEventEnded(event, now);
    case "thanks-drafted":
      return decideThanksDrafted(event, command, now);
    case "set-thank-you":
      return decideSetThankYou(event, command);
    case "approve-thanks":
      return decideApproveThanks(event, command, now);
    case "edit-event":
      return decideEdit(event, command, now);
    case "mint-door-link":
      return decideMintDoorLink(event, command, now);
    case "revoke-door-link":
      return decideRevokeDoorLink(event, command, now);
  }
}

type CommandOf<T extends EventCommand["type"]> = Extract<EventCommand, { type: T }>;

/** The end of the event starts the thank-you note on its way (drafting), once, if the event wants one. */
function decideEventEnded(event: EventRecord, now: Date): EventDecision {
  const at = now.toISOString();
  // Early (Scheduler fires anywhere in the minute): not yet, so the timer comes back at the end. Otherwise the
  // end is recorded as a fact — registration closed for good — so a clock set back later cannot reopen an
  // event that is over (everything else reads the clock); and the thank-you note starts, unless it is under
  // way (a replayed timer) or off.
  if (now.getTime() < eventEnd(event).getTime())
    return keep({ kind: "not-yet", dueAt: eventEnd(event).toISOString() });
  const close = event.registrationOpen ? { registrationOpen: false } : {};
  if (event.thankYou || thankYouModeOf(event) === "off")
    return event.registrationOpen
      ? { outcome: { kind: "registration-closed" }, change: { patch: close } }
      : unchanged();
  return {
    outcome: { kind: "thank-you", status: "drafting" },
    change: {
      patch: {
        ...close,
        thankYou: {
          status: "drafting",
          endedAt: at,
          body: null,
          source: null,
          approvedAt: null,
          approvedBy: null,
        },
      },
    },
  };
}

/** The draft of the thank-you note arrives: approved at once in auto mode, else waiting for the host. */
function decideThanksDrafted(
  event: EventRecord,
  command: CommandOf<"thanks-drafted">,
  now: Date,
): EventDecision {
  const at = now.toISOString();
  const thanks = event.thankYou;
  // Only the first draft counts: a second one (a redelivered change drafted again) is late news.
  if (thanks?.status !== "drafting") return unchanged();
  const auto = thankYouModeOf(event) === "auto";
  return {
    outcome: { kind: "thank-you", status: auto ? "approved" : "drafted" },
    change: {
      patch: {
        thankYou: {
          ...thanks,
          status: auto ? "approved" : "drafted",
          body: command.body,
          source: command.source,
          approvedAt: auto ? at : null,
          approvedBy: auto ? "auto" : null,
        },
      },
    },
  };
}

/** The host's setting and notes for the thank-you note, until it is drafted. */
function decideSetThankYou(event: EventRecord, command: CommandOf<"set-thank-you">): EventDecision {
  // Once drafted, the setting and the notes would change nothing: the host edits the draft instead.
  if (event.thankYou) return keep({ kind: "refused", reason: "thanks-already-drafted" });
  const mode = command.mode ?? thankYouModeOf(event);
  const notes = command.notes ?? event.thankYouNotes ?? "";
  if (mode === thankYouModeOf(event) && notes === (event.thankYouNotes ?? "")) return unchanged();
  return {
    outcome: { kind: "thank-you-set" },
    change: { patch: { settings: { ...event.settings, thankYou: mode }, thankYouNotes: notes } },
  };
}

/** The host approves the drafted note (perhaps edited), which sends it. */
function decideApproveThanks(
  event: EventRecord,
  command: CommandOf<"approve-thanks">,
  now: Date,
): EventDecision {
  const at = now.toISOString();
  const thanks = event.thankYou;
  // Approving twice (two tabs, a double click, the CLI and the page) sends the note once.
  if (thanks?.status === "approved") return unchanged();
  if (thanks?.status !== "drafted" || thanks.body === null)
    return keep({ kind: "refused", reason: "thanks-not-drafted" });
  const edited = command.body !== undefined && command.body !== thanks.body;
  return {
    outcome: { kind: "thank-you", status: "approved" },
    change: {
      patch: {
        thankYou: {
          ...thanks,
          status: "approved",
          body: command.body ?? thanks.body,
          source: edited ? "host" : thanks.source,
          approvedAt: at,
          approvedBy: "host",
        },
      },
    },
  };
}

/**
 * A host's edit of an event's details and settings. The date and time can no longer change once the event has
 * started (reminders, offers and the thank-you note have acted on it), nor move into the past; the end must
 * come after the start. A change of date, time or place raises the calendar sequence: the guests are emailed
 * an updated calendar entry (streams/messenger-handler.ts) and the timers move (core/timer-plan.ts).
 */
function decideEdit(event: EventRecord, command: CommandOf<"edit-event">, now: Date): EventDecision {
  const { next, changed, moved } = applyEventEdit(event, command.changes);
  if (changed.length === 0) return unchanged();
  const timeChanged = changed.includes("startsAt") || changed.includes("endsAt");
  if (timeChanged && now.getTime() >= Date.parse(event.startsAt))
    return keep({ kind: "refused", reason: "event-started" });
  if (timeChanged && Date.parse(next.startsAt) <= now.getTime())
    return keep({ kind: "refused", reason: "edit-invalid" });
  if (Date.parse(next.endsAt ?? next.startsAt) <= Date.parse(next.startsAt))
    return keep({ kind: "refused", reason: "edit-invalid" });
  const calendarSequence = (event.calendarSequence ?? 0) + (moved ? 1 : 0);
  return {
    outcome: { kind: "event-edited", changed, guestsNotified: moved, calendarSequence },
    change: {
      patch: {
        name: next.name,
        startsAt: next.startsAt,
        endsAt: next.endsAt,
        timeZone: next.timeZone,
        details: next.details,
        settings: next.settings,
        calendarSequence,
      },
    },
  };
}
