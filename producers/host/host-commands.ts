import * as z from "zod";
import { Command, SetCapacityCommand } from "../../contracts/command.ts";
import type { EventEdit, HostMessage } from "../../contracts/event.ts";
import { MAX_PARTY } from "../../contracts/settings.ts";
import type { ThankYouMode } from "../../contracts/thank-you.ts";

/**
 * The host's actions as commands, shared by the host page and the CLI (both are the "host" lane). Producers
 * only build and enqueue these; the keeper decides what they change.
 */

const capacityMessage = "capacity must be a whole number from 0 to 100,000";

/**
 * A capacity as a person types it (a form field, a command-line argument): digits only, so "1e3", "12.0" or
 * " -1" are refused with one readable message instead of being coerced; the bounds are the contract's.
 */
export const CapacityText = z
  .string({ error: capacityMessage })
  .trim()
  .regex(/^\d{1,9}$/, capacityMessage)
  .transform(Number)
  .refine((n) => SetCapacityCommand.shape.capacity.safeParse(n).success, capacityMessage);

const partyMessage = `party must be a whole number of seats from 1 to ${MAX_PARTY} (the guest included)`;

/** A party size as a person types it (a form field, a command-line option): digits only, 1 to MAX_PARTY. */
export const PartyText = z
  .string({ error: partyMessage })
  .trim()
  .regex(/^\d{1,3}$/, partyMessage)
  .transform(Number)
  .refine((n) => n >= 1 && n <= MAX_PARTY, partyMessage);

/** What a host can ask for. */
export type HostAction =
  | { type: "set-capacity"; capacity: number }
  | { type: "close-registration" }
  | { type: "reopen-registration" }
  | { type: "message-guests"; message: HostMessage }
  | { type: "notify"; guestId: string; notice: "resend-link" }
  | { type: "set-thank-you"; mode?: ThankYouMode; notes?: string }
  | { type: "approve-thanks"; body?: string }
  | { type: "edit-event"; changes: EventEdit }
  | { type: "approve-request" | "decline-request"; guestId: string }
  // The host's hand on the list (issue 14 §3).
  | { type: "remove-guest"; guestId: string; notify: boolean }
  | { type: "admit-guest"; guestId: string }
  | { type: "edit-guest"; guestId: string; name?: string; party?: number }
  | { type: "add-guest"; name: string; email: string; party: number; waitlist: boolean }
  // Door links (docs/door.md).
  | { type: "mint-door-link"; linkId: string; label: string }
  | { type: "revoke-door-link"; linkId: string };

/** Where a host command goes and under which identity (the queue's dedup key). */
export interface HostCommandMeta {
  eventId: string;
  commandId: string;
  issuedAt: Date;
}

/** The command for a host action, checked against the contract (a bug, not bad input, if it fails). */
export function hostCommand(action: HostAction, meta: HostCommandMeta): Command {
  return Command.parse({
    ...action,
    eventId: meta.eventId,
    commandId: meta.commandId,
    issuedAt: meta.issuedAt.toISOString(),
    lane: "host",
  });
}
