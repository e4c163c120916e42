import { createHash } from "node:crypto";
import { defaultAccent } from "../../contracts/accent.ts";
import { EventEdit, type EventRecord, eventEnd } from "../../contracts/event.ts";
import { applyEventEdit } from "../../core/event-edit.ts";
import { createEventRecord } from "../../core/event-factory.ts";
import { renewHostLink } from "../../core/host-link.ts";
import { hashHostToken, mintHostToken } from "../../core/host-token.ts";
import type { Clock, CommandQueue, EventDirectory, GuestStore, HostLinkStore } from "../../core/ports.ts";
import { type HostAction, hostCommand } from "../host/host-commands.ts";
import { type EventFormData, shownSettings } from "./admin-forms.ts";

/**
 * What the admin area does, and nothing more: the seam between its pages and the rest of rsvp. The routes
 * (admin-routes.ts) call only this; `storeAdminService` implements it on the stores and the keeper: every
 * change of an event is a host command the keeper applies (audited, like the host page's and `rsvp event edit`'s),
 * and a new host link is `renewHostLink`'s (audited too).
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
   * Queues the change of an event's name, time, details and settings (one `edit-event` command) and of its
   * capacity (`set-capacity`) for the keeper, under ids derived from `requestId` (the form's id): the same form
   * sent twice is one change. The keeper raises the calendar sequence and the guests are told when the date,
   * time or place change. The ids of the commands queued (none when nothing changes); null: no such event.
   */
  editEvent(eventId: string, data: EventFormData, requestId: string): Promise<string[] | null>;
  /**
   * Why the keeper refused one of these commands (the ids `editEvent` returned), in the owner's words' key
   * (`pages.host.refusal.<reason>`), or null: none refused, or none decided yet.
   */
  refusalOf(eventId: string, commandIds: readonly string[]): Promise<string | null>;
  /** Closes or reopens registration (a command the keeper applies). */
  setRegistration(eventId: string, open: boolean, requestId: string): Promise<void>;
  /** A new host link for the event; the old one stops working. Null when there is no such event. */
  rotateHostLink(eventId: string): Promise<string | null>;
  /** How many guests hear of a change of date, time or place: those confirmed, offered a seat or waiting. */
  guestsToTell(eventId: string): Promise<number>;
}

export interface StoreAdminServiceDeps {
  store: GuestStore & EventDirectory & HostLinkStore;
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

/**
 * The edit a form asks for, as the keeper's command takes it: every field the form shows (an emptied one
 * cleared), the times only when they differ from the event's, so an event that has started can still be renamed.
 * The reply-to address and the settings the form does not show are not changed.
 */
export function eventEditOf(event: EventRecord, data: EventFormData): EventEdit {
  const { location } = data.details;
  const timesChanged =
    Date.parse(event.startsAt) !== data.startsAt.getTime() ||
    eventEnd(event).getTime() !== data.endsAt.getTime() ||
    event.timeZone !== data.timeZone;
  return EventEdit.parse({
    name: data.name,
    ...(timesChanged
      ? { startsAt: data.startsAt.toISOString(), endsAt: data.endsAt.toISOString(), timeZone: data.timeZone }
      : {}),
    description: data.details.description,
    place: location.place ?? null,
    address: location.address ?? null,
    onlineUrl: location.onlineUrl ?? null,
    onlineUrlConfirmedOnly: location.onlineUrlConfirmedOnly ?? false,
    hostName: data.details.hostName ?? null,
    language: data.details.language,
    accent: data.details.accent ?? defaultAccent,
    settings: shownSettings(data.settings),
  });
}

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

    async refusalOf(eventId, commandIds) {
      for (const commandId of commandIds) {
        const outcome = (await store.getCommandResult(eventId, commandId))?.outcome;
        if (outcome?.kind === "refused") return outcome.reason;
      }
      return null;
    },
    async editEvent(eventId, data, requestId) {
      const event = await store.getEvent(eventId);
      if (!event) return null;
      const changes = eventEditOf(event, data);
      const actions: HostAction[] = [
        ...(applyEventEdit(event, changes).changed.length > 0
          ? [{ type: "edit-event" as const, changes }]
          : []),
        ...(data.capacity !== event.capacity
          ? [{ type: "set-capacity" as const, capacity: data.capacity }]
          : []),
      ];
      const commands = actions.map((action) =>
        hostCommand(action, { eventId, commandId: commandIdFor(requestId, action), issuedAt: clock.now() }),
      );
      if (commands.length > 0) await queue.send(commands);
      return commands.map((command) => command.commandId);
    },

    async setRegistration(eventId, open, requestId) {
      await send(eventId, { type: open ? "reopen-registration" : "close-registration" }, requestId);
    },

    async rotateHostLink(eventId) {
      const renewed = await renewHostLink(store, eventId, clock.now());
      return renewed?.hostToken ?? null;
    },

    async guestsToTell(eventId) {
      const guests = await store.listGuests(eventId);
      return guests.filter(
        (g) => g.status === "confirmed" || g.status === "offered" || g.status === "waitlisted",
      ).length;
    },
  };
}
