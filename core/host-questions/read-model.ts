import type { AuditEntry } from "../../contracts/audit.ts";
import { emailKey } from "../../contracts/common.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord, GuestStatus } from "../../contracts/guest.ts";
import type { Answers } from "../../contracts/questions.ts";
import type { AuditLog, GuestReader } from "../ports.ts";
import { waitlistPositions } from "../seat-rules.ts";

/** One guest as the host's questions see it: who, where they stand, and since when. */
export interface HostGuest {
  guestId: string;
  name: string;
  email: string;
  status: GuestStatus;
  /** 1-based place in line while waitlisted, else null. */
  waitlistPosition: number | null;
  /** Until when an offered seat is held (UTC), while the guest is offered; else null. */
  offerExpiresAt: string | null;
  registeredAt: string;
  /** When the guest's status (or anything else about them) last changed (UTC). */
  updatedAt: string;
  /** The guest's answers to the event's questions, by question id (counted by the `count_answers` tool). */
  answers: Answers;
}

/** Which guests to list: by status (any of them) and/or by normalised address. */
export interface GuestQuery {
  statuses?: readonly GuestStatus[];
  emailKey?: string;
}

/**
 * Everything the host's questions may read about ONE event, and nothing else: the event with its counters, its
 * guests, its audit trail. It has no method that writes, and it is bound to one event, so neither the
 * assistant nor the intent matcher can change anything or see another host's event, whatever they are asked:
 * they are never handed a GuestStore, a CommandQueue or an event id to choose.
 */
export interface HostReadModel {
  event(): Promise<EventRecord>;
  guests(query?: GuestQuery): Promise<HostGuest[]>;
  /**
   * Audit entries at or after `since` (and before `until`, when given), oldest first; null where no audit
   * trail is kept.
   */
  auditSince(since: Date, until?: Date): Promise<AuditEntry[] | null>;
}

/** The guests with their places in line: the rank by waitlist sequence among the waitlisted. */
function hostGuests(guests: readonly GuestRecord[]): HostGuest[] {
  const position = waitlistPositions(guests);
  return guests.map((g) => ({
    guestId: g.guestId,
    name: g.name,
    email: g.email,
    status: g.status,
    waitlistPosition: position.get(g.guestId) ?? null,
    offerExpiresAt: g.status === "offered" ? (g.offer?.expiresAt ?? null) : null,
    registeredAt: g.createdAt,
    updatedAt: g.updatedAt,
    answers: g.answers ?? {},
  }));
}

/**
 * The read model of one event over the read side of the ports. Each source is read at most once per model
 * (one model answers one question), so an answer's tools see one consistent snapshot and a question costs
 * one read of each source, however many tools it calls. The returned object holds only these closures: the
 * reader and the audit log it was built from cannot be reached through it.
 */
export function hostReadModel(
  reader: Pick<GuestReader, "getEvent" | "listGuests">,
  audit: Pick<AuditLog, "list"> | null,
  eventId: string,
  /** The event as the caller just read it (the host page found it by its token), to save reading it again. */
  known?: EventRecord,
): HostReadModel {
  let event: Promise<EventRecord> | undefined = known ? Promise.resolve(known) : undefined;
  let guests: Promise<HostGuest[]> | undefined;
  let entries: Promise<AuditEntry[]> | undefined;
  return {
    event: () => {
      event ??= reader.getEvent(eventId).then((e) => {
        if (!e) throw new Error(`event ${eventId} vanished while a question about it was answered`);
        return e;
      });
      return event;
    },
    guests: async (query = {}) => {
      guests ??= reader.listGuests(eventId).then(hostGuests);
      const statuses = query.statuses && query.statuses.length > 0 ? new Set(query.statuses) : null;
      return (await guests).filter(
        (g) =>
          (!statuses || statuses.has(g.status)) &&
          (query.emailKey === undefined || emailKey(g.email) === query.emailKey),
      );
    },
    auditSince: async (since, until) => {
      if (!audit) return null;
      entries ??= audit.list(eventId);
      const from = since.getTime();
      const to = until?.getTime() ?? Number.POSITIVE_INFINITY;
      return (await entries).filter((e) => {
        const at = Date.parse(e.at);
        return at >= from && at < to;
      });
    },
  };
}
