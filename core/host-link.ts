import { hashHostToken, mintHostToken } from "./host-token.ts";
import type { GuestReader, HostLinkStore } from "./ports.ts";

/** A new host link: the token (shown once, never stored) and the path of the host page it opens. */
export interface RenewedHostLink {
  eventId: string;
  hostToken: string;
  hostPath: string;
}

/** The audit's name for a renewed host link (the event row's `lastChange.action`). */
export const renewHostLinkAction = "new-host-link";

/**
 * Mints a new host link for an event whose host lost theirs (or whose link leaked): the event's stored
 * hash is replaced, so the old link stops working at once, and the replacement is audited like any host action.
 * Used by `rsvp event host-link` (both runtimes) and the admin area. Null when the event does not exist.
 * A renewal that races another one (two clicks) retries against the hash the other left: each caller gets a
 * working link until the next renewal, and only the last one works in the end.
 */
export async function renewHostLink(
  store: GuestReader & HostLinkStore,
  eventId: string,
  now: Date,
  options: { commandId?: string; lane?: "host" | "system" } = {},
): Promise<RenewedHostLink | null> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const event = await store.getEvent(eventId);
    if (!event) return null;
    const hostToken = mintHostToken();
    const change = {
      commandId: options.commandId ?? `host-link-${now.getTime()}-${hashHostToken(hostToken).slice(0, 12)}`,
      lane: options.lane ?? "host",
      at: now.toISOString(),
      action: renewHostLinkAction,
    };
    if (await store.replaceHostToken(eventId, event.hostTokenHash, hashHostToken(hostToken), change))
      return { eventId, hostToken, hostPath: `/h/${hostToken}` };
  }
  throw new Error(`could not replace the host link of event ${eventId}: it kept changing`);
}
