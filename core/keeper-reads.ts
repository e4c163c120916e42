import type { Command } from "../contracts/command.ts";
import { emailKey } from "../contracts/common.ts";
import type { Counters } from "../contracts/event.ts";
import { freeSeats } from "./seat-rules.ts";

/**
 * What a store reads for a batch (`GuestStore.loadView`): the rows its commands name, and whether it needs the
 * head of the line. Part of the store's contract, not of the keeper's decisions, so adapters import this file
 * and never the keeper itself.
 */

/** How much of the waitlist an offer round reads: one guest per free seat, at most what one commit holds. */
export function headLength(event: Counters, maxBatch: number): number {
  return Math.max(0, Math.min(freeSeats(event), event.waitlisted, maxBatch - 2));
}

/** The emails and guest ids a batch of commands needs to read, and whether it needs the head of the line. */
export function keysOf(commands: readonly Command[]): {
  emailKeys: string[];
  guestIds: string[];
  waitlistHead: boolean;
} {
  const emailKeys = new Set<string>();
  const guestIds = new Set<string>();
  let waitlistHead = false;
  for (const c of commands) {
    if (c.type === "register") emailKeys.add(emailKey(c.email));
    else if ("guestId" in c) guestIds.add(c.guestId);
    else if (c.type === "offer-next") waitlistHead = true;
  }
  return { emailKeys: [...emailKeys], guestIds: [...guestIds], waitlistHead };
}
