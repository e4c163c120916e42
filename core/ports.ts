import type { AuditEntry } from "../contracts/audit.ts";
import type { ChangeRecord } from "../contracts/change.ts";
import type { Command } from "../contracts/command.ts";
import type { EventChange, EventRecord } from "../contracts/event.ts";
import type { GuestRecord } from "../contracts/guest.ts";
import type { LinkAction } from "../contracts/link.ts";
import type { CommandResult } from "../contracts/outcome.ts";
import type {
  GuestListMarks,
  GuestListPages,
  GuestListPartRequest,
  GuestListSearchRequest,
  GuestListWindow,
  GuestListWindowRequest,
} from "./guest-list-reads.ts";

/** What the keeper reads before deciding a batch of one event's commands (see core/keeper-reads.ts). */
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
  /**
   * Timer commands that came before their time (outcome `not-yet`): not in `results`, so the store does not
   * record them as applied and the same command id is decided again when it comes back.
   */
  deferred?: CommandResult[];
  /** Of the commands given, how many this decision covers; the caller decides the rest afterwards. */
  consumed: number;
}

/** The clock is a port so tests drive time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * Why a store refused a decision. None is an error: the keeper re-reads and decides again.
 * - `no-seat`: the cap check inside the write failed (another writer took the last seat);
 * - `stale`: a row changed since it was read (guest version, address taken, command already applied);
 * - `event-missing`: the event does not exist.
 */
export type CommitConflict = "no-seat" | "stale" | "event-missing";
export type CommitResult = { ok: true } | { ok: false; conflict: CommitConflict };

/** Read side of the guest store: what pages, the CLI and stream handlers ask. */
export interface GuestReader {
  getEvent(eventId: string): Promise<EventRecord | null>;
  findEventByHostTokenHash(hostTokenHash: string): Promise<EventRecord | null>;
  getGuest(eventId: string, guestId: string): Promise<GuestRecord | null>;
  listGuests(eventId: string): Promise<GuestRecord[]>;
  /**
   * The guest holding this address on the event's list (any status: rows are never deleted), or null. The
   * key is `emailKey(address)`, what the keeper deduplicates by; one lookup, never a scan of the list.
   */
  findGuestByEmail(eventId: string, emailKey: string): Promise<GuestRecord | null>;
  /** 1-based place in line of a waitlisted guest (rank by waitlist sequence), else null. */
  waitlistPosition(eventId: string, guestId: string): Promise<number | null>;
  getCommandResult(eventId: string, commandId: string): Promise<CommandResult | null>;
  /**
   * The guest list a page at a time, in `listGuests` order, with the waitlist's order (guest ids, first in
   * line first): for lists too long to hold at once (the embedded CSV download streams it). Optional:
   * absent, callers read `listGuests`.
   */
  guestListPages?(eventId: string, pageSize?: number): Promise<GuestListPages>;
  /**
   * One page of the guest list in registration order (`createdAt`, then guest id), after or before a guest
   * of the page next to it: the host pages through the list with it rather than receive it whole (both stores:
   * an AWS answer holds at most 6 MB, and no phone can use a 100,000-guest page). Optional: absent, the list
   * is read whole.
   */
  guestListWindow?(eventId: string, request: GuestListWindowRequest): Promise<GuestListWindow>;
  /**
   * How many guests the list holds, and the key of every `every`-th guest in registration order, read without
   * the rows: where the parts of a download too long for one answer begin. With `guestListWindow`.
   */
  guestListMarks?(eventId: string, every: number): Promise<GuestListMarks>;
  /**
   * One part of a download in parts: the guests between two marks (`GuestListPartRequest`), each guest in
   * exactly one part whatever registers meanwhile, since a part is a range of registration order, not a count.
   * `hasNext` says the range held more than `request.most`. With `guestListMarks` (AWS).
   */
  guestListPart?(eventId: string, request: GuestListPartRequest): Promise<GuestListWindow>;
  /**
   * Up to `most` guests of the event whose name begins with `name` (compared as `nameFold` folds them), read
   * from an index of names, never the list; null when the store keeps no such index for this event (the caller
   * then reads the list). Optional: absent, the list is read (the embedded runtime, whose door search matches
   * any part of a name).
   */
  guestsNamed?(event: EventRecord, name: string, most: number): Promise<readonly GuestRecord[] | null>;
  /**
   * A page of the guests whose name or email contains `request.match` (case aside, `searchFold`), in
   * registration order, paged as `guestListWindow` pages (the keys are matching guests'). Optional: absent, the
   * host's page offers no search (AWS: it would read the whole roster).
   */
  guestListSearch?(eventId: string, request: GuestListSearchRequest): Promise<GuestListWindow>;
}

