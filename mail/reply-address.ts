import type { EventRecord } from "../contracts/event.ts";
import type { ReplyPurpose } from "../core/link-token.ts";

/**
 * The RSVP mailbox address a guest email replies to: the guest's own signed reply address
 * (`rsvp+EVENTID.GUESTID.TAG@domain`). Only a reply to it may act for that guest (see docs/email-trust.md).
 * Which kind of email replies to it, and which to the host, `replyToOf` (guest-email-parts.ts) decides.
 */

/** Mints a guest's reply address for a purpose; null when there is none (no inbound domain configured). */
export type ReplyAddressOf = (reply: {
  eventId: string;
  guestId: string;
  purpose: ReplyPurpose;
}) => string | null;

/** The guest's signed RSVP reply address, or null when the lane receives no mail. */
export function guestMailbox(
  event: EventRecord,
  guestId: string,
  replyAddressOf: ReplyAddressOf | null | undefined,
): string | null {
  return replyAddressOf?.({ eventId: event.eventId, guestId, purpose: "rsvp" }) ?? null;
}
