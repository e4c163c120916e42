import { createHash } from "node:crypto";
import type { Command } from "../contracts/command.ts";
import { emailKey } from "../contracts/common.ts";
import { type Counters, countersOf, type EventRecord } from "../contracts/event.ts";
import {
  type GuestAction,
  type GuestRecord,
  type GuestStatus,
  type GuestTransition,
  type Notice,
  type Offer,
  roundOf,
} from "../contracts/guest.ts";
import type { CommandResult, Outcome } from "../contracts/outcome.ts";
import { decideEventCommand } from "./event-decisions.ts";
import { offerDeadline } from "./reminder-schedule.ts";
import { canMove, freeSeats, hasLeft, holdsSeat, moveGuest, seatAvailableForNewcomer } from "./seat-rules.ts";

/** What the keeper reads before deciding a batch of one event's commands. */
export interface KeeperView {
  event: EventRecord;
  /** The guests the commands name, by address (register) or id (cancel); others may be absent. */
  guests: readonly GuestRecord[];
  /** Commands already applied: a redelivery is acknowledged and changes nothing. */
  applied: ReadonlySet<string>;
  /**
   * The head of the waitlist in line order (by waitlist sequence, then guest id), at least as many as there
   * are free seats; read only when the batch holds an `offer-next`.
   */
  waitlistHead?: readonly GuestRecord[];
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
  /** The commands of `results`, so a command given twice in one batch is decided once. */
  const decided = new Set<string>();
  let seatsGranted = 0;
  let consumed = 0;

  const writeGuest = (old: GuestRecord | null, next: GuestRecord): GuestRecord => {
    touchedGuests.add(next.guestId);
    touchedEmails.add(next.emailKey);
    byId.set(next.guestId, next);
    byEmail.set(next.emailKey, next);
    guestWrites.push({ old, new: next });
    return next;
  };

  type GuestFields = Omit<GuestRecord, "status" | "version" | "updatedAt" | "lastChange" | "waitlistSeq">;

  /** The record of a guest-row change, as its audit entry and its stream handlers read it. */
  const change = (
    command: Command,
    action: GuestAction,
    notice: Notice | null,
    from: GuestStatus | null,
    to: GuestStatus,
    countersBefore: Counters,
    countersAfter: Counters,
  ): GuestTransition => ({
    commandId: command.commandId,
    lane: command.lane,
    at,
    action,
    notice,
    from,
    to,
    countersBefore,
    countersAfter,
  });

  /** Moves a guest (null: a new one) to a status, moving the counters with it. */
  const transition = (
    command: Command,
    old: GuestRecord | null,
    fields: GuestFields,
    to: GuestStatus,
    action: GuestAction,
  ): GuestRecord => {
    const from = old?.status ?? null;
    if (!canMove(from, to)) throw new Error(`illegal guest transition ${from ?? "new"} → ${to}`);
    const before = countersOf(event);
    const after: Counters = moveGuest(before, from, to);
    if (!holdsSeat(from) && holdsSeat(to)) seatsGranted += 1;
    // Joining the line takes the next number, so a guest who comes back joins at its end. Their number from an
    // earlier round names no place in line any more.
    const waitlistSeq =
      to === "waitlisted" && from !== "waitlisted"
        ? before.nextWaitlistSeq
        : hasLeft(from)
          ? null
          : (old?.waitlistSeq ?? null);
    event = { ...event, ...after };
    return writeGuest(old, {
      ...fields,
      status: to,
      waitlistSeq,
      updatedAt: at,
      version: (old?.version ?? 0) + 1,
      lastChange: change(command, action, null, from, to, before, after),
    });
  };

  /**
   * A guest-row change that moves neither status nor counters: a message to the guest (`notify`, so it is
   * audited and its stream sends it once) or an end to the host's messages (`mute-messages`: the messenger
   * reads the flag from the row).
   */
  const keepStatus = (
    command: Command,
    guest: GuestRecord,
    action: "notify" | "mute-messages",
    notice: Notice | null,
    fields: Partial<GuestFields> = {},
  ): GuestRecord => {
    const counters = countersOf(event);
    return writeGuest(guest, {
      ...guest,
      ...fields,
      updatedAt: at,
      version: guest.version + 1,
      lastChange: change(command, action, notice, guest.status, guest.status, counters, counters),
    });
  };

