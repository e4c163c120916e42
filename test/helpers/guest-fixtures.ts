import { countersOf, type EventRecord } from "../../contracts/event.ts";
import { GuestRecord, type GuestStatus } from "../../contracts/guest.ts";
import { baseTime } from "./factories.ts";

/** A guest's last change, as the fixtures below write it. */
type GuestChange = GuestRecord["lastChange"];

/**
 * A guest of `event` as the emails and the calendar see one: Bo Guest (bo@example.org, id g-bo), at `status`
 * from the web lane, version 2, a waitlist place of 3 while waitlisted or offered, and a last change that
 * registered them at `at` (baseTime unless told) with the event's counters on both sides. `change` patches
 * that last change; `overrides` replaces any field of the record.
 */
export function guestOf(
  event: EventRecord,
  status: GuestStatus,
  overrides: Partial<GuestRecord> = {},
  options: { at?: Date; change?: Partial<GuestChange> } = {},
): GuestRecord {
  const at = (options.at ?? baseTime).toISOString();
  const counters = countersOf(event);
  return GuestRecord.parse({
    eventId: event.eventId,
    guestId: "g-bo",
    name: "Bo Guest",
    email: "bo@example.org",
    emailKey: "bo@example.org",
    status,
    lane: "web",
    waitlistSeq: status === "waitlisted" || status === "offered" ? 3 : null,
    offer: null,
    createdAt: at,
    updatedAt: at,
    version: 2,
    lastChange: {
      commandId: "cmd-1",
      lane: "web",
      at,
      action: "register",
      notice: null,
      from: null,
      to: status,
      countersBefore: counters,
      countersAfter: counters,
      ...options.change,
    },
    ...overrides,
  });
}
