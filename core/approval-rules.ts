import { type EventRecord, requestsOf } from "../contracts/event.ts";
import type { GuestRecord, GuestStatus } from "../contracts/guest.ts";

/**
 * What approval mode (docs/approval.md) changes in what a guest sees, for pages and emails alike.
 */

/**
 * Whether the event's place, address and online link may be shown to a guest in this status (null: anyone, on
 * the public page). Hidden only with approval on and `hideLocationUntilApproved`: then only guests the host let
 * in see it — confirmed, holding an offer, waiting in line — and those the host invited.
 */
export function locationShownTo(event: Pick<EventRecord, "settings">, status: GuestStatus | null): boolean {
  if (!event.settings.approval || !event.settings.hideLocationUntilApproved) return true;
  return status === "confirmed" || status === "offered" || status === "waitlisted" || status === "pending";
}

/** Whether a guest's cancellation was the host declining their request (so their emails and pages say so). */
export function wasDeclined(guest: Pick<GuestRecord, "status" | "lastChange">): boolean {
  return guest.status === "cancelled" && guest.lastChange.action === "decline-request";
}

/**
 * The event after a guest with `seats` moves into or out of a request (approval mode): the requests waiting
 * for the host, counted apart from the seat counters, since a request holds none.
 */
export function moveRequest<E extends Pick<EventRecord, "requested">>(
  event: E,
  from: GuestStatus | null,
  to: GuestStatus,
  seats: number,
): E {
  const r = requestsOf(event);
  const step = (to === "requested" ? 1 : 0) - (from === "requested" ? 1 : 0);
  if (step === 0) return event;
  return { ...event, requested: { parties: r.parties + step, seats: r.seats + step * seats } };
}

/** The event after a waiting request changes its party from `from` to `to` seats: the requests' seats follow. */
export function resizeRequest<E extends Pick<EventRecord, "requested">>(
  event: E,
  from: number,
  to: number,
): E {
  const r = requestsOf(event);
  return from === to ? event : { ...event, requested: { parties: r.parties, seats: r.seats + to - from } };
}
