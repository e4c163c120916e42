import { createHash } from "node:crypto";
import type { Command } from "../contracts/command.ts";
import { emailKey } from "../contracts/common.ts";
import { type Counters, countersOf, type EventRecord } from "../contracts/event.ts";
import type { GuestRecord, GuestStatus } from "../contracts/guest.ts";
import type { CommandResult, Outcome } from "../contracts/outcome.ts";
import { canMove, freeSeats, holdsSeat, moveGuest, seatAvailableForNewcomer } from "./seat-rules.ts";

/** What the keeper reads before deciding a batch of one event's commands. */
export interface KeeperView {
  event: EventRecord;
  /** The guests the commands name, by address (register) or id (cancel); others may be absent. */
  guests: readonly GuestRecord[];
  /** Commands already applied: a redelivery is acknowledged and changes nothing. */
  applied: ReadonlySet<string>;
}

/** One guest row to write: `old` is what the store must still hold (null: the row must not exist yet). */
export interface GuestWrite {
  old: GuestRecord | null;
  new: GuestRecord;
}

/** The keeper's decision for a prefix of a batch, for the store to commit atomically or refuse. */
export interface BatchDecision {
  eventId: string;
  /** The event as read; the store applies the difference to it. */
  before: EventRecord;
  /** The event after the decided commands. */
  after: EventRecord;
  /** Seats newly granted by this decision; when positive the store must check the cap inside the write. */
  seatsGranted: number;
  guestWrites: GuestWrite[];
  /** Commands decided here, in order, each with its outcome (including no-op and redelivered ones). */
  results: CommandResult[];
  /** Of the commands given, how many this decision covers; the caller decides the rest afterwards. */
  consumed: number;
}

/** A deterministic guest id for the guest a command creates, so a replayed command names the same guest. */
export function guestIdFor(eventId: string, commandId: string): string {
  return createHash("sha256").update(`${eventId}\n${commandId}`).digest("base64url").slice(0, 22);
}

/**
 * Decide a batch of commands of one event, in order, from what was read. Pure: the same view, commands
 * and clock give the same decision.
 *
 * A batch stops early (see `consumed`) before a command that would touch a guest or address that an earlier
 * command of the batch already touched, because a store commits one write per row in a transaction, and
 * before an event setting change that is not first; the caller decides the rest against a fresh view.
 */
