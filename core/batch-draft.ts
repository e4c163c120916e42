import type { Command } from "../contracts/command.ts";
import {
  type Counters,
  countersOf,
  type EventChange,
  type EventRecord,
  partiesOf,
} from "../contracts/event.ts";
import type { GuestAction, GuestRecord, GuestStatus, GuestTransition, Notice } from "../contracts/guest.ts";
import type { CommandResult } from "../contracts/outcome.ts";
import { tallyGuestWrite } from "./answer-tally.ts";
import { moveRequest, resizeRequest } from "./approval-rules.ts";
import type { EventDecision } from "./event-decisions.ts";
import type { BatchDecision, GuestWrite, KeeperView } from "./ports.ts";
import { tallyReconfirmWrite } from "./reconfirm-tally.ts";
import {
  canMove,
  freeSeats,
  hasLeft,
  holdsSeat,
  moveGuest,
  moveParty,
  resizeParty,
  seatsOf,
} from "./seat-rules.ts";

/** What a decision sets on a guest row; the draft sets the rest (status, place in line, version, last change). */
export type GuestFields = Omit<
  GuestRecord,
  "status" | "version" | "updatedAt" | "lastChange" | "waitlistSeq"
>;

/**
 * The working state of one batch while its commands are decided, in order: the event and the guest rows as the
 * earlier commands left them, what they wrote, their results and the seats they granted. Decisions read it and
 * change it only through `transition`, `keepStatus` and `changeEvent`; `finish` turns it into the decision the
 * store commits (and refuses to hand over one that exceeds the cap).
 */
export class BatchDraft {
  /** The clock of the whole batch, and the same instant as text for the rows. */
  readonly now: Date;
  readonly at: string;
  /** Whether the event had started at `now` (as read: a batch never moves the start). */
  readonly started: boolean;
  /** The head of the line as read, in order (see `KeeperView.waitlistHead`). */
  readonly waitlistHead: readonly GuestRecord[];
  readonly #view: KeeperView;
  #event: EventRecord;
  readonly #byId: Map<string, GuestRecord>;
  readonly #byEmail: Map<string, GuestRecord>;
  readonly #touchedGuests = new Set<string>();
  readonly #touchedEmails = new Set<string>();
  #eventTouched = false;
  readonly #writes: GuestWrite[] = [];
  readonly #results: CommandResult[] = [];
  readonly #deferred: CommandResult[] = [];
  readonly #decided = new Set<string>();
  #seatsGranted = 0;

  constructor(view: KeeperView, now: Date) {
    this.#view = view;
    this.#event = view.event;
    this.now = now;
    this.at = now.toISOString();
    this.started = now.getTime() >= Date.parse(view.event.startsAt);
    this.waitlistHead = view.waitlistHead ?? [];
    this.#byId = new Map(view.guests.map((g) => [g.guestId, g]));
    this.#byEmail = new Map(view.guests.map((g) => [g.emailKey, g]));
  }

  /** The event as the commands decided so far left it. */
  get event(): EventRecord {
    return this.#event;
  }
  guest(guestId: string): GuestRecord | undefined {
    return this.#byId.get(guestId);
  }
  guestByEmail(key: string): GuestRecord | undefined {
    return this.#byEmail.get(key);
  }

  /** Whether a command was applied before (a redelivery) or is already decided in this batch (given twice). */
  isSettled(commandId: string): boolean {
    return this.#view.applied.has(commandId) || this.#decided.has(commandId);
  }
  /** Whether an earlier command of the batch wrote this guest's row, or a row with this address. */
  touchesGuest(guestId: string): boolean {
    return this.#touchedGuests.has(guestId);
  }
  touchesEmail(key: string): boolean {
    return this.#touchedEmails.has(key);
  }
  /** Whether any command of the batch has been decided yet. */
  get isEmpty(): boolean {
    return this.#results.length === 0;
  }

