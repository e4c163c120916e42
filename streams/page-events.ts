import type { EventRecord } from "../contracts/event.ts";
import type { GuestReader } from "../core/ports.ts";

/**
 * The event each change of one delivered page belongs to, read once per event: a page of a rush holds
 * hundreds of changes of the same event. Make one per page, so every page sees the event as it is then.
 */
export function pageEvents(reader: GuestReader): (eventId: string) => Promise<EventRecord | null> {
  const events = new Map<string, Promise<EventRecord | null>>();
  return (eventId) => {
    let event = events.get(eventId);
    if (!event) {
      event = reader.getEvent(eventId);
      events.set(eventId, event);
    }
    return event;
  };
}