  const started = now.getTime() >= Date.parse(view.event.startsAt);

  for (const command of commands) {
    if (command.eventId !== view.event.eventId) throw new Error("a batch holds commands of one event only");
    if (view.applied.has(command.commandId) || decided.has(command.commandId)) {
      consumed += 1;
      continue;
    }
    if (conflictsWithBatch(command)) break;
    results.push({ commandId: command.commandId, outcome: decide(command) });
    decided.add(command.commandId);
    consumed += 1;
  }

  function conflictsWithBatch(command: Command): boolean {
    switch (command.type) {
      case "register":
        return touchedEmails.has(emailKey(command.email));
      case "cancel":
      case "confirm-invite":
      case "decline":
      case "claim-offer":
      case "expire-offer":
      case "notify":
      case "mute-messages":
        return touchedGuests.has(command.guestId);
      default:
        // A setting change starts a batch of its own: the cap check of a commit is made against the final
        // cap, which must not judge seats granted before the change (lowering the cap evicts no one). An
        // offer round does too, so it reads the head of the line as it stands after everything before it.
        return results.length > 0;
    }
  }

  function decide(command: Command): Outcome {
    switch (command.type) {
      case "register": {
        const key = emailKey(command.email);
        const existing = byEmail.get(key);
        if (existing) return registerAgain(command, existing);
        if (!event.registrationOpen) return { kind: "refused", reason: "registration-closed" };
        if (started) return { kind: "refused", reason: "event-started" };
        const guestId = guestIdFor(event.eventId, command.commandId);
        const fields = {
          eventId: event.eventId,
          guestId,
          name: command.name,
          email: command.email,
          emailKey: key,
          lane: command.lane,
          createdAt: at,
          offer: null,
          hostMessages: true,
        };
        if (command.invite) {
          transition(command, null, fields, "pending", "invite");
          return { kind: "invited", guestId };
        }
        return seatOrLine(command, null, fields, "register");
      }
      case "cancel": {
        const guest = byId.get(command.guestId);
        if (!guest) return { kind: "refused", reason: "guest-not-found" };
        if (!canMove(guest.status, "cancelled")) return { kind: "unchanged", guestId: guest.guestId };
        return leave(command, guest, "cancel");
      }
      case "decline": {
        const guest = byId.get(command.guestId);
        if (!guest) return { kind: "refused", reason: "guest-not-found" };
        if (guest.status === "cancelled") return { kind: "unchanged", guestId: guest.guestId };
        if (guest.status !== "offered" && guest.status !== "pending")
          return { kind: "refused", reason: "no-offer" };
        return leave(command, guest, "decline");
      }
      case "confirm-invite": {
        const guest = byId.get(command.guestId);
        if (!guest) return { kind: "refused", reason: "guest-not-found" };
        if (guest.status !== "pending") {
          // A second click on the confirm link: the guest already went through.
          if (guest.lastChange.action === "confirm-invite")
            return { kind: "unchanged", guestId: guest.guestId };
          return { kind: "refused", reason: "not-invited" };
        }
        if (started) return { kind: "refused", reason: "event-started" };
        return seatOrLine(command, guest, guest, "confirm-invite");
      }
      case "claim-offer": {
        const guest = byId.get(command.guestId);
        if (!guest) return { kind: "refused", reason: "guest-not-found" };
        if (guest.status === "confirmed" && guest.lastChange.action === "claim")
          return { kind: "unchanged", guestId: guest.guestId };
        if (guest.status !== "offered" || !guest.offer) return { kind: "refused", reason: "no-offer" };
        // The window is checked here, not only by the expiry timer: a claim that arrives after the window
        // closed but before the timer fired must not take the seat the next person is owed.
        if (now.getTime() >= Date.parse(guest.offer.expiresAt))
          return { kind: "refused", reason: "offer-expired" };
        transition(command, guest, guest, "confirmed", "claim");
        return { kind: "claimed", guestId: guest.guestId };
      }
      case "expire-offer": {
        const guest = byId.get(command.guestId);
        if (!guest) return { kind: "refused", reason: "guest-not-found" };
        // Claimed, declined or already lapsed: the timer is late news. Early: not the keeper's to cut short.
        if (guest.status !== "offered" || !guest.offer) return { kind: "unchanged", guestId: guest.guestId };
        if (now.getTime() < Date.parse(guest.offer.expiresAt))
          return { kind: "unchanged", guestId: guest.guestId };
        transition(command, guest, guest, "lapsed", "expire-offer");
        return { kind: "lapsed", guestId: guest.guestId };
      }
      case "offer-next": {
        const offered = offerFreeSeats(command);
        return offered.length > 0
          ? { kind: "offered", guestIds: offered }
          : { kind: "unchanged", guestId: null };
      }
      case "notify": {
        const guest = byId.get(command.guestId);
        if (!guest) return { kind: "refused", reason: "guest-not-found" };
        if (!noticeApplies(command.notice, guest)) return { kind: "refused", reason: "not-applicable" };
        keepStatus(command, guest, "notify", command.notice);
        return { kind: "notified", guestId: guest.guestId, notice: command.notice };
      }
      case "mute-messages": {
        const guest = byId.get(command.guestId);
        if (!guest) return { kind: "refused", reason: "guest-not-found" };
        // Unsubscribing twice (a second click, the mail client's button after the link) changes nothing.
        // `=== false`: a row from before the flag holds none, and gets the host's messages.
        if (guest.hostMessages === false) return { kind: "unchanged", guestId: guest.guestId };
        keepStatus(command, guest, "mute-messages", null, { hostMessages: false });
        return { kind: "messages-muted", guestId: guest.guestId };
      }
      default: {
        // The event row alone: host settings and messages, the daily summary, the thank-you note.
        const decision = decideEventCommand(event, command, now);
        if (decision.change) {
          const { patch, detail } = decision.change;
          eventSettingTouched = true;
          event = {
            ...event,
            ...patch,
            lastChange: {
              commandId: command.commandId,
              lane: command.lane,
              at,
              action: command.type,
              ...detail,
            },
          };
        }
        return decision.outcome;
      }
    }
  }