  /**
   * Records a command's outcome; the command is then settled for the rest of the batch. A timer that came
   * before its time (`not-yet`) is kept apart, so the store does not record it as applied.
   */
  record(result: CommandResult): void {
    (result.outcome.kind === "not-yet" ? this.#deferred : this.#results).push(result);
    this.#decided.add(result.commandId);
  }

  /** Moves a guest (null: a new one) to a status, moving the counters with it by the seats the guest counts. */
  transition(
    command: Command,
    old: GuestRecord | null,
    fields: GuestFields,
    to: GuestStatus,
    action: GuestAction,
  ): GuestRecord {
    const from = old?.status ?? null;
    if (!canMove(from, to)) throw new Error(`illegal guest transition ${from ?? "new"} → ${to}`);
    const seats = seatsOf(fields);
    // The seats the guest counted for before: fewer than `seats` only when a decision changes the party as it
    // moves the guest (an offer claimed for fewer seats).
    const seatsBefore = old ? seatsOf(old) : seats;
    const before = countersOf(this.#event);
    const after = moveGuest(from ? resizeParty(before, from, seatsBefore, seats) : before, from, to, seats);
    if (!holdsSeat(from) && holdsSeat(to)) this.#seatsGranted += seats;
    else if (holdsSeat(from) && holdsSeat(to) && seats > seatsBefore)
      this.#seatsGranted += seats - seatsBefore;
    // Joining the line takes the next number, so a guest who comes back joins at its end. Their number from an
    // earlier round names no place in line any more.
    const waitlistSeq =
      to === "waitlisted" && from !== "waitlisted"
        ? before.nextWaitlistSeq
        : hasLeft(from)
          ? null
          : (old?.waitlistSeq ?? null);
    this.#event = { ...this.#event, ...after, parties: moveParty(partiesOf(this.#event), from, to) };
    if (from === "requested" || to === "requested") this.#event = moveRequest(this.#event, from, to, seats);
    return this.#write(old, {
      ...fields,
      status: to,
      waitlistSeq,
      updatedAt: this.at,
      version: (old?.version ?? 0) + 1,
      lastChange: this.#change(command, action, null, from, to, before, after),
    });
  }