export function decideBatch(view: KeeperView, commands: readonly Command[], now: Date): BatchDecision {
  const at = now.toISOString();
  let event = view.event;
  const byEmail = new Map(view.guests.map((g) => [g.emailKey, g]));
  const byId = new Map(view.guests.map((g) => [g.guestId, g]));
  const touchedGuests = new Set<string>();
  const touchedEmails = new Set<string>();
  let eventSettingTouched = false;
  const guestWrites: GuestWrite[] = [];
  const results: CommandResult[] = [];
  let seatsGranted = 0;
  let consumed = 0;

  const writeGuest = (old: GuestRecord | null, next: GuestRecord) => {
    touchedGuests.add(next.guestId);
    touchedEmails.add(next.emailKey);
    byId.set(next.guestId, next);
    byEmail.set(next.emailKey, next);
    guestWrites.push({ old, new: next });
  };

  const transition = (
    command: Command,
    old: GuestRecord | null,
    fields: Omit<GuestRecord, "status" | "version" | "updatedAt" | "lastChange" | "waitlistSeq">,
    to: GuestStatus,
  ): GuestRecord => {
    const from = old?.status ?? null;
    if (!canMove(from, to)) throw new Error(`illegal guest transition ${from ?? "new"} → ${to}`);
    const before = countersOf(event);
    const after: Counters = moveGuest(before, from, to);
    if (!holdsSeat(from) && holdsSeat(to)) seatsGranted += 1;
    const waitlistSeq =
      to === "waitlisted" && from !== "waitlisted" ? before.nextWaitlistSeq : (old?.waitlistSeq ?? null);
    event = { ...event, ...after };
    const next: GuestRecord = {
      ...fields,
      status: to,
      waitlistSeq,
      updatedAt: at,
      version: (old?.version ?? 0) + 1,
      lastChange: {
        commandId: command.commandId,
        lane: command.lane,
        at,
        from,
        to,
        countersBefore: before,
        countersAfter: after,
      },
    };
    writeGuest(old, next);
    return next;
  };

  const setEvent = (command: Command, action: string, patch: Partial<EventRecord>) => {
    eventSettingTouched = true;
    event = {
      ...event,
      ...patch,
      lastChange: { commandId: command.commandId, lane: command.lane, at, action },
    };
  };

  for (const command of commands) {
    if (command.eventId !== view.event.eventId) throw new Error("a batch holds commands of one event only");
    if (view.applied.has(command.commandId) || results.some((r) => r.commandId === command.commandId)) {
      consumed += 1;
      continue;
    }
    if (conflictsWithBatch(command)) break;
    results.push({ commandId: command.commandId, outcome: decide(command) });
    consumed += 1;
  }

  function conflictsWithBatch(command: Command): boolean {
    switch (command.type) {
      case "register":
        return touchedEmails.has(emailKey(command.email));
      case "cancel":
        return touchedGuests.has(command.guestId);
      default:
        // A setting change starts a batch of its own: the cap check of a commit is made against the final
        // cap, which must not judge seats granted before the change (lowering the cap evicts no one).
        return results.length > 0;
    }
  }

  function decide(command: Command): Outcome {
    switch (command.type) {
      case "register": {
        const key = emailKey(command.email);
        const existing = byEmail.get(key);
        if (existing) return { kind: "duplicate", guestId: existing.guestId, status: existing.status };
        if (!event.registrationOpen) return { kind: "refused", reason: "registration-closed" };
        if (now.getTime() >= Date.parse(event.startsAt)) return { kind: "refused", reason: "event-started" };
        const guestId = guestIdFor(event.eventId, command.commandId);
        const fields = {
          eventId: event.eventId,
          guestId,
          name: command.name,
          email: command.email,
          emailKey: key,
          lane: command.lane,
          createdAt: at,
        };
        if (command.invite) {
          transition(command, null, fields, "pending");
          return { kind: "invited", guestId };
        }
        if (seatAvailableForNewcomer(event)) {
          transition(command, null, fields, "confirmed");
          return { kind: "confirmed", guestId };
        }
        const guest = transition(command, null, fields, "waitlisted");
        return { kind: "waitlisted", guestId, waitlistSeq: guest.waitlistSeq ?? 0 };
      }
      case "cancel": {
        const guest = byId.get(command.guestId);
        if (!guest) return { kind: "refused", reason: "guest-not-found" };
        if (!canMove(guest.status, "cancelled")) return { kind: "unchanged", guestId: guest.guestId };
        transition(command, guest, guest, "cancelled");
        return {
          kind: "cancelled",
          guestId: guest.guestId,
          from: guest.status,
          seatReleased: holdsSeat(guest.status),
        };
      }
      case "set-capacity": {
        if (command.capacity === event.capacity) return { kind: "unchanged", guestId: null };
        const from = event.capacity;
        // Lowering the cap evicts no one: confirmed guests and held offers stay; only new grants stop.
        setEvent(command, "set-capacity", { capacity: command.capacity });
        return { kind: "capacity-set", from, to: command.capacity };
      }
      case "close-registration": {
        if (!event.registrationOpen) return { kind: "unchanged", guestId: null };
        setEvent(command, "close-registration", { registrationOpen: false });
        return { kind: "registration-closed" };
      }
      case "reopen-registration": {
        if (event.registrationOpen) return { kind: "unchanged", guestId: null };
        setEvent(command, "reopen-registration", { registrationOpen: true });
        return { kind: "registration-reopened" };
      }
    }
  }

  const changed = guestWrites.length > 0 || eventSettingTouched;
  const after = changed ? { ...event, version: view.event.version + 1, updatedAt: at } : view.event;
  if (seatsGranted > 0 && freeSeats(after) < 0) throw new Error("decision would exceed the cap");
  return {
    eventId: view.event.eventId,
    before: view.event,
    after,
    seatsGranted,
    guestWrites,
    results,
    consumed,
  };
}

/** The emails and guest ids a batch of commands needs to read. */
export function keysOf(commands: readonly Command[]): { emailKeys: string[]; guestIds: string[] } {
  const emailKeys = new Set<string>();
  const guestIds = new Set<string>();
  for (const c of commands) {
    if (c.type === "register") emailKeys.add(emailKey(c.email));
    if (c.type === "cancel") guestIds.add(c.guestId);
  }
  return { emailKeys: [...emailKeys], guestIds: [...guestIds] };
}