  /**
   * A registration of an address that already has a guest row. The guest's own registration (their signed
   * register-again link, an email reply) brings back a guest who left — cancelled, or let an offer lapse — exactly as a newcomer: the
   * same checks, a seat if one is free and nobody waits, else the END of the line. The row is reused, so the
   * guest id (which links, timer names and email keys name) stays; its round goes up (see `GuestRecord.round`).
   * From an invited guest it accepts the invitation, as their confirm link would. Everything else is a
   * duplicate that changes nothing: a second registration while in, and any host import of an address on the
   * list (a host re-importing an updated spreadsheet must not bring back those who said no, nor seat those who
   * were only invited).
   */
  function registerAgain(command: Extract<Command, { type: "register" }>, existing: GuestRecord): Outcome {
    const duplicate: Outcome = { kind: "duplicate", guestId: existing.guestId, status: existing.status };
    if (command.invite || command.lane === "import") return duplicate;
    if (command.lane === "web") return webDuplicate(command, existing, duplicate);
    if (existing.status === "pending") {
      if (started) return { kind: "refused", reason: "event-started" };
      return seatOrLine(command, existing, existing, "confirm-invite");
    }
    if (!hasLeft(existing.status)) return duplicate;
    if (!event.registrationOpen) return { kind: "refused", reason: "registration-closed" };
    if (started) return { kind: "refused", reason: "event-started" };
    const fields: GuestFields = {
      ...existing,
      // As given this time: the name they typed now, the spelling of the address (its key is the same).
      name: command.name,
      email: command.email,
      lane: command.lane,
      // An offer of an earlier round is over; the record of it is in the audit trail.
      offer: null,
      round: roundOf(existing) + 1,
    };
    return seatOrLine(command, existing, fields, "register");
  }