  /**
   * A guest-row change that moves neither status nor counters: a message to the guest (`notify`, so it is
   * audited and its stream sends it once) or an end to the host's messages (`mute-messages`: the messenger
   * reads the flag from the row).
   */
  keepStatus(
    command: Command,
    guest: GuestRecord,
    action: "notify" | "mute-messages" | "check-in" | "erase" | "set-answers" | "reconfirm",
    notice: Notice | null,
    fields: Partial<GuestFields> = {},
  ): GuestRecord {
    const counters = countersOf(this.#event);
    return this.#write(guest, {
      ...guest,
      ...fields,
      updatedAt: this.at,
      version: guest.version + 1,
      lastChange: this.#change(command, action, notice, guest.status, guest.status, counters, counters),
    });
  }

  /**
   * A guest-row change that keeps the status but may change the party's size (a name or party edit): the
   * counter of the guest's status moves by the difference in seats, and extra seats of a guest who holds a
   * seat count as granted, so the store's cap check guards them like any other seat.
   */
  amend(command: Command, guest: GuestRecord, fields: GuestFields, action: GuestAction): GuestRecord {
    const before = countersOf(this.#event);
    const after = resizeParty(before, guest.status, seatsOf(guest), seatsOf(fields));
    const extra = seatsOf(fields) - seatsOf(guest);
    if (holdsSeat(guest.status) && extra > 0) this.#seatsGranted += extra;
    this.#event = { ...this.#event, ...after };
    if (guest.status === "requested")
      this.#event = resizeRequest(this.#event, seatsOf(guest), seatsOf(fields));
    return this.#write(guest, {
      ...fields,
      status: guest.status,
      waitlistSeq: guest.waitlistSeq,
      updatedAt: this.at,
      version: guest.version + 1,
      lastChange: this.#change(command, action, null, guest.status, guest.status, before, after),
    });
  }

  /**
   * A guest keeps their status and changes their party to `party` seats (core/party-changes.ts): `amend` with
   * the new size, recorded as a party change.
   */
  resize(command: Command, guest: GuestRecord, party: number): GuestRecord {
    return this.amend(command, guest, { ...guest, party }, "change-party");
  }

  /**
   * Moves the event's count of seats checked in at the door (core/check-in-decisions.ts). A counter on the
   * event row like the seats, so the headcount reads it without a scan; it is not a setting change.
   */
  countArrivals(seats: number): void {
    this.#event = { ...this.#event, arrived: Math.max(0, (this.#event.arrived ?? 0) + seats) };
  }

  /** Applies an event command's change to the event row, recorded as the row's last change. */
  changeEvent(command: Command, change: NonNullable<EventDecision["change"]>): void {
    const lastChange: EventChange = {
      commandId: command.commandId,
      lane: command.lane,
      at: this.at,
      action: command.type,
      ...change.detail,
    };
    this.#eventTouched = true;
    this.#event = { ...this.#event, ...change.patch, lastChange };
  }

  /**
   * The decision for the store, covering the first `consumed` commands given. Throws if it would grant seats
   * beyond the cap: no decision rule may, and the store's own check is the second line, not the first.
   */
  finish(consumed: number): BatchDecision {
    const before = this.#view.event;
    const changed = this.#writes.length > 0 || this.#eventTouched;
    const after = changed ? { ...this.#event, version: before.version + 1, updatedAt: this.at } : before;
    if (this.#seatsGranted > 0 && freeSeats(after) < 0) throw new Error("decision would exceed the cap");
    return {
      eventId: before.eventId,
      before,
      after,
      seatsGranted: this.#seatsGranted,
      guestWrites: this.#writes,
      results: this.#results,
      deferred: this.#deferred,
      consumed,
    };
  }

  #write(old: GuestRecord | null, next: GuestRecord): GuestRecord {
    this.#touchedGuests.add(next.guestId);
    // The answers counted on the event row move with the guest (rows from before the tally keep none).
    const tally = this.#event.answerTally;
    if (tally) {
      const moved = tallyGuestWrite(tally, this.#event.settings.questions, old, next);
      if (moved !== tally) this.#event = { ...this.#event, answerTally: moved };
    }
    // A new row joins the roster: counted on events that count (rows from before the count keep none).
    const size = this.#event.rosterSize;
    if (old === null && size !== undefined) this.#event = { ...this.#event, rosterSize: size + 1 };
    const reconfirm = this.#event.reconfirmTally;
    if (reconfirm) {
      const moved = tallyReconfirmWrite(reconfirm, old, next);
      if (moved !== reconfirm) this.#event = { ...this.#event, reconfirmTally: moved };
    }
    // An erased guest's row changes its address key: the address it held is touched too (and no longer theirs).
    if (old && old.emailKey !== next.emailKey) {
      this.#touchedEmails.add(old.emailKey);
      if (this.#byEmail.get(old.emailKey)?.guestId === next.guestId) this.#byEmail.delete(old.emailKey);
    }
    this.#touchedEmails.add(next.emailKey);
    this.#byId.set(next.guestId, next);
    this.#byEmail.set(next.emailKey, next);
    this.#writes.push({ old, new: next });
    return next;
  }

  /** The record of a guest-row change, as its audit entry and its stream handlers read it. */
  #change(
    command: Command,
    action: GuestAction,
    notice: Notice | null,
    from: GuestStatus | null,
    to: GuestStatus,
    countersBefore: Counters,
    countersAfter: Counters,
  ): GuestTransition {
    return {
      commandId: command.commandId,
      lane: command.lane,
      at: this.at,
      action,
      notice,
      from,
      to,
      countersBefore,
      countersAfter,
    };
  }
}