/**
 * The guest store: the only place guest and counter state is written, and only by the keeper, through the one
 * keeper loop (core/keeper.ts): the store loads and commits, it never decides.
 *
 * `loadView` reads what core/keeper-reads.ts says a batch needs. `commit` is ONE atomic write: the event row,
 * every guest row and a record of each command's result, all or nothing.
 *
 * The concurrency promise, which every adapter keeps: a commit succeeds only if
 * - the event row still has the version the decision was decided from (`before.version`; optimistic
 *   concurrency on the event row), when the decision changes the event (`after !== before`);
 * - every guest row it writes still has the version it was read at, and every row it creates does not exist
 *   yet (nor does another guest hold its address);
 * - none of its commands has a recorded result yet;
 * - and, whenever it grants seats, confirmed + offered <= capacity holds on the stored counters after it.
 * Otherwise nothing of it is written and the store answers with a conflict (never an error): `event-missing`
 * when the event is gone, `no-seat` when seats were granted and the stored counters leave too few free,
 * `stale` for anything else. So two decisions made from the same view cannot both land when both change the
 * event: the second is decided again from a fresh read (and a second waitlisted guest gets the next number,
 * not the same one). A decision that leaves the event row alone (only duplicates, refusals and no-ops) is
 * checked on its command records only.
 */
export interface GuestStore extends GuestReader {
  /** How many commands one commit may hold (a DynamoDB transaction holds at most 100 items). */
  readonly maxBatch: number;
  /** Creates an event; false when one with that id already exists. */
  createEvent(event: EventRecord): Promise<boolean>;
  loadView(eventId: string, commands: readonly Command[]): Promise<KeeperView | null>;
  commit(decision: BatchDecision): Promise<CommitResult>;
}

/**
 * Every event of an installation, for the operator's lists (`rsvp event list`, the admin's events page). Apart
 * from the guest store port because pages and handlers never need it: they always know their event.
 */
export interface EventDirectory {
  /** Every event, oldest first. */
  listEvents(): Promise<EventRecord[]>;
}

/**
 * Replacing an event's host link (core/host-link.ts): the one event write outside the keeper, because the new
 * token must be shown to the host at once and the token itself never travels through the queue.
 */
export interface HostLinkStore {
  /**
   * Replaces the event's host-token hash, only while it is still `fromHash` (a second renewal racing this one
   * loses), in one atomic write that also bumps the event's version and records `change` as its last change,
   * so the change stream audits it. False when the event is gone or its hash is no longer `fromHash`.
   */
  replaceHostToken(eventId: string, fromHash: string, toHash: string, change: EventChange): Promise<boolean>;
}

/**
 * The same two operations, synchronous, for a store that runs inside its caller's transaction (the embedded
 * keeper commits a batch and acknowledges its queue messages atomically). Same promise as `GuestStore.commit`.
 */
export interface SyncGuestStore {
  readonly maxBatch: number;
  loadViewSync(eventId: string, commands: readonly Command[]): KeeperView | null;
  commitSync(decision: BatchDecision): CommitResult;
}

/** A command waiting in the queue. */
export interface QueuedCommand {
  /** The queue's own handle for acknowledging or failing it. */
  receipt: string;
  command: Command;
  attempts: number;
}

/** A command that failed too often and was set aside. What a queue does not record is null. */
export interface DeadLetter {
  /** The queue's name for it, for `rsvp dlq replay --id`. */
  id: string;
  /** The event whose queue (group) it was in. */
  eventId: string;
  /** The command, or the body as text when it is not JSON. */
  command: unknown;
  /** How often the queue handed it out. */
  attempts: number;
  /** When it was first sent to the queue (UTC ISO-8601). */
  sentAt: string | null;
  /** When it was set aside (UTC ISO-8601). */
  failedAt: string | null;
  /** Why the last attempt failed. */
  lastError: string | null;
}

/** Dead letters as listed: at most the limit asked for. */
export interface DeadLetterListing {
  letters: DeadLetter[];
  /** How many the queue holds (approximate where the queue only estimates: SQS). */
  approximateTotal: number;
}

/** What became of one replay's dead letters. */
export interface ReplayReport {
  /** Put back at the end of their event's queue. */
  replayed: string[];
  /** Ids asked for that name no dead letter: nothing was replayed. */
  unknown: string[];
  /** Not commands: left where they are, since the keeper would fail them again. */
  unreadable: { id: string; reason: string }[];
  /** Refused by the command queue: left where they are. */
  failed: { id: string; code: string; message: string }[];
  /** Sent, but still among the dead letters: a later replay sends them again (harmless). */
  notDeleted: { id: string; code: string; message: string }[];
  /** Ids asked for that the queue did not hand out (SQS: it may hold them behind an earlier one). */
  missing: string[];
}