  /**
   * A web registration of an address already on the list. Anyone can type any address into the form, so it
   * proves nothing about who sent it: it changes nothing (no invitation accepted, no comeback, no new name)
   * and only re-sends the address's owner their status and links (`resend-link`; a guest who left gets a link
   * to register again, which acts through the `link` lane). Its answer (`duplicate`) is shown to the sender as
   * "check your email", like every other registration's, never as the stored name or status.
   */
  function webDuplicate(
    command: Extract<Command, { type: "register" }>,
    existing: GuestRecord,
    duplicate: Outcome,
  ): Outcome {
    keepStatus(command, existing, "notify", "resend-link");
    return duplicate;
  }

  /** A newcomer (or an invited guest confirming) gets a seat if one is free and nobody waits, else a place in line. */
  function seatOrLine(
    command: Command,
    old: GuestRecord | null,
    fields: GuestFields,
    action: GuestAction,
  ): Outcome {
    if (seatAvailableForNewcomer(event)) {
      const guest = transition(command, old, fields, "confirmed", action);
      return { kind: "confirmed", guestId: guest.guestId };
    }
    const guest = transition(command, old, fields, "waitlisted", action);
    return { kind: "waitlisted", guestId: guest.guestId, waitlistSeq: guest.waitlistSeq ?? 0 };
  }

  function leave(command: Command, guest: GuestRecord, action: "cancel" | "decline"): Outcome {
    transition(command, guest, guest, "cancelled", action);
    return {
      kind: "cancelled",
      guestId: guest.guestId,
      from: guest.status,
      seatReleased: holdsSeat(guest.status),
    };
  }

  /**
   * Offers each free seat to the next guest in line, in order. The seat is held (counted in `offered`) from
   * now; the email may wait for the end of quiet hours, and the claim window counts from delivery. No offers
   * once the event has started, or when the offer could only reach the guest after the start.
   */
  function offerFreeSeats(command: Command): string[] {
    const s = event.settings;
    const deadline = offerDeadline({
      offeredAt: now,
      windowHours: s.claimWindowHours,
      startsAt: new Date(event.startsAt),
      zone: event.timeZone,
      quiet: s.quietHours,
      allowNight: s.allowNightOffers,
    });
    if (!deadline) return [];
    const offer: Offer = {
      offeredAt: at,
      deliverAt: deadline.deliverAt.toISOString(),
      expiresAt: deadline.expiresAt.toISOString(),
    };
    const offered: string[] = [];
    for (const head of view.waitlistHead ?? []) {
      if (freeSeats(event) <= 0) break;
      const guest = byId.get(head.guestId) ?? head;
      if (guest.status !== "waitlisted") continue;
      transition(command, guest, { ...guest, offer }, "offered", "offer");
      offered.push(guest.guestId);
    }
    return offered;
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

/**
 * Whether a notice still applies to a guest: reminders only to the confirmed, a deferred offer only while it
 * is held, a re-sent link to anyone still in the guest list. A timer that fires after the guest left is a no-op.
 */
export function noticeApplies(notice: Notice, guest: GuestRecord): boolean {
  switch (notice) {
    case "reminder-week":
    case "reminder-day":
    case "reminder-morning":
      return guest.status === "confirmed";
    case "offer":
      return guest.status === "offered";
    case "resend-link":
      return guest.status !== "cancelled" && guest.status !== "lapsed";
  }
}

/** How much of the waitlist an offer round reads: one guest per free seat, at most what one commit holds. */
export function headLength(event: Counters, maxBatch: number): number {
  return Math.max(0, Math.min(freeSeats(event), event.waitlisted, maxBatch - 2));
}

/** The emails and guest ids a batch of commands needs to read, and whether it needs the head of the line. */
export function keysOf(commands: readonly Command[]): {
  emailKeys: string[];
  guestIds: string[];
  waitlistHead: boolean;
} {
  const emailKeys = new Set<string>();
  const guestIds = new Set<string>();
  let waitlistHead = false;
  for (const c of commands) {
    if (c.type === "register") emailKeys.add(emailKey(c.email));
    else if ("guestId" in c) guestIds.add(c.guestId);
    else if (c.type === "offer-next") waitlistHead = true;
  }
  return { emailKeys: [...emailKeys], guestIds: [...guestIds], waitlistHead };
}
