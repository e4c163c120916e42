import { createHash } from "node:crypto";
import type { EventRecord } from "../../contracts/event.ts";
import type { EventAdminStore } from "../../core/event-admin.ts";
import { createEventRecord } from "../../core/event-factory.ts";
import { hashHostToken, mintHostToken } from "../../core/host-token.ts";
import type { Clock, CommandQueue, GuestStore } from "../../core/ports.ts";
import { type HostAction, hostCommand } from "../host/host-commands.ts";
import type { EventFormData } from "./admin-forms.ts";

/**
 * What the admin area does, and nothing more: the seam between its pages and the rest of rsvp. The routes
 * (admin-routes.ts) call only this; `storeAdminService` implements it with what the stores and the keeper
 * offer today, and can be swapped for the keeper's edit-event command and host-token rotation when they land.
 */
export interface AdminService {
  /** Every event, soonest first. */
  listEvents(): Promise<EventRecord[]>;
  getEvent(eventId: string): Promise<EventRecord | null>;
  /**
   * Creates an event under an id derived from `requestId` (the form's id): the same form sent twice creates
   * one event, and the second answer is `created: false`. The host token is in the result only.
   */
  createEvent(
    data: EventFormData,
    requestId: string,
  ): Promise<{ created: true; event: EventRecord; hostToken: string } | { created: false; eventId: string }>;
  /**
   * Changes an event's name, time, details and settings; a new capacity goes to the keeper as a command.
   * Null when there is no such event.
   */
  editEvent(eventId: string, data: EventFormData, requestId: string): Promise<EventRecord | null>;
  /** Closes or reopens registration (a command the keeper applies). */
  setRegistration(eventId: string, open: boolean, requestId: string): Promise<void>;
  /** A new host link for the event; the old one stops working. Null when there is no such event. */
  rotateHostLink(eventId: string): Promise<string | null>;
  /** How many guests hear of a change of date, time or place: those confirmed, offered a seat or waiting. */
  guestsToTell(eventId: string): Promise<number>;
}

export interface StoreAdminServiceDeps {
  store: Pick<GuestStore, "createEvent" | "getEvent" | "listGuests"> & EventAdminStore;
  queue: CommandQueue;
  clock: Clock;
}

/**
 * An event id from a form's id: 72 bits as 14 lowercase letters and digits, like `rsvp event create`'s random
 * ids (lowercase, because the id is the tag of the event's reply address; see cli/new-event.ts).
 */
function eventIdFor(requestId: string): string {
  const digest = createHash("sha256").update(`admin-create:${requestId}`).digest("hex").slice(0, 18);
  return BigInt(`0x${digest}`).toString(36).padStart(14, "0");
}

/** A command id for an admin action: the same request asking the same thing is the same command. */
const commandIdFor = (requestId: string, action: HostAction) =>
  `a-${createHash("sha256")
    .update(JSON.stringify([requestId, action]))
    .digest("base64url")
    .slice(0, 32)}`;

/** The admin service on a guest store and the command queue: what runs on both runtimes today. */
export function storeAdminService(deps: StoreAdminServiceDeps): AdminService {
  const { store, queue, clock } = deps;

  const send = async (eventId: string, action: HostAction, requestId: string) =>
    queue.send([
      hostCommand(action, { eventId, commandId: commandIdFor(requestId, action), issuedAt: clock.now() }),
    ]);

  return {
    async listEvents() {
      const events = await store.listEvents();
      return events.sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
    },

    getEvent: (eventId) => store.getEvent(eventId),

    async createEvent(data, requestId) {
      const hostToken = mintHostToken();
      const event = createEventRecord(
        {
          eventId: eventIdFor(requestId),
          name: data.name,
          startsAtLocal: data.startsAtLocal,
          endsAtLocal: data.endsAtLocal,
          timeZone: data.timeZone,
          capacity: data.capacity,
          hostTokenHash: hashHostToken(hostToken),
          settings: data.settings,
          details: data.details,
        },
        clock.now(),
      );
      if (await store.createEvent(event)) return { created: true, event, hostToken };
      return { created: false, eventId: event.eventId };
    },

    async editEvent(eventId, data, requestId) {
      const before = await store.getEvent(eventId);
      if (!before) return null;
      const moved =
        Date.parse(before.startsAt) !== data.startsAt.getTime() ||
        before.timeZone !== data.timeZone ||
        JSON.stringify(before.details.location) !== JSON.stringify(data.details.location);
      const after = await store.adminUpdateEvent(eventId, {
        name: data.name,
        startsAt: data.startsAt.toISOString(),
        endsAt: data.endsAt.toISOString(),
        timeZone: data.timeZone,
        details: data.details,
        settings: data.settings,
        // A guest's calendar replaces its entry only when the sequence rises (RFC 5545).
        calendarSequence: before.calendarSequence + (moved ? 1 : 0),
        updatedAt: clock.now().toISOString(),
      });
      if (after && data.capacity !== before.capacity)
        await send(eventId, { type: "set-capacity", capacity: data.capacity }, requestId);
      return after;
    },

    async setRegistration(eventId, open, requestId) {
      await send(eventId, { type: open ? "reopen-registration" : "close-registration" }, requestId);
    },

    async rotateHostLink(eventId) {
      const hostToken = mintHostToken();
      const done = await store.adminReplaceHostTokenHash(
        eventId,
        hashHostToken(hostToken),
        clock.now().toISOString(),
      );
      return done ? hostToken : null;
    },

    async guestsToTell(eventId) {
      const guests = await store.listGuests(eventId);
      return guests.filter(
        (g) => g.status === "confirmed" || g.status === "offered" || g.status === "waitlisted",
      ).length;
    },
  };
}