/**
 * The command queue's dead letters, as the operator lists and replays them (`rsvp dlq`). Replaying is harmless to
 * repeat: the keeper recognises commands it has already applied.
 */
export interface DeadLetters {
  list(options?: { limit?: number }): Promise<DeadLetterListing>;
  /** Replays all dead letters, those named by `ids`, and at most `limit` of them, oldest first. */
  replay(options?: { ids?: readonly string[]; limit?: number }): Promise<ReplayReport>;
}

/**
 * Finds a command among the dead letters, for the status page of a registration that never got an answer.
 * The embedded queue keeps dead letters in a table of its own and answers at once; SQS cannot look a message
 * up by its content, so the AWS runtime has no such port (its status page says the wait is unusual instead).
 */
export interface DeadLetterLookup {
  /** The dead letter holding this event's command, or null (still queued, already applied, never sent). */
  findDeadLetter(eventId: string, commandId: string): Promise<DeadLetter | null>;
}

/** The command queue: FIFO per event (the group), deduplicated by command id. */
export interface CommandQueue {
  /** Enqueue commands; one with a command id seen before is dropped. Resolves once they are durable. */
  send(commands: readonly Command[]): Promise<void>;
}

/** Consumes committed changes in order; at-least-once, so every handler must be idempotent. */
export type ChangeHandler = (changes: readonly ChangeRecord[]) => Promise<void>;

/** Audit trail storage; appending an entry whose key exists is a no-op. */
export interface AuditLog {
  append(entries: readonly AuditEntry[]): Promise<void>;
  list(eventId: string): Promise<AuditEntry[]>;
  /**
   * Replaces the actor (the guest's address) of every entry of one guest by `actor`, once their data is erased.
   * Only who acted changes: actions, statuses and counters stay, so the trail still replays (`audit verify`).
   */
  forgetGuest(eventId: string, guestId: string, actor: string): Promise<void>;
}

/**
 * A one-off timer: at `at`, its command is sent to the command queue (the event's group). Names are
 * deterministic per (guest, purpose), so cancelling is exact and booking twice is a no-op.
 */
export interface Timer {
  name: string;
  eventId: string;
  /** UTC instant, ISO-8601. */
  at: string;
  /**
   * The event's IANA time zone. The instant alone says when; Scheduler writes the schedule in the event's zone
   * where that is exact, so a person reading it sees the event's clock (see adapters/aws/scheduler-timers.ts).
   */
  timeZone: string;
  command: Command;
}

/** Timers: a table and a loop in the embedded runtime, EventBridge Scheduler on AWS. */
export interface Timers {
  /** Books timers; a name that is already booked keeps its first booking. */
  book(timers: readonly Timer[]): Promise<void>;
  /** Cancels timers by name; a name that is not booked (never, or already fired) is fine. */
  cancel(names: readonly string[]): Promise<void>;
}

/** Mints the URL of a signed link (event, guest, action, expiry) for an email. */
export interface LinkMinter {
  url(link: { eventId: string; guestId: string; action: LinkAction; expiresAt: Date }): string;
  /** The event's public page (`/e/EVENTID`, unsigned), for an email to lead back to it; absent: none. */
  eventUrl?(eventId: string): string;
  /**
   * A guest's check-in code (core/check-in-code.ts): the signed code a QR carries and the short one printed
   * under it. Absent: emails carry no check-in code.
   */
  checkInCode?(eventId: string, guestId: string): { code: string; short: string };
}

/** What a thank-you drafter is told: the event's details and the host's notes, never anything about a guest. */
export interface ThankYouRequest {
  eventName: string;
  /** The event's day on its own calendar: "Saturday 12 December 2026". */
  date: string;
  /** Local wall times: "19:00"; the end with its day when the event runs past midnight. */
  startTime: string;
  endTime: string;
  /** What the host wants the note to mention; null: nothing in particular. */
  notes: string | null;
}

/**
 * Drafts the thank-you note once per event: a model (Bedrock on AWS, when configured embedded). The draft
 * greets the guest as `{name}`, which is merged per guest by template. Throws when it cannot draft; the caller
 * then uses the template (see core/thank-you.ts), so a failing model never holds the note back.
 */
export interface ThankYouDrafter {
  draft(request: ThankYouRequest): Promise<string>;
}
