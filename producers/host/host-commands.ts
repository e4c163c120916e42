import * as z from "zod";
import { Command, SetCapacityCommand } from "../../contracts/command.ts";
import type { EventEdit, HostMessage } from "../../contracts/event.ts";
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
  | { type: "approve-request" | "decline-request"; guestId: string };

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
