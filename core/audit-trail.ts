import type { AuditEntry } from "../contracts/audit.ts";
import type { ChangeRecord } from "../contracts/change.ts";
import { type Counters, countersOf, type EventRecord } from "../contracts/event.ts";
import { ERASED_ACTOR, isErased } from "./guest-erasure.ts";
import { moveGuest, resizeParty, seatsOf } from "./seat-rules.ts";
import { thankYouModeOf } from "./thank-you.ts";

/**
 * The audit entries a committed change produces: one per guest transition, one per event setting change
 * (a counter-only change of the event row is already audited through its guests). Keys are derived from
 * the change, so delivering it twice writes nothing new.
 */
export function auditEntriesFor(change: ChangeRecord): AuditEntry[] {
  if (change.entity === "guest") {
    const g = change.new;
    const t = g.lastChange;
    const seatsBefore = change.old ? seatsOf(change.old) : seatsOf(g);
    return [
      {
        auditKey: `${g.eventId}/guest/${g.guestId}/${g.version}`,
        eventId: g.eventId,
        at: t.at,
        lane: t.lane,
        commandId: t.commandId,
        entity: "guest",
        guestId: g.guestId,
        // An erased guest's entry says that a guest was erased, not who: their address is gone from the row.
        actor: isErased(g) ? ERASED_ACTOR : g.email,
        action: t.action === "notify" ? `notify:${t.notice}` : t.action,
        from: t.from,
        to: t.to,
        countersBefore: t.countersBefore,
        countersAfter: t.countersAfter,
        // Only a party counts more than one seat; entries of one seat stay as they were before parties.
        ...(seatsOf(g) > 1 ? { seats: seatsOf(g) } : {}),
        // A party that changed its size: what it counted before, so the replay takes the old seats off.
        ...(seatsBefore !== seatsOf(g) ? { seatsBefore } : {}),
      },
    ];
  }
  const { old, new: next } = change;
  const t = next.lastChange;
  if (!t || (old && old.lastChange?.commandId === t.commandId)) return [];
  // A confirmation email on its way changes nothing yet, and the trail keeps no address of a stranger.
  if (t.action === "verify-address") return [];
  const setting = settingOf(t.action, old);
  return [
    {
      auditKey: `${next.eventId}/event/${t.commandId}`,
      eventId: next.eventId,
      at: t.at,
      lane: t.lane,
      commandId: t.commandId,
      entity: "event",
      guestId: null,
      actor: "host",
      action: t.action,
      from: setting,
      to: settingOf(t.action, next) ?? "",
      countersBefore: old ? countersOf(old) : null,
      countersAfter: countersOf(next),
    },
  ];
}

/** The setting an event action changed, as it reads in the trail (a host message reads as its subject). */
function settingOf(action: string, event: EventRecord | null): string | null {
  if (!event) return null;
  if (action === "set-capacity" || action === "create-event") return String(event.capacity);
  if (action === "message-guests") return event.lastChange?.message?.subject ?? null;
  if (action === "daily-summary") return event.lastChange?.day ?? null;
  // The thank-you note reads as where it stands (none → drafting → drafted → approved), its setting as the mode.
  if (action === "event-ended" || action === "thanks-drafted" || action === "approve-thanks")
    return event.thankYou?.status ?? "none";
  if (action === "set-thank-you") return thankYouModeOf(event);
  // The retention period ended: each guest's data is erased next (their own `erase` entries follow).
  if (action === "retention-due")
    return `guest data erased ${event.settings.retentionDays ?? "?"} days after the end`;
  // A new host link reads as the start of its hash (never the token): which link works from then on.
  if (action === "new-host-link") return `host link ${event.hostTokenHash.slice(0, 8)}…`;
  // A door link reads as its id and name (never its token), and whether it is revoked.
  if (action === "mint-door-link") return doorLinkText(event.doorLinks?.at(-1), "minted");
  if (action === "revoke-door-link")
    return doorLinkText(
      event.doorLinks?.find((l) => l.revokedAt !== null && l.revokedAt === event.lastChange?.at),
      "revoked",
    );
  // An edit reads as what guests see change: the name, the start and the place (with the calendar sequence).
  if (action === "edit-event")
    return [
      event.name,
      event.startsAt,
      event.details.location.place ?? event.details.location.onlineUrl ?? "",
      `sequence ${event.calendarSequence}`,
    ].join(" · ");
  return event.registrationOpen ? "open" : "closed";
}

/** "door link 3fA9…: Main door (revoked)". */
function doorLinkText(link: { id: string; label: string } | undefined, state: string): string {
  if (!link) return `door link ${state}`;
  return `door link ${link.id}${link.label ? `: ${link.label}` : ""} (${state})`;
}

/** What replaying an audit trail yields: the counters and whether registration is open. */
export interface Replayed {
  counters: Counters;
  registrationOpen: boolean;
}

/**
 * Rebuild an event's counters from its audit trail alone, in order. Equal to the live counters when every
 * committed change was audited exactly once — `rsvp audit verify` checks this. A guest who registers again is
 * one more transition of the same guest (cancelled or lapsed → confirmed or waitlisted), replayed like any other.
 */
export function replayAudit(entries: readonly AuditEntry[]): Replayed | null {
  let state: Replayed | null = null;
  for (const e of entries) {
    if (e.entity === "event") {
      if (e.action === "create-event") {
        state = { counters: { ...e.countersAfter }, registrationOpen: true };
        continue;
      }
      if (!state) return null;
      if (e.action === "set-capacity") state.counters.capacity = Number(e.to);
      if (e.action === "close-registration") state.registrationOpen = false;
      if (e.action === "reopen-registration") state.registrationOpen = true;
      // The end of the event closes registration for good (a recorded end always leaves it closed).
      if (e.action === "event-ended") state.registrationOpen = false;
      continue;
    }
    if (!state) return null;
    const from = e.from as Parameters<typeof moveGuest>[1];
    const seats = e.seats ?? 1;
    // A party that changed its size leaves its old status with the seats it had, and arrives with its new ones.
    const resized = from ? resizeParty(state.counters, from, e.seatsBefore ?? seats, seats) : state.counters;
    state.counters = moveGuest(resized, from, e.to as Parameters<typeof moveGuest>[2], seats);
  }
  return state;
}

/** Differences between a replayed trail and the live event, as readable lines; empty when they agree. */
export function auditDifferences(replayed: Replayed | null, live: EventRecord): string[] {
  if (!replayed) return ["the audit trail has no event creation entry"];
  const diffs: string[] = [];
  const liveCounters = countersOf(live);
  for (const key of Object.keys(liveCounters) as (keyof Counters)[]) {
    if (replayed.counters[key] !== liveCounters[key]) {
      diffs.push(`${key}: audit replay says ${replayed.counters[key]}, live counter is ${liveCounters[key]}`);
    }
  }
  if (replayed.registrationOpen !== live.registrationOpen) {
    diffs.push(
      `registration: audit replay says ${replayed.registrationOpen ? "open" : "closed"}, live is ${live.registrationOpen ? "open" : "closed"}`,
    );
  }
  return diffs;
}
